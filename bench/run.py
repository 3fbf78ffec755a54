"""The speed benchmark: one command, the figures of every pinned tree, one
machine.

usage: python -m bench.run [--trees neutron,nova] [--root NAME=PATH]
                           [--rounds N] [--editor-runs N]
                           [--only tree,editor,scaling,peers] [--profile]
                           [--json OUT] [--markdown OUT] [--check]
       (or python bench/run.py ...)

Run it with the interpreter that has flake8 and flake8-netns installed. It
fetches each tree on first use (neutron 29.0.0; nova 34.0.0, of which it
checks virt, network, privsep and compute) into bench/.trees/ or reuses the
development corpus, installs bandit into bench/.trees/venv-bandit for the
peer figure, and prints the figures `--help` lists, measured in this one
run, each against its target (the targets live in bench/report.py).

With and without runs alternate (with-first, then without-first) so drift in
the machine's load falls on both; ratios are medians of the per-pair ratios,
and the spread is the lowest and highest pair.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import Callable

HERE = pathlib.Path(__file__).resolve().parent
if not __package__:
    # run as `python bench/run.py`: make the `bench` package importable
    sys.path.insert(0, str(HERE.parent))

from bench import peers, report  # noqa: E402
from bench.proc import Run, measure  # noqa: E402
from bench.stats import growth_exponent, line_fit, median, spread  # noqa: E402
from bench.tree import (EDITOR_FILE, EDITOR_TREE, TREES, Tree,  # noqa: E402
                        pinned_tree, python_files)

VARIANTS = ("with", "without")
FIGURES = ("tree", "editor", "scaling", "peers")
TREE_FIGURES = ("tree", "scaling", "peers")   # per tree; peers last: it
#                                               reads the plugin's added time


def flake8(variant: str, *args: str) -> list[str]:
    # --isolated: the same options for both variants, whatever config the
    # tree or the user holds
    return [sys.executable, str(HERE / "flake8_variant.py"), variant,
            "--isolated", *args]


def stdin_argv(variant: str, name: str) -> list[str]:
    return flake8(variant, "--stdin-display-name", name, "-")


def check_variants(root: pathlib.Path, sample: str) -> dict[str, str]:
    """Both variants report the plugins they load; one warm-up check of a
    file each fills the bytecode cache before anything is timed."""
    for variant in VARIANTS:
        measure(stdin_argv(variant, sample), root, stdin=root / sample)
    versions = {v: measure(flake8(v, "--version"), root).stdout.split(")")[0]
                for v in VARIANTS}
    if "flake8-netns" not in versions["with"] or \
            "flake8-netns" in versions["without"]:
        sys.exit(f"bench: the two flake8 variants are not what they should "
                 f"be: {versions}")
    return {v: " ".join(text.split()) + ")" for v, text in versions.items()}


def paired(argv_for: Callable[[str], list[str]], rounds: int,
           root: pathlib.Path, stdin: pathlib.Path | None = None,
           progress: str = "") -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {v: [] for v in VARIANTS}
    for i in range(rounds):
        order = VARIANTS if i % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            run = measure(argv_for(variant), root, stdin)
            if run.returncode not in (0, 1) or "Traceback" in run.stderr:
                sys.exit(f"bench: flake8 {variant} failed "
                         f"({run.returncode}):\n{run.stderr[-3000:]}")
            runs[variant].append(run)
        if progress:
            w, wo = runs["with"][-1], runs["without"][-1]
            print(f"  {progress} {i + 1}/{rounds}: with {w.wall:.2f} s "
                  f"(cpu {w.cpu:.2f}), without {wo.wall:.2f} s "
                  f"(cpu {wo.cpu:.2f})", file=sys.stderr)
    return runs


def ratios(runs: dict[str, list[Run]], attr: str) -> list[float]:
    return [getattr(w, attr) / getattr(wo, attr)
            for w, wo in zip(runs["with"], runs["without"])]


def summary(runs: dict[str, list[Run]]) -> dict:
    """Per measure (wall, cpu, peak RSS): the median of the pairs' ratios,
    their spread and the median of each variant's own values."""
    out: dict = {}
    for attr in ("wall", "cpu", "peak_rss_mb"):
        values = ratios(runs, attr)
        out[attr] = {"ratio": median(values), "spread": spread(values),
                     "with": median([getattr(r, attr) for r in runs["with"]]),
                     "without": median([getattr(r, attr)
                                        for r in runs["without"]])}
    for attr in ("wall", "cpu"):
        out[f"added_{attr}_seconds"] = median(
            [getattr(w, attr) - getattr(wo, attr)
             for w, wo in zip(runs["with"], runs["without"])])
    out["runs"] = len(runs["with"])
    return out


def ns_findings(run: Run) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in run.stdout.splitlines():
        parts = line.split(": ", 1)
        if len(parts) == 2 and parts[1].startswith("NS"):
            code = parts[1].split()[0]
            counts[code] = counts.get(code, 0) + 1
    return counts


def tree_figure(tree: Tree, root: pathlib.Path, rounds: int) -> dict:
    """One `flake8 -j1` run over all of the tree's folders per variant and
    round."""
    runs = paired(lambda v: flake8(v, "-j1", *tree.paths), rounds, root,
                  progress=f"{tree.name} tree")
    result = summary(runs)
    result["ns_findings"] = ns_findings(runs["with"][0])
    result["ns001_or_traceback"] = any(
        "NS001" in r.stdout or "Traceback" in r.stderr for r in runs["with"])
    return result


def editor_figure(root: pathlib.Path, runs_wanted: int) -> dict:
    runs = paired(lambda v: stdin_argv(v, EDITOR_FILE), runs_wanted, root,
                  stdin=root / EDITOR_FILE)
    return {**summary(runs), "file": EDITOR_FILE, "pinned": EDITOR_TREE.pin}


