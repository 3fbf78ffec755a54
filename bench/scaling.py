"""The plugin's own time per file over a tree, measured in-process.

usage: python -m bench.scaling ROOT [FOLDER ...] [--json OUT] [--profile OUT.prof]

The files are those under each FOLDER of ROOT (all of ROOT when none is
given). Each file is read, tokenized and parsed the way flake8 does it (flake8 pays
for that whatever the plugin does); only the plugin's part is timed: making
the checker flake8 would make and draining its findings. Files run in one
process in order, as in `flake8 -j1`, so process-wide caches grow as they
would there. With --profile the same loop runs under cProfile and the
summary of where the time goes is printed.

A file's time is the CPU time of this process while the plugin ran on it,
so other work on a busy machine does not count against the plugin; the
wall time is kept beside it.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import cProfile
import gc
import json
import pathlib
import resource
import sys
import time
import tokenize

from bench.tree import python_files
from flake8_netns import handover


def _prepared(path: pathlib.Path):
    """lines and tree as flake8 hands them to a plugin, or None for a file
    flake8 reports as E999 (plugins do not see it)."""
    try:
        with tokenize.open(path) as handle:
            lines = handle.readlines()
        tree = ast.parse("".join(lines))
    except (SyntaxError, tokenize.TokenError, UnicodeDecodeError, ValueError):
        return None
    return lines, tree


def _checker_class():
    from flake8.options.parse_args import parse_args

    from flake8_netns.plugin import NetnsChecker
    # the settings flake8 itself would give the plugin with default options
    _, options = parse_args(["--isolated"])
    NetnsChecker.parse_options(options)
    return NetnsChecker


FAMILY_SECONDS: dict[str, float] = {}
GC = {"seconds": 0.0, "full_collections": 0, "_start": 0.0}


def _count_gc(phase: str, info: dict) -> None:
    """Garbage collection time: a large heap that the plugin keeps alive
    makes every full collection slow, for flake8's own work too."""
    if phase == "start":
        GC["_start"] = time.process_time()
        return
    GC["seconds"] += time.process_time() - GC["_start"]
    GC["full_collections"] += info.get("generation") == 2


@contextlib.contextmanager
def _time_families():
    """Charge each rule family its CPU time while in the block (and put the
    plugin back after). The shared models (imports, commands) are built
    lazily, so the first family to ask pays for them."""
    from flake8_netns import plugin
    original = plugin._families
    families = original()

    def timed(family):
        name = family.__module__.rsplit(".", 1)[-1]

        def run(context):
            start = time.process_time()
            try:
                return list(family(context))
            finally:
                FAMILY_SECONDS[name] = (FAMILY_SECONDS.get(name, 0.0)
                                        + time.process_time() - start)
        return run

    wrapped = tuple(timed(f) for f in families)
    plugin._families = lambda: wrapped
    try:
        yield
    finally:
        plugin._families = original


def time_files(root: pathlib.Path, paths: tuple[str, ...] = (".",),
               profiler: cProfile.Profile | None = None):
    checker = _checker_class()
    with _time_families():
        return [row for row in (_time_file(checker, root, rel, profiler)
                                for rel in python_files(root, paths))
                if row is not None]


def _time_file(checker, root, rel, profiler):
    path = root / rel
    prepared = _prepared(path)
    if prepared is None:
        return None
    lines, tree = prepared
    if profiler is not None:
        profiler.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    # the plugin makes flake8's relative names absolute from the working
    # directory; an absolute name finds the same package root from here
    found = list(checker(tree, lines, str(path)).run())
    # as in flake8, the findings come from the tree plugin or, once flake8's
    # options loaded it, from the reporter it hands them to (handover.py)
    found += [(line, col, text) for (line, col), text in handover.report("")]
    cpu = time.process_time() - start_cpu
    wall = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
    return {"file": str(rel), "lines": len(lines),
            "bytes": sum(len(line) for line in lines),
            "seconds": cpu, "wall_seconds": wall,
            "findings": len(found),
            "ns001": sum(1 for f in found if f[2].startswith("NS001"))}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("folders", nargs="*", default=["."],
                        help="folders of ROOT to check (default: all of it)")
    parser.add_argument("--json", type=pathlib.Path)
    parser.add_argument("--profile", type=pathlib.Path)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = args.json.resolve() if args.json else None
    profiler = cProfile.Profile() if args.profile else None
    gc.callbacks.append(_count_gc)
    rows = time_files(root, tuple(args.folders), profiler)
    gc.callbacks.remove(_count_gc)
    if profiler is not None:
        from bench.profile_summary import summarise
        profiler.dump_stats(args.profile)
        print(summarise(args.profile))
    text = json.dumps({
        "files": rows, "families": FAMILY_SECONDS,
        "gc_seconds": GC["seconds"], "gc_full": GC["full_collections"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    })
    if out:
        out.write_text(text)
    elif profiler is None:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
