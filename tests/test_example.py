"""The README's first command runs the plugin over examples/: it must show
every default-on code, each on the line the example marks."""
from __future__ import annotations

import pathlib

from flake8_netns.codes import CODES
from tests.helpers import flake8_run

EXAMPLE = pathlib.Path(__file__).parent.parent / "examples" / "agent_example.py"


def test_example_shows_every_default_code_where_marked():
    out = flake8_run(["--isolated", "--format", "%(row)d:%(code)s", str(EXAMPLE)])
    found = [tuple(row.split(":")) for row in out.stdout.split() if ":NS" in row]
    lines = EXAMPLE.read_text().splitlines()
    for line, code in found:
        # the code is named on its line or in the comment right above it;
        # a TODO's own text cannot carry it
        marked = lines[int(line) - 1] + lines[int(line) - 2]
        assert code in marked, (line, code)
    default_on = sorted(c for c, spec in CODES.items() if spec.default_on and c != "NS001")
    assert sorted(code for _, code in found) == default_on