def scaling_figure(tree: Tree, root: pathlib.Path, profile: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "rows.json"
        argv = [sys.executable, "-m", "bench.scaling", str(root),
                *tree.paths, "--json", str(out)]
        done = subprocess.run(argv, capture_output=True, text=True,
                              cwd=HERE.parent)
        if done.returncode:
            sys.exit(f"bench: scaling failed:\n{done.stderr[-3000:]}")
        measured = json.loads(out.read_text())
        profile_text = None
        if profile:
            argv += ["--profile", str(pathlib.Path(tmp) / "plugin.prof")]
            profile_text = subprocess.run(argv, capture_output=True,
                                          text=True, check=True,
                                          cwd=HERE.parent).stdout
    return {**scaling_fit(measured["files"]),
            "families": measured["families"],
            "gc_seconds": measured["gc_seconds"], "gc_full": measured["gc_full"],
            "peak_rss_mb": measured["peak_rss_mb"],
            "profile": profile_text}


def scaling_fit(rows: list[dict]) -> dict:
    """The per-file rows of bench.scaling summed up and fitted against each
    file's size in lines."""
    xs = [r["lines"] / 1000 for r in rows]
    ys = [r["seconds"] * 1000 for r in rows]
    slope, r = line_fit(xs, ys)
    slowest = sorted(rows, key=lambda row: -row["seconds"])[:5]
    return {
        "files": len(rows),
        "total_seconds": sum(r["seconds"] for r in rows),
        "total_wall_seconds": sum(r["wall_seconds"] for r in rows),
        "ms_per_kloc": slope, "pearson_r": r,
        "growth_exponent": growth_exponent(xs, ys),
        "median_ms": median(ys) if ys else 0.0,
        "max_seconds": slowest[0]["seconds"] if slowest else 0.0,
        "slowest": slowest,
        "ns001_files": [r["file"] for r in rows if r["ns001"]],
    }


def timed(measure_figure: Callable[[], dict]) -> dict:
    """A figure with the load average before and after it and how long it
    took, so a reader can tell a quiet measurement from a busy one."""
    load, start = os.getloadavg()[0], time.perf_counter()
    figure = measure_figure()
    figure["load"] = (load, os.getloadavg()[0])
    figure["elapsed"] = time.perf_counter() - start
    return figure


def tree_block(tree: Tree, root: pathlib.Path, wanted: list[str],
               args: argparse.Namespace) -> dict:
    block: dict = {"pinned": tree.pin, "title": tree.title(),
                   "root": str(root), "paths": list(tree.paths),
                   "files": len(python_files(root, tree.paths))}
    measures = {"tree": lambda: tree_figure(tree, root, args.rounds),
                "scaling": lambda: scaling_figure(tree, root, args.profile),
                "peers": lambda: peers.figure(root, tree.paths, block)}
    for name in TREE_FIGURES:
        if name in wanted:
            block[name] = timed(measures[name])
    return block


def _names(text: str, known, what: str, parser) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        parser.error(f"{what} takes some of {','.join(known)}, "
                     f"not {text!r}")
    return names


def _roots(pairs: list[str], parser) -> dict[str, pathlib.Path]:
    roots = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or name not in TREES:
            parser.error(f"--root takes NAME=PATH with NAME one of "
                         f"{','.join(TREES)}, not {pair!r}")
        roots[name] = pathlib.Path(path).expanduser()
    return roots


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="flake8-netns speed benchmark",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="figures and targets:\n" + report.figures_help() + "\n\n"
               + __doc__.split("\n\n")[-1])
    parser.add_argument("--trees", default=",".join(TREES),
                        help="comma-separated trees to measure (default "
                             f"{','.join(TREES)}; "
                             + "; ".join(t.title() for t in TREES.values())
                             + ")")
    parser.add_argument("--root", action="append", default=[],
                        metavar="NAME=PATH",
                        help="a root already holding that tree's folders "
                             "(the pinned wheel is fetched when omitted)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="with/without pairs over each tree (default 3)")
    parser.add_argument("--editor-runs", type=int, default=15,
                        help="with/without pairs on one file (default 15)")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help="comma-separated figures to measure")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the plugin over each tree")
    parser.add_argument("--json", type=pathlib.Path,
                        help="write every figure as JSON here")
    parser.add_argument("--markdown", type=pathlib.Path,
                        help="write a README 'Speed' section here")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.only = _names(args.only, FIGURES, "--only", parser)
    args.trees = _names(args.trees, list(TREES), "--trees", parser)
    args.root = _roots(args.root, parser)
    if args.rounds < 1 or args.editor_runs < 1:
        parser.error("rounds and runs must be positive")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # fetch every tree before anything is timed
    needed = list(args.trees)
    if "editor" in args.only and EDITOR_TREE.name not in needed:
        needed.append(EDITOR_TREE.name)
    roots = {name: pinned_tree(TREES[name], args.root.get(name)).resolve()
             for name in needed}
    first = TREES[needed[0]]
    results: dict = {"command": report.command_line(argv),
                     "machine": report.machine(),
                     "variants": check_variants(roots[first.name],
                                                first.sample),
                     "trees": {}}
    if set(args.only) & set(TREE_FIGURES):
        for name in args.trees:
            results["trees"][name] = tree_block(TREES[name], roots[name],
                                                args.only, args)
    if "editor" in args.only:
        results["editor"] = timed(lambda: editor_figure(
            roots[EDITOR_TREE.name], args.editor_runs))

    results["targets"] = report.targets(results)
    print(report.text(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    if args.markdown:
        args.markdown.write_text(report.markdown(results))
    failed = [t for t in results["targets"] if not t["ok"]]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
