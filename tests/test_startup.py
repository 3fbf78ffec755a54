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


# flake8 reads --isolated, --config and --append-config in its first stage
# and hands plugins none of them: the plugin reads them again, so that it
# re-reads the configuration flake8 read (for a relative baseline path and
# enable-extensions), not the one flake8 would have found without them.

def test_isolated_ignores_the_config_files_enable_extensions(python_m, tmp_path):
    (tmp_path / "setup.cfg").write_text("[flake8]\nenable-extensions = NS10\n")
    assert isolated_codes(python_m, tmp_path) == ["NS401"]
    assert isolated_codes(python_m, tmp_path, "--isol") == ["NS401"]


def test_a_config_named_on_the_command_line_is_the_one_read_again(python_m, tmp_path):
    # its relative baseline path is read against its own folder (flake8's
    # config folder); the baseline records the NS401 finding
    (tmp_path / "agent.py").write_text(OPT_IN_SOURCE)
    sub = tmp_path / "ci"
    sub.mkdir()
    (sub / "flake8.cfg").write_text("[flake8]\nnetns-baseline = base.json\n"
                                    "enable-extensions = NS10\nignore = E501\n")
    (sub / "base.json").write_text(
        '{"flake8-netns-baseline": 1, "findings": [\n'
        '  {"path": "../agent.py", "code": "NS401", "line": "# TODO: the port leaks",'
        ' "count": 1}\n]}\n')
    out = python_m("flake8", [*FORMAT, "--config", "ci/flake8.cfg", "agent.py"], cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert sorted(code for _path, _line, code in ns_rows(out.stdout)) == ["NS103", "NS105"]


def test_an_appended_config_names_opt_in_codes(python_m, tmp_path):
    (tmp_path / "extra.cfg").write_text("[flake8]\nenable-extensions = NS10\nignore = E501\n")
    (tmp_path / "agent.py").write_text(OPT_IN_SOURCE)
    out = python_m("flake8", [*FORMAT, "--append-config", "extra.cfg", "agent.py"],
                   cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert sorted(code for _path, _line, code in ns_rows(out.stdout)) == [
        "NS103", "NS105", "NS401"]
