"""flake8 integration: every point is checked through flake8's own `main()`
(`python_m`: in this process for the quick loop, and as a real `flake8`
child process in the full suite) and in-process through flake8's API
(option parsing, decision engine, legacy style guide)."""
from __future__ import annotations

import importlib.metadata
import pathlib
import re
import textwrap

import pytest
from flake8.api import legacy
from flake8.options.parse_args import parse_args
from flake8.style_guide import Decision, DecisionEngine

import flake8_netns.codes as code_table
from flake8_netns import __version__, optin
from flake8_netns.plugin import NetnsChecker, settings_from_options
from flake8_netns.settings import SinkPattern
from tests.helpers import api_findings, flake8_run, opt_in_args, settings_for

FORMAT = ("--format", "%(path)s:%(row)d:%(col)d:%(code)s")

# line 1 is about a resource's lifecycle (NS401, on by default); line 2 is
# not (NS402, opt-in) unless `gizmo` is made a resource word; line 3 is
# tracked only under the custom tracker regex below
SOURCE = ("# TODO: the port leaks\n"
          "# TODO: attach the gizmo\n"
          "# TODO: the vlan leaks, RHBZ#12\n"
          "VALUE = 1\n")


def ns_rows(stdout: str) -> list[tuple[str, int, str]]:
    """(path, line, code) of each NS finding in `FORMAT` output."""
    rows = []
    for raw in stdout.splitlines():
        path, line, _col, code = raw.rsplit(":", 3)
        if code.startswith("NS"):
            rows.append((path, int(line), code))
    return sorted(rows)


def run_stdin(python_m, args=(), source=SOURCE, cwd=None, isolated=True):
    out = python_m("flake8", [*(["--isolated"] if isolated else []), *FORMAT,
                              *args, "-"], stdin=source, cwd=cwd)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    return [(line, code) for _path, line, code in ns_rows(out.stdout)]


def style_guide_rows(paths, **options):
    """What flake8's in-process legacy API reports for `paths`."""
    guide = legacy.get_style_guide(quiet=2, **options)
    report = guide.check_files([str(p) for p in paths])
    rows = []
    for stat in report.get_statistics("NS"):
        count, code, _ = stat.split(" ", 2)
        rows.append((code, int(count)))
    return sorted(rows)


# -- entry point and version -------------------------------------------------

def test_entry_point_is_registered():
    [point] = [ep for ep in importlib.metadata.entry_points(
        group="flake8.extension") if ep.name == "NS"]
    assert point.value == "flake8_netns.plugin:NetnsChecker"
    assert point.load() is NetnsChecker
    assert (NetnsChecker.name, NetnsChecker.version) == ("flake8-netns",
                                                         __version__)


def test_version_names_the_plugin(python_m):
    out = python_m("flake8", ["--version"])
    assert out.returncode == 0
    assert f"flake8-netns: {__version__}" in " ".join(out.stdout.split())


# -- opt-in codes ------------------------------------------------------------

def decisions(*argv: str) -> dict[str, Decision]:
    """flake8's decision for every code of the table (read when called, so
    a row added to the table is decided too)."""
    _, options = parse_args(["--isolated", *argv])
    engine = DecisionEngine(options)
    return {code: engine.decision_for(code) for code in code_table.CODES}


def test_opt_in_codes_are_ignored_by_default():
    found = decisions()
    assert {c for c, d in found.items() if d is Decision.Ignored} == set(
        code_table.OPT_IN)
    assert {c for c, d in found.items() if d is Decision.Selected} == {
        c.code for c in code_table.CODES.values() if c.default_on}


def test_opt_in_codes_are_selected_with_extend_select():
    found = decisions(*opt_in_args())
    assert set(found.values()) == {Decision.Selected}


def test_opt_in_ns402_through_real_flake8(python_m):
    assert run_stdin(python_m) == [(1, "NS401"), (3, "NS401")]
    assert run_stdin(python_m, ["--extend-select", "NS402"]) == [
        (1, "NS401"), (2, "NS402"), (3, "NS401")]


