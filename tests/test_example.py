"""The README's first command runs the plugin over examples/: it must show
every default-on code, each on the line the example marks. flake8 runs
through `python_m` (conftest.py): in this process in the quick loop, as a
child process in the full suite."""
from __future__ import annotations

import pathlib

import pytest

from flake8_netns.codes import CODES

EXAMPLE = pathlib.Path(__file__).parent.parent / "examples" / "agent_example.py"


@pytest.mark.parametrize("select", [(), ("--select", "NS")],
                         ids=["default", "select-NS"])
def test_example_shows_every_default_code_where_marked(python_m, select):
    # `--select NS` is the README's command: it keeps the opt-in codes off
    out = python_m("flake8", ["--isolated", *select, "--format",
                              "%(row)d:%(code)s", str(EXAMPLE)])
    assert out.returncode == 1, out.stderr
    found = [tuple(row.split(":")) for row in out.stdout.split() if ":NS" in row]
    lines = EXAMPLE.read_text().splitlines()
    for line, code in found:
        # the code is named on its line or in the comment right above it;
        # a TODO's own text cannot carry it
        marked = lines[int(line) - 1] + lines[int(line) - 2]
        assert code in marked, (line, code)
    # NS001 is the plugin's own failure, which no example shows on purpose
    default_on = sorted(c for c, spec in CODES.items()
                        if spec.default_on and c != "NS001")
    assert sorted(code for _, code in found) == default_on
