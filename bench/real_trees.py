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
from tests.test_real_trees import PINS, check_tree, problems  # noqa: E402


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
