"""Adoption on an existing tree: `python -m flake8_netns baseline` records
today's findings, `--netns-baseline` hides exactly those, and they stay
hidden when code moves, while new findings show.

The writer and flake8 run through `python_m` (conftest.py): in this process
in the quick loop, as child processes in the full suite."""
from __future__ import annotations

import json
import os
import textwrap

import pytest

from flake8_netns.baseline import Baseline, line_text
from flake8_netns.codes import finding
from tests.runners import RUNNERS

BASELINE = ".flake8-netns-baseline.json"
FORMAT = ["--format", "%(path)s:%(row)d:%(code)s"]

AGENT = """\
def unplug(device):
    # TODO: the veth peer leaks when the namespace is gone
    return device


def sync(ports):
    for port in ports:
        # FIXME: stale port cleanup
        yield port
    for port in ports:
        # FIXME: stale port cleanup
        yield port
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


@pytest.fixture
def writer(python_m):
    """`writer(cwd, *args)`: `python -m flake8_netns baseline ARGS`."""
    return lambda cwd, *args: python_m("flake8_netns", ["baseline", *args],
                                       cwd=cwd)


@pytest.fixture
def record(writer):
    """`record(cwd, *args)`: the writer, which must succeed."""
    def run_writer(cwd, *args):
        run = writer(cwd, *args)
        assert run.returncode == 0, run.stderr
        return run
    return run_writer


@pytest.fixture
def reported(python_m):
    """`reported(cwd, *args, stdin=None)`: the `path:line:code` rows of a
    `flake8 --select NS` run."""
    def run_flake8(cwd, *args, stdin=None):
        run = python_m("flake8", ["--select", "NS", *FORMAT, *args],
                       stdin=stdin, cwd=cwd)
        assert run.returncode in (0, 1), run.stderr
        return run.stdout.split()
    return run_flake8


@pytest.fixture
def tree(tmp_path):
    write(tmp_path / "pkg" / "agent.py", AGENT)
    return tmp_path


def test_without_baseline_every_finding_shows(tree, reported):
    assert reported(tree, "pkg") == [
        "pkg/agent.py:2:NS401", "pkg/agent.py:8:NS401",
        "pkg/agent.py:11:NS401"]


def test_recorded_findings_are_hidden(tree, record, reported):
    run = record(tree, "pkg")
    assert f"recorded 3 findings in {BASELINE}" in run.stdout
    data = json.loads((tree / BASELINE).read_text())
    assert data["findings"] == [
        {"path": "pkg/agent.py", "code": "NS401",
         "line": "# FIXME: stale port cleanup", "count": 2},
        {"path": "pkg/agent.py", "code": "NS401",
         "line": "# TODO: the veth peer leaks when the namespace is gone",
         "count": 1},
    ]
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == []


def test_findings_stay_hidden_when_code_moves(tree, record, reported):
    record(tree, "pkg")
    unplug, sync = AGENT.split("\n\n\n")
    moved = "import os\n\nPREFIX = 'tap'\n\n\n" + sync + "\n\n\n" + unplug
    write(tree / "pkg" / "agent.py", moved)
    assert reported(tree, "pkg") == [
        "pkg/agent.py:8:NS401", "pkg/agent.py:11:NS401",
        "pkg/agent.py:17:NS401"]
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == []


def test_new_findings_show(tree, record, reported):
    record(tree, "pkg")
    write(tree / "pkg" / "agent.py",
          "# TODO: delete the namespace on restart\n" + AGENT
          + "\n\ndef flush(ports):\n"
            "    # FIXME: stale port cleanup\n"
            "    return ports\n")
    write(tree / "pkg" / "l3.py", "# XXX: leaked fip\n")
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == [
        "pkg/agent.py:1:NS401",    # a new line
        "pkg/agent.py:17:NS401",   # a third copy of a line recorded twice
        "pkg/l3.py:1:NS401",       # a new file
    ]


def test_an_edited_line_is_a_new_finding(tree, record, reported):
    record(tree, "pkg")
    source = AGENT.replace("veth peer leaks", "veth peer still leaks")
    write(tree / "pkg" / "agent.py", source)
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == [
        "pkg/agent.py:2:NS401"]


def test_a_removed_finding_frees_its_count(tree, record, reported):
    record(tree, "pkg")
    lines = AGENT.splitlines(keepends=True)
    del lines[9:12]  # the second loop, with one of the two FIXME copies
    write(tree / "pkg" / "agent.py", "".join(lines))
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == []


def test_stdin_is_matched_by_display_name(tree, record, reported):
    record(tree, "pkg")
    source = "\n\n" + AGENT
    hidden = reported(tree, f"--netns-baseline={BASELINE}",
                      "--stdin-display-name", "pkg/agent.py", "-",
                      stdin=source)
    shown = reported(tree, f"--netns-baseline={BASELINE}",
                     "--stdin-display-name", "pkg/other.py", "-",
                     stdin=source)
    assert hidden == []
    assert shown == ["pkg/other.py:4:NS401", "pkg/other.py:10:NS401",
                     "pkg/other.py:13:NS401"]


@pytest.mark.parametrize("value", [BASELINE, f"./{BASELINE}",
                                   f"ci/{BASELINE}"])
def test_config_baseline_works_from_a_subdirectory(tree, record, reported,
                                                   value):
    # issue 14: flake8 reads a config path against the config file's folder
    # only when it holds a "/"; the plugin does it for a bare name too, so
    # editors that run flake8 from the file's folder find the baseline
    (tree / "pkg" / "deeper").mkdir()
    write(tree / "pkg" / "deeper" / "more.py", "# XXX: leaked fip\n")
    record(tree, "-o", value, "pkg")
    write(tree / "setup.cfg", f"[flake8]\nnetns-baseline = {value}\n")
    assert reported(tree, "pkg") == []
    # the paths inside the baseline are relative to the baseline file, not
    # to where flake8 runs
    assert reported(tree / "pkg", "agent.py") == []
    assert reported(tree / "pkg" / "deeper", ".") == []
    assert reported(tree / "pkg" / "deeper", "--stdin-display-name",
                    "more.py", "-", stdin="# XXX: leaked fip\n") == []
    # the recorded findings are hidden, not every finding
    write(tree / "pkg" / "deeper" / "more.py",
          "# XXX: leaked fip\n# XXX: leaked vlan\n")
    assert reported(tree / "pkg" / "deeper", ".") == ["./more.py:2:NS401"]


def test_command_line_baseline_is_relative_to_the_working_folder(
        tree, record, reported):
    record(tree, "pkg")
    write(tree / "setup.cfg", "[flake8]\nnetns-baseline = elsewhere.json\n")
    # the command line wins over the config and is read where flake8 runs
    assert reported(tree / "pkg", f"--netns-baseline=../{BASELINE}",
                    "agent.py") == []
    (tree / "pkg" / "local.json").write_text(
        (tree / BASELINE).read_text().replace('"pkg/', '"'))
    assert reported(tree / "pkg", "--netns-baseline=local.json",
                    "agent.py") == []


def test_a_file_name_that_is_not_utf8(tree, record, python_m):
    name = os.fsdecode(b"agent-\xff.py")
    (tree / "pkg" / "agent.py").rename(tree / "pkg" / name)
    run = record(tree, "pkg")
    assert "recorded 3 findings" in run.stdout
    data = json.loads((tree / BASELINE).read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {f"pkg/{name}"}
    # flake8's own text output cannot print such a name: count findings
    run = python_m("flake8", ["--select", "NS", "--count", "--quiet",
                              "--quiet", f"--netns-baseline={BASELINE}",
                              "pkg"], cwd=tree)
    assert (run.returncode, run.stdout.split()) == (0, ["0"]), run.stderr
    with open(tree / "pkg" / name, "a") as handle:
        handle.write("# TODO: tap leak\n")
    run = python_m("flake8", ["--select", "NS", "--count", "--quiet",
                              "--quiet", f"--netns-baseline={BASELINE}",
                              "pkg"], cwd=tree)
    assert (run.returncode, run.stdout.split()) == (1, ["1"]), run.stderr


def test_writing_ignores_the_baseline_in_use(tree, record):
    record(tree, "pkg")
    write(tree / "setup.cfg", f"[flake8]\nnetns-baseline = {BASELINE}\n")
    run = record(tree, "pkg")
    assert "recorded 3 findings" in run.stdout


def test_the_opt_in_codes_the_config_names_are_recorded(tree, record,
                                                        reported):
    write(tree / "pkg" / "names.py", "# TODO: rename this\n")
    write(tree / "setup.cfg", "[flake8]\nextend-select = NS402\n")
    record(tree, "pkg")
    data = json.loads((tree / BASELINE).read_text())
    assert [e["code"] for e in data["findings"]
            if e["path"] == "pkg/names.py"] == ["NS402"]
    assert reported(tree, f"--netns-baseline={BASELINE}", "pkg") == []
    assert reported(tree, "pkg").count("pkg/names.py:1:NS402") == 1


def test_baseline_in_another_directory(tree, record, reported):
    run = record(tree / "pkg", "--output", "../ci/netns.json", ".")
    assert "recorded 3 findings" in run.stdout
    data = json.loads((tree / "ci" / "netns.json").read_text())
    assert {e["path"] for e in data["findings"]} == {"../pkg/agent.py"}
    assert reported(tree, "--netns-baseline=ci/netns.json", "pkg") == []


def test_flake8_args_are_passed_on(tree, record):
    write(tree / "pkg" / "vendored" / "old.py", "# TODO: tap leak\n")
    run = record(tree, "--flake8-arg=--extend-exclude=vendored", "pkg")
    assert "recorded 3 findings" in run.stdout


def test_a_failing_flake8_fails_the_writer(tree, writer):
    run = writer(tree, "--flake8-arg=--netns-follow-imports=sideways", "pkg")
    assert run.returncode == 2
    assert "--netns-follow-imports" in run.stderr
    assert not (tree / BASELINE).exists()


@pytest.mark.parametrize("content, problem", [
    (None, "No such file"),
    ("{", "Expecting"),
    ('{"findings": []}', "not a version 1 flake8-netns-baseline file"),
    ('{"flake8-netns-baseline": 1, "findings": [{"code": "NS401"}]}',
     "bad entry"),
    ('{"flake8-netns-baseline": 1, "findings": [3]}', "bad entry"),
    ('{"flake8-netns-baseline": 1, "findings": 3}', "not a list"),
    ('{"flake8-netns-baseline": 1, "findings": [{"path": "a", "code": "NS1",'
     ' "line": "", "count": "many"}]}', "bad entry"),
    ("[" * 100000, "recursion"),
])
def test_a_bad_baseline_is_one_line_naming_the_option(tree, python_m, content,
                                                      problem):
    if content is not None:
        (tree / "bad.json").write_text(content)
    run = python_m("flake8", ["--netns-baseline=bad.json", "pkg"], cwd=tree)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    message = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(message) == 1
    assert message[0].startswith("flake8-netns: error: --netns-baseline:")
    assert problem in message[0]


def test_filter_counts_occurrences_in_line_order(tmp_path):
    path = tmp_path / "base.json"
    path.write_text(json.dumps({"flake8-netns-baseline": 1, "findings": [
        {"path": "a.py", "code": "NS401", "line": "# TODO: x", "count": 1},
        {"path": "a.py", "code": "NS402", "line": "# TODO: y", "count": 1},
    ]}))
    baseline = Baseline.load(str(path))
    lines = ["# TODO: x\n", "  # TODO: x  \n", "# TODO: y\n"]
    found = [finding(2, 2, "NS401", marker="TODO", topic="x"),
             finding(1, 0, "NS401", marker="TODO", topic="x"),
             finding(3, 0, "NS401", marker="TODO", topic="y")]
    kept = baseline.filter(str(tmp_path / "a.py"), lines, found)
    # the first copy of the line is the recorded one; the code counts too
    assert [(f.line, f.code) for f in kept] == [(2, "NS401"), (3, "NS401")]
    assert baseline.filter(str(tmp_path / "b.py"), lines, found) == found


def test_line_text_outside_the_file_is_empty():
    assert line_text(["a\n"], 0) == ""
    assert line_text(["a\n"], 2) == ""
    assert line_text([" a \n"], 1) == "a"


def test_an_unwritable_output_is_one_line(tree, writer):
    (tree / "taken").write_text("a file, not a directory\n")
    run = writer(tree, "-o", "taken/base.json", "pkg")
    assert run.returncode == 2
    assert run.stderr.startswith("flake8-netns: cannot write taken/base.json")
    assert "Traceback" not in run.stderr


# flake8's worker processes need a child flake8: this test overrides
# `python_m` with the child-process runner alone
@pytest.mark.slow
@pytest.mark.parametrize("python_m", [RUNNERS["process"]], ids=["process"])
def test_parallel_workers_use_the_baseline(tree, record, reported):
    for number in range(6):
        write(tree / "pkg" / f"m{number}.py", "x = 1\n# TODO: veth leak\n")
    record(tree, "pkg")
    with open(tree / "pkg" / "m3.py", "a") as handle:
        handle.write("# TODO: tap leak\n")
    assert reported(tree, "-j", "2", f"--netns-baseline={BASELINE}",
                    "pkg") == ["pkg/m3.py:3:NS401"]
