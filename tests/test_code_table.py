"""Adding a code is one row in flake8_netns/codes.py plus its page, its rule
and its eval file: the suite's lists of codes come from the table, so a new
row reaches every table-driven check with no edit to the tests."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

import tests.test_docs as docs_tests
import tests.test_integration as integration_tests
from flake8_netns.codes import CODES, Code
from tests.helpers import opt_in_args
from tests.test_eval_files import Expected, parse_expect, rules_without_eval_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
NEW = Code("NS999", False, "a code added to the table",
           "{thing} is what the new rule found: do something else")


def test_a_new_row_reaches_the_table_driven_checks(add_code):
    add_code(NEW)
    # the eval files and the checks that select every opt-in code select it
    assert opt_in_args()[1].split(",")[-1] == "NS999"
    # eval files may expect it, with the fields of its message
    assert parse_expect("x()  # expect: NS999:4 thing=x", 7) == [
        Expected(7, "NS999", 4, (("thing", "x"),))]
    # and each check that wants one file per code misses the new one
    assert rules_without_eval_file() == ["NS999"]
    with pytest.raises(AssertionError, match="NS999.md"):
        docs_tests.test_every_code_has_a_page_and_every_page_a_code()
    # flake8 ignores it by default and selects it when named, and the
    # integration tests of that read the table, so they pass with it
    assert "NS999" in integration_tests.decisions()
    integration_tests.test_opt_in_codes_are_ignored_by_default()
    integration_tests.test_opt_in_codes_are_selected_with_extend_select()
    integration_tests.test_a_prefix_shorter_than_four_characters_names_nothing()


# Loaded with `-p` before pytest collects: a code table with one row more,
# as the package would be with that row written into codes.py.
_PLUGIN = textwrap.dedent("""
    from flake8_netns.codes import CODES, Code
    from tests.conftest import add_row

    add_row(Code("NS999", False, "a code added to the table", "{thing} found"),
            setattr, lambda d, k, v: d.__setitem__(k, v))
""")


@pytest.mark.slow
def test_a_new_row_reaches_the_parametrized_tests(tmp_path):
    (tmp_path / "ns999_row.py").write_text(_PLUGIN)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")]))
    checks = ["tests/test_docs.py::test_every_code_has_a_page_and_every_page_a_code",
              "tests/test_docs.py::test_page_shape",
              "tests/test_eval_files.py::test_every_rule_has_an_eval_file"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "ns999_row", "-p",
         "no:cacheprovider", "-rf", *checks],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    failed = sorted(line.split()[1] for line in run.stdout.splitlines()
                    if line.startswith("FAILED "))
    # the per-code tests gained an NS999 case, and the new code's missing
    # page and eval file are what fails; every other code still passes
    assert failed == [
        "tests/test_docs.py::test_every_code_has_a_page_and_every_page_a_code",
        "tests/test_docs.py::test_page_shape[NS999]",
        "tests/test_eval_files.py::test_every_rule_has_an_eval_file"], run.stdout
    assert f"3 failed, {len(CODES)} passed" in run.stdout, run.stdout
