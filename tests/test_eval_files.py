"""One small source file per code under eval_files/; each line that must be
reported carries `# expect: CODE[, CODE]` at its end. Every other line must
stay silent. Checked through the checker API and a real flake8 run.

A file may start with `# flake8-args: ARGS` to run with extra options.
"""
from __future__ import annotations

import pathlib
import re
import shlex

import pytest

from tests.helpers import api_findings, flake8_findings

EVAL_DIR = pathlib.Path(__file__).parent / "eval_files"
EXPECT = re.compile(r"#\s*expect:\s*(NS\d{3}(?:\s*,\s*NS\d{3})*)")
OPT_IN = ("--extend-select", "NS103,NS105,NS402")


def expected(source: str):
    found = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in match.group(1).split(","):
                found.add((number, code.strip()))
    return sorted(found)


def extra_args(source: str):
    first = source.splitlines()[0] if source else ""
    if first.startswith("# flake8-args:"):
        return shlex.split(first.split(":", 1)[1])
    return []


FILES = sorted(EVAL_DIR.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_checker_api(path):
    source = path.read_text()
    got = api_findings(source, *OPT_IN, *extra_args(source), filename=str(path))
    assert sorted({(line, code) for line, _, code in got}) == expected(source)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_flake8(path):
    source = path.read_text()
    got = flake8_findings(source, *OPT_IN, *extra_args(source),
                          display_name=str(path))
    assert sorted({(line, code) for line, _, code in got}) == expected(source)
