"""What the plugin reads at start-up, on the runs that skip work for it
(issue 11): without a config file and without `--enable-extensions` on the
command line the plugin builds no option parser and reads no config, and
`--enable-extensions`, written out or abbreviated as argparse allows, still
names opt-in codes."""
from __future__ import annotations

import pytest

from tests.test_integration import FORMAT, OPT_IN_SOURCE, ns_rows

# --isolated: no config file is read; the ignore list given replaces
# flake8's default one, which would hide the opt-in codes whatever is named
ISOLATED = ("--isolated", "--ignore", "E501")


def isolated_codes(python_m, tmp_path, *args):
    (tmp_path / "agent.py").write_text(OPT_IN_SOURCE)
    out = python_m("flake8", [*FORMAT, *ISOLATED, *args, "agent.py"], cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    return sorted(code for _path, _line, code in ns_rows(out.stdout))


def test_nothing_names_an_opt_in_code(python_m, tmp_path):
    assert isolated_codes(python_m, tmp_path) == ["NS401"]
    assert isolated_codes(python_m, tmp_path, "--extend-exclude", "build") == ["NS401"]


@pytest.mark.parametrize("args", [
    ("--enable-extensions", "NS10"),
    ("--enable-extensions=NS10",),
    ("--enable-ext", "NS10"),
    ("--enable-ext=NS10",),
    ("--enable-extensions", "NS10", "--extend-exclude", "build"),
], ids=["option", "option=", "abbreviated", "abbreviated=", "with-other-e-options"])
def test_enable_extensions_on_an_isolated_command_line(python_m, tmp_path, args):
    assert isolated_codes(python_m, tmp_path, *args) == ["NS103", "NS105", "NS401"]
