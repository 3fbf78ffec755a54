"""The seed file of RULES.md gives exactly its findings (issue 12).

The real check needs neutron 10.0.5's sdist from the package index, so it
runs only when NETNS_NETWORK=1 or NETNS_CORPUS is set (the file is then
kept in bench/.trees/ and reused); otherwise it is skipped and says why.
The machinery of bench/seed_file.py is also checked offline, on a file put
where the download would go.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
from typing import Sequence

import pytest

from bench import seed_file
from tests.runners import Runner


def _network_allowed() -> bool:
    return os.environ.get("NETNS_NETWORK") == "1" or bool(os.environ.get("NETNS_CORPUS"))


@pytest.mark.network
@pytest.mark.slow
def test_seed_file_gives_exactly_its_findings():
    if not _network_allowed():
        pytest.skip("needs neutron 10.0.5's sdist: set NETNS_NETWORK=1 (or "
                    "NETNS_CORPUS) to fetch it into bench/.trees/")
    parts = seed_file.check()
    assert [p.name for p in parts] == ["default", "opt-in"]
    assert all(part.passed for part in parts), seed_file.report(parts)


STAND_IN = '''
import subprocess


def plug(interface_name):
    cmd = ['sysctl', '-w', 'net.ipv4.conf.%s.proxy_arp=1' % interface_name]
    subprocess.call(cmd)
    # TODO(alice): where does the port get deleted?
    # TODO(bob): rename this helper
'''


class _Flake8Through:
    """Stands in for the `subprocess` module of bench/seed_file.py: its
    `python -m flake8` runs go through a runner (flake8's main() in this
    process in the quick loop, a child process in the full suite)."""

    def __init__(self, python_m: Runner) -> None:
        self._python_m = python_m

    def run(self, command: Sequence[str], cwd: str | os.PathLike[str] | None = None,
            **_ignored: object) -> subprocess.CompletedProcess[str]:
        assert list(command[:3]) == [sys.executable, "-m", "flake8"], command
        return self._python_m("flake8", command[3:], cwd=cwd)


def test_the_check_reads_a_real_flake8_run(tmp_path: pathlib.Path, python_m: Runner,
                                           monkeypatch: pytest.MonkeyPatch):
    """A stand-in put where the download goes: no network, a real flake8
    run, and every difference from the expected sets reported."""
    monkeypatch.setattr(seed_file, "subprocess", _Flake8Through(python_m))
    name, version = seed_file.PINNED.split("==")
    path = tmp_path / f"{name}-{version}" / seed_file.SEED
    path.parent.mkdir(parents=True)
    path.write_text(textwrap.dedent(STAND_IN))
    default, opt_in = seed_file.check(tmp_path)
    assert [(line, col, code) for line, col, code, _ in default.found] == [(8, 5, "NS401")]
    assert [(line, col, code) for line, col, code, _ in opt_in.found] == [
        (6, 28, "NS103"), (8, 5, "NS401"), (9, 5, "NS402")]
    assert not default.passed and not opt_in.passed
    assert default.missing == [(217, None, "NS401"), (225, None, "NS401")]
    assert [f[:3] for f in opt_in.extra] == [
        (6, 28, "NS103"), (8, 5, "NS401"), (9, 5, "NS402")]
    report = seed_file.report([default, opt_in])
    assert "default: FAIL" in report and "missing NS103 at 179:32" in report


def test_an_expected_column_must_match():
    part = seed_file.Part("opt-in", (), {(179, 32, "NS103")},
                          found=[(179, 9, "NS103", "at the call")])
    assert part.missing == [(179, 32, "NS103")]
    assert not part.passed
    part.found = [(179, 32, "NS103", "at the element")]
    assert part.passed
