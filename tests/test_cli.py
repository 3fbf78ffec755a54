"""`python -m flake8_netns`: the version, and `explain` for a code, a family
or something that is neither."""
from __future__ import annotations

import subprocess
import sys

import pytest

from flake8_netns import __version__, docs
from flake8_netns.codes import CODES


def cli(*args):
    return subprocess.run([sys.executable, "-m", "flake8_netns", *args],
                          capture_output=True, text=True, timeout=60)


def test_version():
    run = cli("--version")
    assert (run.returncode, run.stdout, run.stderr) == (
        0, f"flake8-netns {__version__}\n", "")


@pytest.mark.parametrize("family", ["NS1", "ns1"])
def test_explain_a_family_lists_its_codes(family):
    run = cli("explain", family)
    assert run.returncode == 0, run.stderr
    rows = run.stdout.split("\n\n")[0].splitlines()
    assert rows == [
        f"{code}  {'on' if CODES[code].default_on else 'opt-in':<6}  "
        f"{CODES[code].title}"
        for code in ("NS101", "NS102", "NS103", "NS104", "NS105")]
    assert "explain NS101" in run.stdout


def test_explain_a_prefix_lists_its_codes():
    run = cli("explain", "NS40")
    assert [line.split()[0] for line in run.stdout.splitlines()
            if line.startswith("NS")] == ["NS401", "NS402"]


def test_explain_a_code_prints_its_page():
    run = cli("explain", "NS101")
    assert (run.returncode, run.stdout) == (0, docs.page("NS101"))


@pytest.mark.parametrize("code", ["NS9", "NS1011", "B950", "N"])
def test_explain_unknown_is_a_helpful_error(code):
    run = cli("explain", code)
    assert run.returncode == 2
    assert run.stdout == ""
    [line] = run.stderr.splitlines()
    assert f"no code or family {code!r}" in line
    assert "NS101" in line and "NS1," in line
    assert "python -m flake8_netns codes" in line
