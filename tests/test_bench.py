"""The speed benchmark's own parts: the two flake8 variants differ only by
the plugin, a child's resources are its own, the fits read what they should,
and the in-process timing runs the real checker. Tests that start processes
are marked slow: the benchmark is not part of the edit-test loop."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from bench import proc, report, scaling, stats

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
    rows = scaling.time_files(tmp_path)
    assert pathlib.Path.cwd() == here
    by_file = {row["file"]: row for row in rows}
    assert sorted(by_file) == ["neutron/__init__.py", "neutron/todo.py"]
    assert by_file["neutron/todo.py"]["findings"] == 1
    assert by_file["neutron/todo.py"]["lines"] == 2
    assert all(row["ns001"] == 0 and row["seconds"] >= 0 for row in rows)


def test_targets_judge_each_figure():
    figure = {"ratio": 1.2, "spread": (1.1, 1.3), "with": 1.0, "without": 1.0}
    results = {"tree": {"wall": figure, "cpu": dict(figure, ratio=1.1),
                        "peak_rss_mb": dict(figure, ratio=1.5),
                        "ns001_or_traceback": False},
               "scaling": {"max_seconds": 0.5}}
    verdicts = {t["target"]: t["ok"] for t in report.targets(results)}
    assert verdicts == {"tree wall ratio": False, "tree cpu ratio": True,
                        "tree peak-RSS ratio": False,
                        "tree: NS001 or traceback": True,
                        "slowest file, cpu s": True}


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
    assert "--only" in out.stdout and "scaling" in out.stdout


@pytest.mark.slow
def test_scaling_runs_as_the_module_run_starts(tmp_path):
    # bench.run starts `python -m bench.scaling ROOT --json OUT` from the
    # checkout; the rows come back through the file
    (tmp_path / "neutron").mkdir()
    (tmp_path / "neutron" / "todo.py").write_text("# TODO: the port leaks\n")
    rows = tmp_path / "rows.json"
    out = subprocess.run([sys.executable, "-m", "bench.scaling", str(tmp_path),
                          "--json", str(rows)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    measured = json.loads(rows.read_text())
    assert [(r["file"], r["findings"]) for r in measured["files"]] == [
        ("neutron/todo.py", 1)]
