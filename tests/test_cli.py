"""`python -m flake8_netns`: the version, and `explain` for a code, a family
or something that is neither. It runs through `python_m` (conftest.py): in
this process in the quick loop, as a child process in the full suite."""
from __future__ import annotations

import pytest

from flake8_netns import __version__, docs
from flake8_netns.codes import CODES


@pytest.fixture
def cli(python_m):
    return lambda *args: python_m("flake8_netns", args)


def family(prefix: str) -> list[str]:
    """The codes of the table that start with `prefix`, in table order."""
    return [code for code in CODES if code.startswith(prefix)]


def test_version(cli):
    run = cli("--version")
    assert (run.returncode, run.stdout, run.stderr) == (
        0, f"flake8-netns {__version__}\n", "")


@pytest.mark.parametrize("family_name", ["NS1", "ns1"])
def test_explain_a_family_lists_its_codes(cli, family_name):
    run = cli("explain", family_name)
    assert run.returncode == 0, run.stderr
    rows = run.stdout.split("\n\n")[0].splitlines()
    assert rows == [
        f"{code}  {'on' if CODES[code].default_on else 'opt-in':<6}  "
        f"{CODES[code].title}"
        for code in family("NS1")]
    assert f"explain {family('NS1')[0]}" in run.stdout


def test_explain_a_prefix_lists_its_codes(cli):
    run = cli("explain", "NS40")
    assert [line.split()[0] for line in run.stdout.splitlines()
            if line.startswith("NS")] == family("NS40")


def test_explain_a_code_prints_its_page(cli):
    run = cli("explain", "NS101")
    assert (run.returncode, run.stdout) == (0, docs.page("NS101"))


@pytest.mark.parametrize("code", ["NS9", "NS1011", "B950", "N"])
def test_explain_unknown_is_a_helpful_error(cli, code):
    run = cli("explain", code)
    assert run.returncode == 2
    assert run.stdout == ""
    [line] = run.stderr.splitlines()
    assert f"no code or family {code!r}" in line
    assert "NS101" in line and "NS1," in line
    assert "python -m flake8_netns codes" in line
