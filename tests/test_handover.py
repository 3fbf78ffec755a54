"""Under flake8, the tree plugin's findings reach flake8 through the
logical-line reporter (`handover.py`), after flake8's tree phase: flake8
builds its `# noqa` map (every token of the file) on the first report, and a
report during the tree phase would make it hold the tree and the tokens at
once. Positions, `# noqa`, the order of files, stdin and -j stay as they
were."""
from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_netns import handover
from flake8_netns.plugin import NetnsChecker
from tests.helpers import flake8_run
from tests.runners import in_this_process

SOURCE = textwrap.dedent("""\
    import os


    def up(dev):
        os.system("ip link set %s up" % dev)
        os.system("ip link set %s down" % dev)  # noqa: NS101
        # TODO: the port is never deleted
""")
FORMAT = ("--format", "%(path)s:%(row)d:%(col)d:%(code)s")
EXPECTED = ["5:5:NS101", "7:5:NS401"]


def _ns(stdout: str) -> list[str]:
    return [":".join(row.split(":")[-3:]) for row in stdout.split()
            if ":NS" in row]


def test_flake8_gets_findings_from_the_reporter_not_the_tree_phase(tmp_path, monkeypatch):
    # the tree plugin yields nothing to flake8; every finding, at its own
    # place, comes from the reporter, and `# noqa` still hides its line
    yielded: list[object] = []
    original = NetnsChecker.run

    def run(self):
        for item in original(self):
            yielded.append(item)
            yield item

    monkeypatch.setattr(NetnsChecker, "run", run)
    path = tmp_path / "agent.py"
    path.write_text(SOURCE)
    run_ = in_this_process("flake8", ["--isolated", *FORMAT, str(path)])
    assert _ns(run_.stdout) == EXPECTED
    assert yielded == []


@pytest.mark.parametrize("source, expected", [
    ("# TODO: the lock is never released\n", ["1:1:NS401"]),
    ('"""Only a docstring."""\n# TODO: the port is never deleted\n', ["2:1:NS401"]),
    ("\n\n", []),
    ("", []),
])
def test_files_with_few_logical_lines(tmp_path, python_m, source, expected):
    path = tmp_path / "odd.py"
    path.write_text(source)
    assert _ns(python_m("flake8", ["--isolated", *FORMAT, str(path)]).stdout) == expected


@pytest.mark.slow
def test_several_files_in_worker_processes(tmp_path):
    # each -j worker is a process of its own, with its own kept findings
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(SOURCE)
    out = flake8_run(["--isolated", "-j2", *FORMAT, str(tmp_path)]).stdout
    rows = [row for row in out.split() if ":NS" in row]
    assert [row.split(":")[0].rsplit("/", 1)[-1] for row in rows] == [
        "a.py", "a.py", "b.py", "b.py", "c.py", "c.py"]
    assert _ns(out) == EXPECTED * 3


def test_stdin_with_a_display_name(python_m):
    out = python_m("flake8", ["--isolated", *FORMAT, "--stdin-display-name", "x/agent.py",
                              "-"], stdin=SOURCE).stdout
    assert out.split() == [f"x/agent.py:{row}" for row in EXPECTED]


def test_the_checker_api_yields_its_own_findings():
    # used on its own (no flake8 run loaded the reporter), the tree plugin
    # yields its findings itself
    found = list(NetnsChecker(ast.parse(SOURCE), SOURCE.splitlines(True), "agent.py").run())
    assert [(line, col, text.split()[0]) for line, col, text, _type in found] == [
        (5, 4, "NS101"), (6, 4, "NS101"), (7, 4, "NS401")]


def test_the_reporter_hands_over_once():
    handover.keep([(3, 0, "NS101 x")])
    assert list(handover.report("x = 1")) == [((3, 0), "NS101 x")]
    assert list(handover.report("y = 2")) == []
    # the next file's check replaces what a file without logical lines left
    handover.keep([(1, 0, "NS401 y")])
    handover.keep([])
    assert list(handover.report("")) == []
