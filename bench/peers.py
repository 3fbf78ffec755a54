"""Bandit's whole run over the same tree, as context for the plugin's cost.

Bandit lives in its own virtualenv (bench/.trees/venv-bandit, made on first
use) so it never changes the flake8 environment being measured.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tempfile

from bench.proc import measure

BANDIT = "bandit==1.9.4"
VENV = pathlib.Path(__file__).resolve().parent / ".trees" / "venv-bandit"


def bandit_executable() -> pathlib.Path:
    exe = VENV / "bin" / "bandit"
    if exe.exists():
        return exe
    print(f"bench: installing {BANDIT} into {VENV}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    done = subprocess.run([str(VENV / "bin" / "python"), "-m", "pip",
                           "install", "-q", BANDIT],
                          capture_output=True, text=True)
    if done.returncode or not exe.exists():
        sys.exit(f"bench: could not install {BANDIT}:\n{done.stderr}")
    return exe


def figure(root: pathlib.Path, paths: tuple[str, ...], block: dict) -> dict:
    """Bandit over the same folders of `root`; the plugin's added time comes
    from the tree's flake8 pairs in `block`, else from its scaling figure."""
    exe = bandit_executable()
    with tempfile.TemporaryDirectory() as tmp:
        report = pathlib.Path(tmp) / "bandit.json"
        run = measure([str(exe), "-r", *paths, "-q", "-f", "json",
                       "-o", str(report)], root)
        if run.returncode not in (0, 1) or not report.exists():
            sys.exit(f"bench: bandit failed:\n{run.stderr[-3000:]}")
        issues = len(json.loads(report.read_text()).get("results", []))
    version = subprocess.run([str(exe), "--version"], capture_output=True,
                             text=True).stdout.split("\n")[0].strip()
    if "tree" in block:
        tree = block["tree"]
        added = (tree["added_wall_seconds"], tree["added_cpu_seconds"])
        source = "flake8 -j1 with minus without"
    elif "scaling" in block:
        scaling = block["scaling"]
        added = (scaling["total_wall_seconds"], scaling["total_seconds"])
        source = "the plugin's in-process time"
    else:
        added, source = (None, None), "not measured"
    return {"bandit": version, "bandit_seconds": run.wall,
            "bandit_cpu_seconds": run.cpu,
            "bandit_peak_rss_mb": run.peak_rss_mb, "bandit_issues": issues,
            "plugin_added_seconds": added[0],
            "plugin_added_cpu_seconds": added[1],
            "plugin_added_from": source}
