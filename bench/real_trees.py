"""Check whole real trees with every NS code selected (issue 7).

usage: python bench/real_trees.py [--dest DIR] [--jobs N] [--fetch-only]

Downloads pinned wheels of neutron and nova with `pip download` (never
installed, never imported: a wheel is a zip of the sources), unpacks each
into DIR (default `bench/.trees/`, ignored by git) as `NAME-VERSION/`, and
runs a real `flake8` over each tree with `--select NS` plus the opt-in
codes. It fails when any file produces NS001 (the plugin caught an internal
error) or flake8 prints a traceback. The unpacked trees are what
`tests/test_real_trees.py` checks when NETNS_CORPUS names DIR:

    python bench/real_trees.py --dest ~/.cache/flake8-netns-corpus
    NETNS_CORPUS=~/.cache/flake8-netns-corpus pytest tests/test_real_trees.py
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from flake8_netns.codes import OPT_IN  # noqa: E402


PINS = {"neutron": "29.0.0", "nova": "34.0.0"}
EVERY_CODE = ("--select", "NS", "--extend-select", ",".join(OPT_IN))


def tree_root(corpus: str, name: str) -> str | None:
    """`CORPUS/name-PIN` (or another unpacked version of `name`) holding
    the package folder `name/`."""
    pinned = os.path.join(corpus, f"{name}-{PINS[name]}")
    for root in [pinned, *sorted(glob.glob(os.path.join(corpus, f"{name}-*")))]:
        if os.path.isdir(os.path.join(root, name)):
            return root
    return None


def check_tree(root: str, package: str, jobs: str = "auto"):
    """A real flake8 run over `root/package` with every NS code selected."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *EVERY_CODE,
         "-j", jobs, "--format", "%(path)s:%(row)d:%(col)d: %(code)s %(text)s",
         package],
        cwd=root, capture_output=True, text=True, env=env, timeout=3600)


def problems(run: subprocess.CompletedProcess) -> list[str]:
    """What makes a run fail: NS001 lines, a traceback, an exit code other
    than 0 (clean) or 1 (findings)."""
    found = [line for line in run.stdout.splitlines() if ": NS001 " in line]
    if "Traceback" in run.stderr or run.returncode not in (0, 1):
        found.append(f"exit {run.returncode}: {run.stderr.strip()[-2000:]}")
    return found


def fetch(dest: str, name: str) -> str:
    """The unpacked tree of the pinned wheel, downloaded if missing."""
    target = os.path.join(dest, f"{name}-{PINS[name]}")
    if os.path.isdir(target):
        return target
    with tempfile.TemporaryDirectory() as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                        "--only-binary", ":all:", "--dest", download,
                        f"{name}=={PINS[name]}"], check=True)
        wheel, = glob.glob(os.path.join(download, "*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target + ".partial")
    os.replace(target + ".partial", target)
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", default=os.path.join(HERE, ".trees"))
    parser.add_argument("--jobs", default="auto")
    parser.add_argument("--fetch-only", action="store_true")
    args = parser.parse_args(argv)
    dest = os.path.expanduser(args.dest)
    os.makedirs(dest, exist_ok=True)
    failed = False
    for name in PINS:
        root = fetch(dest, name)
        if args.fetch_only:
            print(f"{name}: {root}")
            continue
        start = time.perf_counter()
        run = check_tree(root, name, args.jobs)
        found = problems(run)
        print(f"{name} {PINS[name]}: {len(run.stdout.splitlines())} findings, "
              f"{len(found)} problems, {time.perf_counter() - start:.0f} s")
        for line in found[:20]:
            print("  " + line)
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