def test_opt_in_ns402_through_the_legacy_api(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "agent.py"
    path.write_text(SOURCE)
    assert style_guide_rows([path]) == [("NS401", 2)]
    # the legacy API sets extend_select after the plugin parsed its options
    assert style_guide_rows([path], extend_select=["NS402"]) == [
        ("NS401", 2), ("NS402", 1)]
    assert style_guide_rows([path], select=["NS"]) == [("NS401", 2)]


# A file with one finding of each opt-in code and one default-on NS401.
OPT_IN_SOURCE = textwrap.dedent("""\
    import os
    import subprocess


    def sysctl(ifname):
        subprocess.check_call(["sysctl", "-w", "net.%s.arp=1" % ifname])
        os.system("ip link show")
    # TODO: rename this
    # TODO: the port leaks
    """)
OPT_IN_LINES = {"NS103": 6, "NS105": 7, "NS402": 8}


def opt_in_run(python_m, tmp_path, config, *args):
    """NS codes plain `flake8` reports on a project whose config is
    `config`, run from the project's root."""
    (tmp_path / "agent.py").write_text(OPT_IN_SOURCE)
    (tmp_path / "setup.cfg").write_text("[flake8]\n" + config)
    out = python_m("flake8", [*FORMAT, *args, "agent.py"], cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    return [code for _path, _line, code in ns_rows(out.stdout)]


@pytest.mark.parametrize("config, args", [
    # a project's own ignore list replaces flake8's default one, which
    # would turn every opt-in code on (issue 12: neutron's tox.ini)
    ("ignore = E501\n", ()),
    ("ignore =\n", ()),
    ("extend-ignore = E501\n", ()),
    ("", ("--select", "NS")),
    ("", ("--select", "NS1,NS4")),
    ("", ("--select", "E,F,W,N")),
    ("ignore = E501\n", ("--select", "NS")),
    ("select = NS\n", ()),
    ("extend-select = NS\n", ()),
    ("extend-select = NS1\nignore = E501\n", ()),
], ids=["ignore", "ignore-empty", "extend-ignore", "select-NS",
        "select-NS1-NS4", "select-EFWN", "ignore-and-select-NS",
        "config-select-NS", "config-extend-select-NS", "extend-select-NS1"])
def test_opt_in_codes_stay_off_unless_named(python_m, tmp_path, config,
                                            args):
    assert opt_in_run(python_m, tmp_path, config, *args) == ["NS401"]


@pytest.mark.parametrize("config, args, expected", [
    ("extend-select = NS402\n", (), ["NS401", "NS402"]),
    ("ignore = E501\nextend-select = NS402\n", (), ["NS401", "NS402"]),
    ("", ("--extend-select", "NS40"), ["NS401", "NS402"]),
    ("", ("--extend-select", "NS10"), ["NS103", "NS105", "NS401"]),
    ("", ("--select", "NS103,NS401"), ["NS103", "NS401"]),
    ("select = NS,NS105\n", (), ["NS105", "NS401"]),
    (f"extend-select = {opt_in_args()[1]}\n", (),
     ["NS103", "NS105", "NS401", "NS402"]),
    # enable-extensions names a code too; flake8 then reports it where the
    # default ignore list no longer hides it
    ("ignore = E501\nenable-extensions = NS402\n", (), ["NS401", "NS402"]),
    ("ignore = E501\n", ("--enable-extensions", "NS10"),
     ["NS103", "NS105", "NS401"]),
], ids=["extend-select-NS402", "ignore-and-NS402", "NS40", "NS10",
        "select-code", "select-NS-and-NS105", "every-opt-in",
        "config-enable-extensions", "cli-enable-extensions"])
def test_opt_in_codes_when_named(python_m, tmp_path, config, args,
                                 expected):
    assert sorted(opt_in_run(python_m, tmp_path, config, *args)) == expected
    for code in expected:
        if code in OPT_IN_LINES:
            assert ns_rows(python_m(
                "flake8", [*FORMAT, *args, "agent.py"],
                cwd=tmp_path).stdout).count(
                ("agent.py", OPT_IN_LINES[code], code)) == 1


def test_a_prefix_shorter_than_four_characters_names_nothing():
    opt_in = code_table.OPT_IN
    assert optin.enabled(opt_in, optin.names(["NS", "NS4", "N"])) == set()
    assert optin.enabled(opt_in, optin.names("NS40, ns10")) == {
        c for c in opt_in if c[:4] in ("NS40", "NS10")}
    assert optin.enabled(opt_in, optin.names(["NS4020"])) == set()
    assert optin.enabled(opt_in, optin.names(opt_in_args()[1])) == set(opt_in)


# -- options -------------------------------------------------------------------

# option, value as given, Settings field, parsed value
OPTIONS = [
    ("netns-exec-functions", "exec_subprocess:argv, *.cmd:shell",
     "exec_functions", (SinkPattern("exec_subprocess", "argv"),
                        SinkPattern("*.cmd", "shell"))),
    ("netns-follow-imports", "all", "follow_imports", "all"),
    ("netns-loggers", "self.audit, audit_log", "loggers",
     frozenset({"self.audit", "audit_log"})),
    ("netns-secret-words", "PIN, otp", "secret_words",
     frozenset({"pin", "otp"})),
    ("netns-not-secret-words", "hint", "not_secret_words",
     frozenset({"hint"})),
    ("netns-sanitizers", "obfuscate, utils.blank", "sanitizers",
     frozenset({"obfuscate", "utils.blank"})),
    ("netns-tracker-regex", r"RHBZ#\d+", "tracker_regex", r"RHBZ#\d+"),
    ("netns-resource-words", "vlan, dhcp_lease", "resource_words",
     frozenset({"vlan", "dhcp_lease"})),
]
OPTION_IDS = [name for name, *_ in OPTIONS]


def parsed(settings, field):
    value = getattr(settings, field)
    return value.pattern if field == "tracker_regex" else value


@pytest.mark.parametrize("name, value, field, expected", OPTIONS,
                         ids=OPTION_IDS)
def test_option_on_the_command_line(name, value, field, expected):
    assert parsed(settings_for(f"--{name}={value}"), field) == expected
    assert parsed(settings_for(f"--{name}", value), field) == expected


def write_config(directory, filename, options):
    lines = ["[flake8]"]
    for name, value in options:
        # lists over several lines, as people write them in config files
        value = value.replace(", ", ",\n    ")
        lines.append(f"{name} =\n    {value}" if "\n" in value
                     else f"{name} = {value}")
    (directory / filename).write_text("\n".join(lines) + "\n")


CONFIG_FILES = ("setup.cfg", "tox.ini", ".flake8")


@pytest.mark.parametrize("filename", CONFIG_FILES)
def test_every_option_from_a_config_file(filename, tmp_path, monkeypatch):
    write_config(tmp_path, filename, [(n, v) for n, v, *_ in OPTIONS])
    monkeypatch.chdir(tmp_path)
    _, options = parse_args([])
    settings = settings_from_options(options)
    for _name, _value, field, expected in OPTIONS:
        assert parsed(settings, field) == expected, field


@pytest.mark.parametrize("filename", CONFIG_FILES)
def test_ns4_options_from_a_config_file_take_effect(python_m, filename,
                                                    tmp_path):
    write_config(tmp_path, filename, [
        ("netns-resource-words", "vlan, vxlan"),
        ("netns-tracker-regex", r"RHBZ#\d+")])
    # the default tracker regex is replaced: line 3 is tracked, line 1 not
    assert run_stdin(python_m, cwd=tmp_path, isolated=False) == [
        (1, "NS401")]
    write_config(tmp_path, filename, [("netns-resource-words", "vlan")])
    assert run_stdin(python_m, ["--extend-select", "NS402"], cwd=tmp_path,
                     isolated=False) == [(1, "NS401"), (2, "NS402"),
                                         (3, "NS401")]


def test_ns4_options_on_the_command_line_take_effect(python_m):
    args = ["--netns-tracker-regex", r"RHBZ#\d+",
            "--netns-resource-words", "vlan,gizmo"]
    assert run_stdin(python_m, args) == [(1, "NS401"), (2, "NS401")]
    assert api_findings(SOURCE, *args) == [(1, 0, "NS401"), (2, 0, "NS401")]


BAD_VALUES = [
    ("netns-tracker-regex", "(unclosed"),
    ("netns-exec-functions", "foo:bogus"),
    ("netns-exec-functions", "foo:"),
    ("netns-exec-functions", ":shell"),
    ("netns-follow-imports", "sometimes"),
    ("netns-follow-imports", "everything"),
    ("netns-loggers", "self.(x)"),
    ("netns-secret-words", "pass word"),
    ("netns-resource-words", "dhcp lease, vlan"),
    ("netns-baseline", "missing.json"),
]
BAD_IDS = [f"{n}={v}" for n, v in BAD_VALUES]


def assert_one_line_error(out, name):
    # 2, not flake8's 1 for findings: CI tells a broken config from a
    # dirty tree
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"flake8-netns: error: --{name}: ")


@pytest.mark.parametrize("name, value", BAD_VALUES, ids=BAD_IDS)
def test_bad_value_on_the_command_line_stops_flake8(python_m, name, value):
    assert_one_line_error(python_m("flake8", ["--isolated",
                                              f"--{name}={value}", "-"],
                                   stdin="x = 1\n"), name)
    with pytest.raises(SystemExit) as stop:
        settings_for(f"--{name}={value}")
    assert stop.value.code == 2
    assert f"--{name}" in str(stop.value)


@pytest.mark.parametrize("filename", CONFIG_FILES)
@pytest.mark.parametrize("name, value", BAD_VALUES, ids=BAD_IDS)
def test_bad_value_in_a_config_file_stops_flake8(python_m, name, value,
                                                 filename, tmp_path):
    write_config(tmp_path, filename, [(name, value)])
    assert_one_line_error(python_m("flake8", ["-"], stdin="x = 1\n",
                                   cwd=tmp_path), name)


@pytest.mark.slow  # flake8's worker processes need a child flake8
def test_bad_value_through_the_baseline_writer_and_jobs(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    assert_one_line_error(flake8_run(
        ["--isolated", "-j", "2", "--netns-follow-imports=sideways", "."],
        cwd=tmp_path), "netns-follow-imports")


@pytest.mark.parametrize("value, expected", [
    ("NONE", "none"), ("Project", "project"), (" all ", "all")])
def test_follow_imports_is_case_insensitive(value, expected):
    assert settings_for(f"--netns-follow-imports={value}").follow_imports \
        == expected


@pytest.mark.parametrize("value, expected", [
    ("foo", ("foo", "argv")), ("foo:SHELL", ("foo", "shell")),
    (" *.cmd : shell ", ("*.cmd", "shell"))])
def test_exec_function_kinds(value, expected):
    [pattern] = settings_for(f"--netns-exec-functions={value}").exec_functions
    assert (pattern.pattern, pattern.kind) == expected


def test_list_items_are_split_on_commas_and_lines_not_spaces(tmp_path,
                                                             monkeypatch):
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nnetns-secret-words =\n    pin\n    otp,  pass_word\n")
    monkeypatch.chdir(tmp_path)
    _, options = parse_args([])
    assert settings_from_options(options).secret_words == {
        "pin", "otp", "pass_word"}


# -- stdin ---------------------------------------------------------------------

def test_stdin_is_checked_under_its_display_name(python_m, tmp_path):
    # a file of that name exists with other content: the plugin must check
    # what flake8 hands it, never read the file from disk
    shown = tmp_path / "agent.py"
    shown.write_text("# TODO: rename this\n# TODO: the socket leaks\n")
    out = python_m("flake8", ["--isolated", *FORMAT, "--stdin-display-name",
                              str(shown), "-"], stdin=SOURCE, cwd=tmp_path)
    assert ns_rows(out.stdout) == [(str(shown), 1, "NS401"),
                                   (str(shown), 3, "NS401")]


def test_stdin_without_a_display_name(python_m):
    out = python_m("flake8", ["--isolated", *FORMAT, "-"], stdin=SOURCE)
    assert ns_rows(out.stdout) == [("stdin", 1, "NS401"),
                                   ("stdin", 3, "NS401")]


# -- noqa ----------------------------------------------------------------------

NOQA_SOURCE = textwrap.dedent("""\
    # TODO: the port leaks  # noqa
    # TODO: the port leaks  # noqa: NS401
    # TODO: the port leaks  # noqa: E501
    # TODO: the port leaks  # noqa:NS4
    # TODO: the port leaks
    VALUE = 1
    """)


def test_noqa_through_real_flake8(python_m):
    assert run_stdin(python_m, source=NOQA_SOURCE) == [(3, "NS401"),
                                                       (5, "NS401")]


def test_noqa_through_the_legacy_api(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "agent.py"
    path.write_text(NOQA_SOURCE)
    assert style_guide_rows([path]) == [("NS401", 2)]
    # the checker itself reports all five: noqa is flake8's job
    assert [code for *_, code in api_findings(NOQA_SOURCE)] == ["NS401"] * 5


# -- parallel runs -------------------------------------------------------------

@pytest.mark.slow  # flake8's worker processes need a child flake8
def test_jobs_2_gives_the_same_findings_as_jobs_1(tmp_path):
    expected = []
    for n in range(6):
        source = (f"# TODO: rename thing {n}\n" * n
                  + f"# TODO: the port {n} leaks\n" + "VALUE = 1\n")
        name = f"mod{n}.py"
        (tmp_path / name).write_text(source)
        expected += [(name, line, code)
                     for line, _col, code in api_findings(source)
                     if code != "NS402"]
    runs = {}
    for jobs in ("1", "2"):
        out = flake8_run(["--isolated", *FORMAT, "-j", jobs, "."],
                         cwd=tmp_path)
        assert out.returncode == 1, out.stderr
        runs[jobs] = [(re.sub(r"^\./", "", p), line, code)
                      for p, line, code in ns_rows(out.stdout)]
    assert runs["1"] == runs["2"] == sorted(expected)
    assert len(expected) == 6


# -- README ----------------------------------------------------------------------

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("block", [
    b for b in re.findall(r"```ini\n(.*?)```", README, re.S)
    if b.startswith("[flake8]")])
def test_readme_config_examples_are_accepted(block, tmp_path, monkeypatch):
    (tmp_path / "setup.cfg").write_text(block)
    monkeypatch.chdir(tmp_path)
    _, options = parse_args([])
    settings = settings_from_options(options)
    assert "vlan" in settings.resource_words


def test_ci_runs_the_readme_test_command():
    command = "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    [line] = [line for line in README.splitlines() if command in line]
    assert line in ci.splitlines()
    assert ci.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in ci


def test_readme_documents_every_option():
    _, options = parse_args(["--isolated"])
    netns = sorted("--" + name.replace("_", "-") for name in vars(options)
                   if name.startswith("netns_"))
    assert len(netns) >= 8
    assert [o for o in netns if f"`{o}`" not in README] == []
