"""Repros of command-model defects found on code nobody wrote for the
plugin (issue 13 items 1 and 5, and what the mutation fuzzer finds).

A defect not fixed yet is a strict xfail naming who fixes it: the test
passes while the defect is there and fails the day it is fixed, so the
marker is then removed and the test guards the fix.
"""
from __future__ import annotations

import textwrap

import pytest

from tests.helpers import api_findings, codes, flake8_findings

ENGINE = pytest.mark.xfail(strict=True, reason="engine: coordinator")


# -- item 1: `self(...)` ---------------------------------------------

SELF_CALL = """\
    import subprocess


    class A:
        def again(self):
            return self()

        def call(self, dev):
            return self("ip link set %s up" % dev)


    def up(dev):
        subprocess.call("ip link set %s up" % dev, shell=True)
    """


def test_a_call_of_self_is_not_a_crash_and_the_file_keeps_its_findings():
    assert codes(api_findings(SELF_CALL)) == [(13, "NS101")]
    assert codes(flake8_findings(SELF_CALL)) == [(13, "NS101")]


# -- item 5: wrapper chains at any depth, either order ----------------

def chain(depth: int, callee_first: bool) -> str:
    """`f0` runs a shell; `f<i>` passes its parameter to `f<i-1>`; the
    last line hands a built command to `f<depth>`."""
    defs = [f"def f{i}(cmd):\n    return {'os.system' if i == 0 else f'f{i - 1}'}(cmd)\n"
            for i in range(depth + 1)]
    if not callee_first:
        defs.reverse()
    return "import os\n" + "".join(defs) + f"f{depth}('ls ' + x)\n"


@pytest.mark.parametrize("callee_first", [True, False],
                         ids=["callee first", "caller first"])
@pytest.mark.parametrize("depth", [6, 7, 50, 200])
def test_wrapper_chains_at_any_depth_in_either_order(depth, callee_first):
    last_line = 2 * (depth + 1) + 2
    assert codes(api_findings(chain(depth, callee_first))) == [
        (3 if callee_first else last_line - 1, "NS104"), (last_line, "NS101")]


def write_project(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


LOCAL_WRAPPER_OF_IMPORTED = {
    "pkg/__init__.py": "",
    "pkg/helpers.py": """\
        import subprocess


        def run(cmd):
            return subprocess.call(cmd, shell=True)
        """,
    "pkg/agent.py": """\
        from pkg.helpers import run


        def local(cmd):
            return run(cmd)


        def up(dev):
            local("ip link set %s up" % dev)
            run("ip link set %s up" % dev)
        """,
}


def test_a_local_wrapper_of_a_wrapper_imported_from_another_module(tmp_path):
    write_project(tmp_path, LOCAL_WRAPPER_OF_IMPORTED)
    agent = tmp_path / "pkg" / "agent.py"
    found = api_findings(agent.read_text(), filename=str(agent))
    assert codes(found) == [(9, "NS101"), (10, "NS101")]


def test_the_imported_wrapper_itself_is_followed(tmp_path):
    """What the xfail above relies on: the direct call is found today."""
    write_project(tmp_path, LOCAL_WRAPPER_OF_IMPORTED)
    agent = tmp_path / "pkg" / "agent.py"
    found = api_findings(agent.read_text(), filename=str(agent))
    assert (10, "NS101") in codes(found)
