"""The rule pages are part of the contract: one per code, in one shape, with
examples that really do what the page says."""
from __future__ import annotations

import importlib.resources
import re

import pytest
from flake8.options.parse_args import parse_args

from flake8_netns import docs
from flake8_netns.codes import CODES
from tests.helpers import (
    api_findings, api_results, flake8_findings, flake8_results, opt_in_args)
from tests.runners import Runner

SECTIONS = ["What it does", "Why is this bad", "Example", "Use instead",
            "Options"]
# NS001 is the plugin's own failure: no code can show it on purpose.
RULES = [code for code in CODES if code != "NS001"]
# the examples run through the checker API in the quick loop and through a
# flake8 process in the full suite
FINDINGS = [api_findings, pytest.param(flake8_findings, marks=pytest.mark.slow)]
RESULTS = [api_results, pytest.param(flake8_results, marks=pytest.mark.slow)]


def test_every_code_has_a_page_and_every_page_a_code():
    shipped = {p.name for p in importlib.resources.files(docs).iterdir()
               if p.name.endswith(".md")}
    assert shipped == {f"{code}.md" for code in CODES}


@pytest.mark.parametrize("code", list(CODES))
def test_page_shape(code):
    page = docs.page(code)
    assert page.startswith(f"# {code}: {CODES[code].title}\n")
    assert list(docs.sections(code))[1:] == SECTIONS
    header = docs.sections(code)[""]
    if CODES[code].default_on:
        assert "*On by default.*" in header
    else:
        assert f"--extend-select {code}" in header
        assert f"--extend-select {code}" in docs.sections(code)["Options"]


@pytest.mark.parametrize("code", list(CODES))
def test_page_names_the_cwes_of_the_table(code):
    """The page names the CWEs the code table gives (SARIF tags with them)."""
    assert docs.cwes(code) == [f"CWE-{n}" for n in CODES[code].cwes]


def test_every_rule_names_a_cwe():
    assert [code for code in RULES if not CODES[code].cwes] == []


def test_ns001_example_is_the_message_the_boundary_writes():
    constant_start = CODES["NS001"].message(error="\0").split("\0")[0]
    assert constant_start in docs.sections("NS001")["Example"]


def _block(code, section):
    blocks = docs.python_blocks(docs.sections(code)[section])
    assert len(blocks) == 1, f"{code} {section}: one python block expected"
    return blocks[0]


@pytest.mark.parametrize("run", FINDINGS)
@pytest.mark.parametrize("code", RULES)
def test_example_triggers_its_code_only(code, run):
    found = run(_block(code, "Example"), *opt_in_args())
    assert {c for _, _, c in found} == {code}, found


_TEXT_BLOCK = re.compile(r"^```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _shows_output(code: str) -> bool:
    try:
        return bool(_TEXT_BLOCK.search(docs.sections(code).get("Example", "")))
    except docs.NoPage:
        return False   # a code with no page yet: test_page_shape says so


SHOWING_OUTPUT = [code for code in RULES if _shows_output(code)]


@pytest.mark.parametrize("run", RESULTS)
@pytest.mark.parametrize("code", SHOWING_OUTPUT)
def test_example_reports_what_the_page_shows(code, run):
    """A page that shows what flake8 reports for its example (`LINE:COL:
    MESSAGE`, flake8's 1-based column) shows exactly that."""
    shown = _TEXT_BLOCK.findall(docs.sections(code)["Example"])
    assert len(shown) == 1
    found = run(_block(code, "Example"), *opt_in_args())
    assert [f"{f.line}:{f.col + 1}: {f.text}" for f in found] == \
        shown[0].strip().splitlines()


def test_every_ns1_page_shows_its_message():
    assert [code for code in RULES if code.startswith("NS1")
            and code not in SHOWING_OUTPUT] == []


@pytest.mark.parametrize("run", FINDINGS)
@pytest.mark.parametrize("code", RULES)
def test_use_instead_is_clean(code, run):
    assert run(_block(code, "Use instead"), *opt_in_args()) == []


def test_options_named_in_pages_exist():
    _, options = parse_args(["--isolated"])
    named = set()
    for code in CODES:
        named.update(re.findall(r"--(netns-[a-z-]+)", docs.page(code)))
    assert named
    unknown = {n for n in named if not hasattr(options, n.replace("-", "_"))}
    assert unknown == set()


def test_explain_prints_the_page(python_m: Runner):
    run = python_m("flake8_netns", ["explain", "ns101"])
    assert run.returncode == 0
    assert run.stdout == docs.page("NS101")


@pytest.mark.parametrize("code", ["NS999", "E501", "../NS101", ""])
def test_explain_unknown_code(code, python_m: Runner):
    run = python_m("flake8_netns", ["explain", code])
    assert run.returncode == 2
    assert run.stdout == ""
    assert "python -m flake8_netns codes" in run.stderr


def test_codes_lists_every_code_with_its_default_state(python_m: Runner):
    run = python_m("flake8_netns", ["codes"])
    assert run.returncode == 0
    rows = [line.split(None, 2) for line in run.stdout.splitlines()]
    assert [(c, state) for c, state, _ in rows] == [
        (c.code, "on" if c.default_on else "opt-in") for c in CODES.values()]
    assert [title for _, _, title in rows] == [
        c.title for c in CODES.values()]
