"""The speed benchmark's own parts: the two flake8 variants differ only by
the plugin, a child's resources are its own, the fits read what they should,
the report judges every tree against the one set of targets, and the
in-process timing runs the real checker. Nothing here times anything: the
report is fed made-up runs. Tests that start processes are marked slow: the
benchmark is not part of the edit-test loop."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

from bench import proc, report, run, scaling, stats, tree
from tests.test_real_trees import PINS

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _variant(variant: str, *args: str, stdin=None, cwd=None):
    return proc.measure([sys.executable, str(BENCH / "flake8_variant.py"),
                         variant, "--isolated", *args],
                        cwd or BENCH, stdin)


@pytest.mark.slow
def test_variants_differ_only_by_the_plugin():
    with_plugin = _variant("with", "--version").stdout
    without = _variant("without", "--version").stdout
    assert "flake8-netns" in with_plugin
    assert "flake8-netns" not in without
    assert with_plugin.replace("flake8-netns: ", "").split()[0] == \
        without.split()[0]
    for other in ("pycodestyle", "pyflakes", "mccabe"):
        assert other in with_plugin and other in without


@pytest.mark.slow
def test_without_variant_reports_no_ns_code(tmp_path):
    source = tmp_path / "agent.py"
    source.write_text("import os\n\n\ndef up(dev):\n"
                      "    os.system('ip link set %s up' % dev)\n")
    args = ("--select", "NS,F", "--format", "%(row)d:%(code)s", str(source))
    assert _variant("with", *args).stdout.split() == ["5:NS101"]
    assert _variant("without", *args).stdout.split() == []


@pytest.mark.slow
def test_measure_reports_the_child_not_the_parent(tmp_path):
    # Linux carries the forking process's peak RSS into a child's
    # ru_maxrss, so the measuring parent must be small, as bench/run.py is:
    # measure from a fresh interpreter, not from this (large) pytest process
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import pathlib\n"
        "from bench import proc\n"
        "grow = 'b = bytearray(200 * 1024 * 1024); print(len(b))'\n"
        "where = pathlib.Path(sys.argv[2])\n"
        "big = proc.measure([sys.executable, '-c', grow], where)\n"
        "small = proc.measure([sys.executable, '-c', 'print(1)'], where)\n"
        "print(big.stdout.strip(), big.peak_rss_mb, small.peak_rss_mb,"
        " big.returncode, big.wall > 0 and big.cpu > 0)\n")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    grown, big_mb, small_mb, code, timed = out.stdout.split()
    assert grown == str(200 * 1024 * 1024)
    assert float(big_mb) > 200 > float(small_mb)
    assert code == "0" and timed == "True"


def test_growth_exponent_and_slope():
    xs = [1.0, 2.0, 4.0, 8.0, 16.0]
    assert stats.growth_exponent(xs, [3 * x for x in xs]) == pytest.approx(1.0)
    assert stats.growth_exponent(xs, [x * x for x in xs]) == pytest.approx(2.0)
    slope, r = stats.line_fit(xs, [2 * x + 1 for x in xs])
    assert slope == pytest.approx(2.0) and r == pytest.approx(1.0)
    assert stats.line_fit([1.0], [1.0]) == (0.0, 0.0)


def test_scaling_times_the_real_checker_per_file(tmp_path):
    package = tmp_path / "neutron"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "todo.py").write_text("x = 1\n# TODO: clean up the leaked port\n")
    (package / "broken.py").write_text("def (:\n")   # E999: plugins skip it
    here = pathlib.Path.cwd()
    rows = scaling.time_files(tmp_path, ("neutron",))
    assert pathlib.Path.cwd() == here
    by_file = {row["file"]: row for row in rows}
    assert sorted(by_file) == ["neutron/__init__.py", "neutron/todo.py"]
    assert by_file["neutron/todo.py"]["findings"] == 1
    assert by_file["neutron/todo.py"]["lines"] == 2
    assert all(row["ns001"] == 0 and row["seconds"] >= 0 for row in rows)


def _run(wall: float, cpu: float, rss: float) -> proc.Run:
    return proc.Run(wall=wall, cpu=cpu, peak_rss_mb=rss, returncode=0,
                    stdout="", stderr="")


def _fake_runs() -> dict[str, list[proc.Run]]:
    # wall, cpu and memory ratios all differ, so a column copied from
    # another shows
    return {"with": [_run(12.0, 11.0, 60.0), _run(13.0, 10.5, 62.0),
                     _run(11.0, 10.0, 61.0)],
            "without": [_run(10.0, 10.0, 50.0), _run(10.0, 10.0, 50.0),
                        _run(10.0, 10.0, 50.0)]}


def test_summary_reads_each_measure_from_its_own_column():
    fig = run.summary(_fake_runs())
    assert fig["wall"]["ratio"] == pytest.approx(1.2)
    assert fig["wall"]["spread"] == pytest.approx((1.1, 1.3))
    assert fig["cpu"]["ratio"] == pytest.approx(1.05)
    assert fig["cpu"]["spread"] == pytest.approx((1.0, 1.1))
    assert fig["cpu"]["with"] == 10.5 and fig["cpu"]["without"] == 10.0
    assert fig["peak_rss_mb"]["ratio"] == pytest.approx(1.22)
    assert fig["added_wall_seconds"] == pytest.approx(2.0)
    assert fig["added_cpu_seconds"] == pytest.approx(0.5)
    assert fig["runs"] == 3


def test_measure_takes_cpu_and_memory_from_the_childs_rusage(monkeypatch):
    # CPU time is the child's user + system time as wait4 reports it, not
    # its wall time; peak RSS is wait4's ru_maxrss (KiB on Linux)
    real_wait4 = os.wait4

    class Usage:
        ru_utime, ru_stime, ru_maxrss = 7.25, 0.5, 3 * 1024

    def wait4(pid, options):
        child, status, _ = real_wait4(pid, options)
        return child, status, Usage

    monkeypatch.setattr(proc.os, "wait4", wait4)
    done = proc.measure([sys.executable, "-c", "print('hi')"],
                        pathlib.Path.cwd())
    assert (done.cpu, done.peak_rss_mb) == (7.75, 3.0)
    assert done.wall != done.cpu
    assert (done.returncode, done.stdout) == (0, "hi\n")


def _scaling(name: str, slowest: float) -> dict:
    rows = [{"file": f"{name}/{i}.py", "lines": 100 * i, "wall_seconds": 0.1,
             "seconds": slowest * i / 4, "ns001": 0} for i in range(1, 5)]
    return {**run.scaling_fit(rows), "families": {"ns1": slowest},
            "gc_seconds": 0.0, "gc_full": 0, "peak_rss_mb": 40.0}


def _results(tree_ratio: float, rss_ratio: float, editor_ratio: float,
             slowest: float) -> dict:
    def fig(ratio):
        return {"ratio": ratio, "spread": (ratio, ratio), "with": ratio,
                "without": 1.0}

    def block(name):
        return {"pinned": f"{name}==1.0", "title": name, "root": "/t",
                "paths": [name], "files": 10,
                "tree": {"wall": fig(tree_ratio), "cpu": fig(tree_ratio),
                         "peak_rss_mb": fig(rss_ratio), "runs": 1,
                         "added_wall_seconds": 1.0, "added_cpu_seconds": 1.0,
                         "ns_findings": {}, "ns001_or_traceback": False},
                "scaling": _scaling(name, slowest)}

    return {"trees": {"neutron": block("neutron"), "nova": block("nova")},
            "editor": {"wall": fig(editor_ratio), "cpu": fig(editor_ratio),
                       "peak_rss_mb": fig(1.0), "runs": 3,
                       "file": tree.EDITOR_FILE, "pinned": "neutron==29.0.0"}}


def test_targets_are_the_issue_11_limits():
    assert (report.TREE_RATIO, report.TREE_RSS_RATIO, report.EDITOR_RATIO,
            report.MAX_FILE_SECONDS) == (1.10, 1.25, 1.15, 1.0)


def test_targets_judge_each_tree_and_the_editor():
    at_limits = report.targets(_results(1.10, 1.25, 1.15, 1.0))
    assert all(t["ok"] for t in at_limits)
    assert sorted(t["target"] for t in at_limits) == sorted(
        [f"{name}: {what}" for name in ("neutron", "nova") for what in (
            "tree wall ratio", "tree cpu ratio", "tree peak-RSS ratio",
            "NS001 or traceback", "slowest file, cpu s")]
        + ["editor wall ratio", "editor cpu ratio"])
    over = report.targets(_results(1.11, 1.26, 1.16, 1.01))
    assert {t["target"] for t in over if not t["ok"]} == {
        t["target"] for t in over} - {"neutron: NS001 or traceback",
                                      "nova: NS001 or traceback"}


def test_one_tree_missing_its_target_fails_only_that_tree():
    results = _results(1.05, 1.1, 1.1, 0.2)
    results["trees"]["nova"]["tree"]["cpu"]["ratio"] = 1.12
    failed = [t["target"] for t in report.targets(results) if not t["ok"]]
    assert failed == ["nova: tree cpu ratio"]


def test_peers_target_is_a_share_of_bandits_time():
    results = {"trees": {"nova": {"peers": {
        "plugin_added_seconds": 4.0, "plugin_added_cpu_seconds": 6.0,
        "bandit_seconds": 10.0, "bandit_cpu_seconds": 10.0}}}}
    verdicts = {t["target"]: (t["limit"], t["ok"])
                for t in report.targets(results)}
    assert verdicts == {
        "nova: plugin added wall s vs bandit's share": (5.0, True),
        "nova: plugin added cpu s vs bandit's share": (5.0, False)}


def test_markdown_has_a_block_per_tree_with_the_targets():
    results = _results(1.05, 1.2, 1.1, 0.2)
    results["trees"]["nova"]["paths"] = list(tree.NOVA.paths)
    results["trees"]["nova"]["tree"]["cpu"] = {
        "ratio": 1.07, "spread": (1.02, 1.09), "with": 9.5, "without": 8.9}
    results.update(machine={"cpus": 2, "cpu": "x", "python": "3", "date": "d"},
                   command="python -m bench.run")
    text = report.markdown(results)
    headings = re.findall(r"^### (.*)$", text, re.M)
    assert headings == [
        "neutron 1.0: `neutron` (10 files)",
        "nova 1.0: `nova/virt`, `nova/network`, `nova/privsep`, "
        "`nova/compute` (10 files)",
        f"Editor: `flake8 -` on `{tree.EDITOR_FILE}`"]
    nova = text.split("### nova")[1].split("###")[0]
    assert "| CPU time | 9.5 s | 8.9 s | 1.07 (1.02-1.09) | <= 1.10 |" in nova
    assert "| peak RSS | 1 MB | 1 MB | 1.20 (1.20-1.20) | <= 1.25 |" in nova
    assert "slowest: `4.py` 200 ms, `3.py` 150 ms," in nova
    editor = text.split("### Editor")[1]
    assert editor.count("| <= 1.15 |") == 2


def test_slowest_files_are_told_apart_by_path_only_when_names_repeat():
    rows = [{"file": f} for f in ("nova/virt/libvirt/driver.py",
                                  "nova/compute/api.py",
                                  "nova/virt/vmwareapi/driver.py")]
    assert report._short_names(rows) == [
        "nova/virt/libvirt/driver.py", "api.py",
        "nova/virt/vmwareapi/driver.py"]


def test_text_report_names_every_tree_and_target():
    results = _results(1.05, 1.2, 1.1, 0.2)
    results.update(machine={"cpus": 2, "cpu": "x", "python": "3", "date": "d"},
                   variants={"with": "a", "without": "b"})
    results["targets"] = report.targets(results)
    text = report.text(results)
    assert "  PASS  nova: tree cpu ratio: 1.050 (limit 1.100)" in text
    assert "  PASS  nova: tree peak-RSS ratio: 1.200 (limit 1.250)" in text
    assert "  PASS  editor cpu ratio: 1.100 (limit 1.150)" in text
    assert "  PASS  neutron: slowest file, cpu s: 0.200 (limit 1.000)" in text
    assert "200.0 ms    100.0 ms    400 lines  nova/4.py" in text


def test_help_and_bench_readme_state_the_report_targets():
    help_text = report.figures_help()
    for limit in ("<= 1.10", "<= 1.25", "<= 1.15", "no file over 1 s"):
        assert limit in help_text
    readme = (BENCH / "README.md").read_text()
    rows = {line.split("|")[1].strip(): line.split("|")[-2].strip()
            for line in readme.splitlines()
            if line.startswith("| **")}
    assert rows["**tree**"] == (
        f"wall and CPU ratios {report.at_most(report.TREE_RATIO)}, "
        f"peak-RSS ratio {report.at_most(report.TREE_RSS_RATIO)}")
    assert rows["**editor**"] == (
        f"wall and CPU ratios {report.at_most(report.EDITOR_RATIO)}")
    assert rows["**scaling**"] == \
        f"no file over {report.MAX_FILE_SECONDS:g} s"
    assert rows["**peers**"] == \
        f"plugin adds under {report.PEER_SHARE:.0%} of bandit's time"


def test_trees_are_the_pinned_ones_of_the_real_tree_checks():
    assert {name: t.version for name, t in tree.TREES.items()} == PINS
    assert tree.NOVA.paths == ("nova/virt", "nova/network", "nova/privsep",
                               "nova/compute")
    assert tree.EDITOR_FILE == "neutron/agent/linux/ip_lib.py"


def test_tree_files_are_those_of_its_folders(tmp_path):
    for rel in ("nova/virt/driver.py", "nova/virt/libvirt/host.py",
                "nova/compute/manager.py", "nova/network/neutron.py",
                "nova/privsep/fs.py", "nova/api/wsgi.py",
                "nova/virt/__pycache__/driver.cpython-311.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    assert [str(p) for p in tree.python_files(tmp_path, tree.NOVA.paths)] == [
        "nova/compute/manager.py", "nova/network/neutron.py",
        "nova/privsep/fs.py", "nova/virt/driver.py",
        "nova/virt/libvirt/host.py"]
    assert len(tree.python_files(tmp_path)) == 6
    assert tree.usable(tree.NOVA, tmp_path)
    assert tree.pinned_tree(tree.NOVA, tmp_path) == tmp_path
    assert not tree.usable(tree.NEUTRON, tmp_path)
    with pytest.raises(SystemExit):
        tree.pinned_tree(tree.NEUTRON, tmp_path)


def test_options_pick_trees_and_roots(tmp_path, capsys):
    args = run.parse_args([])
    assert args.trees == ["neutron", "nova"]
    assert args.only == ["tree", "editor", "scaling", "peers"]
    args = run.parse_args(["--trees", "nova", "--root", f"nova={tmp_path}",
                           "--only", "tree"])
    assert (args.trees, args.root, args.only) == (
        ["nova"], {"nova": tmp_path}, ["tree"])
    for bad in (["--trees", "glance"], ["--root", "nova"],
                ["--root", f"glance={tmp_path}"], ["--only", "speed"],
                ["--rounds", "0"]):
        with pytest.raises(SystemExit):
            run.parse_args(bad)
    assert "--trees" in capsys.readouterr().err


def test_shown_command_keeps_only_what_changes_figures():
    argv = ["--rounds", "5", "--json", "out.json", "--profile",
            "--markdown=speed.md", "--only", "tree"]
    assert report.command_line(argv) == \
        "python -m bench.run --rounds 5 --only tree"


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["-m", "bench.run"], [str(BENCH / "run.py")]],
                         ids=["module", "script"])
def test_run_starts_as_a_module_and_as_a_script(argv):
    out = subprocess.run([sys.executable, *argv, "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "--only" in out.stdout and "--trees" in out.stdout
    assert report.figures_help() in out.stdout


@pytest.mark.slow
def test_scaling_runs_as_the_module_run_starts(tmp_path):
    # bench.run starts `python -m bench.scaling ROOT --json OUT` from the
    # checkout; the rows come back through the file
    for folder in ("nova/virt", "nova/api"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "todo.py").write_text("# TODO: the port leaks\n")
    rows = tmp_path / "rows.json"
    out = subprocess.run([sys.executable, "-m", "bench.scaling", str(tmp_path),
                          "nova/virt", "--json", str(rows)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    measured = json.loads(rows.read_text())
    assert [(r["file"], r["findings"]) for r in measured["files"]] == [
        ("nova/virt/todo.py", 1)]
