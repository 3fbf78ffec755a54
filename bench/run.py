"""The speed benchmark of issue 6: one command, four figures, one machine.

usage: python -m bench.run [--tree ROOT] [--rounds N] [--editor-runs N]
                           [--only tree,editor,peers,scaling] [--profile]
                           [--json OUT] [--markdown OUT] [--check]
       (or python bench/run.py ...)

Run it with the interpreter that has flake8 and flake8-netns installed. It
fetches neutron 29.0.0 on first use (bench/.trees/, or reuses the development
corpus), installs bandit into bench/.venvs/bandit for the peer figure, and
prints, measured in this one run:

  tree     flake8 -j1 over the tree with vs without the plugin: wall and
           peak-RSS ratios (targets <= 1.15 and <= 1.30)
  editor   `flake8 -` on neutron/agent/linux/ip_lib.py as a whole process,
           with vs without, median of several runs (target <= 1.25)
  peers    bandit's whole run over the tree and the plugin's added seconds
           (target: added < half of bandit's time)
  scaling  the plugin's own time per file vs size: slope, growth exponent,
           five slowest files (target: no file over 1 s)

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

HERE = pathlib.Path(__file__).resolve().parent
if not __package__:
    # run as `python bench/run.py`: make the `bench` package importable
    sys.path.insert(0, str(HERE.parent))

from bench import peers, report  # noqa: E402
from bench.proc import Run, measure  # noqa: E402
from bench.stats import growth_exponent, line_fit, median, spread  # noqa: E402
from bench.tree import EDITOR_FILE, PACKAGE, PINNED, pinned_tree  # noqa: E402

VARIANTS = ("with", "without")
FIGURES = ("tree", "editor", "scaling", "peers")


def flake8(variant: str, *args: str) -> list[str]:
    # --isolated: the same options for both variants, whatever config the
    # tree or the user holds
    return [sys.executable, str(HERE / "flake8_variant.py"), variant,
            "--isolated", *args]


def check_variants(root: pathlib.Path) -> dict[str, str]:
    """Both variants report the plugins they load; one warm-up check of the
    editor file each fills the bytecode cache before anything is timed."""
    for variant in VARIANTS:
        measure(editor_argv(variant), root, stdin=root / EDITOR_FILE)
    versions = {v: measure(flake8(v, "--version"), root).stdout.split(")")[0]
                for v in VARIANTS}
    if "flake8-netns" not in versions["with"] or \
            "flake8-netns" in versions["without"]:
        sys.exit(f"bench: the two flake8 variants are not what they should "
                 f"be: {versions}")
    return {v: " ".join(text.split()) + ")" for v, text in versions.items()}


def paired(argv_for, rounds: int, root: pathlib.Path,
           stdin: pathlib.Path | None = None,
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
    out = {}
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


def tree_figure(root: pathlib.Path, rounds: int) -> dict:
    runs = paired(lambda v: flake8(v, "-j1", PACKAGE), rounds, root,
                  progress="tree")
    result = summary(runs)
    result["ns_findings"] = ns_findings(runs["with"][0])
    result["ns001_or_traceback"] = any(
        "NS001" in r.stdout or "Traceback" in r.stderr for r in runs["with"])
    return result


def editor_argv(variant: str) -> list[str]:
    return flake8(variant, "--stdin-display-name", EDITOR_FILE, "-")


def editor_figure(root: pathlib.Path, runs_wanted: int) -> dict:
    runs = paired(editor_argv, runs_wanted, root, stdin=root / EDITOR_FILE)
    return summary(runs)


def scaling_figure(root: pathlib.Path, profile: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "rows.json"
        argv = [sys.executable, "-m", "bench.scaling", str(root),
                "--json", str(out)]
        done = subprocess.run(argv, capture_output=True, text=True,
                              cwd=HERE.parent)
        if done.returncode:
            sys.exit(f"bench: scaling failed:\n{done.stderr[-3000:]}")
        measured = json.loads(out.read_text())
        rows = measured["files"]
        profile_text = None
        if profile:
            argv += ["--profile", str(pathlib.Path(tmp) / "plugin.prof")]
            profile_text = subprocess.run(argv, capture_output=True,
                                          text=True, check=True,
                                          cwd=HERE.parent).stdout
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
        "median_ms": median(ys),
        "max_seconds": slowest[0]["seconds"] if slowest else 0.0,
        "slowest": slowest,
        "ns001_files": [r["file"] for r in rows if r["ns001"]],
        "families": measured["families"],
        "gc_seconds": measured["gc_seconds"], "gc_full": measured["gc_full"],
        "peak_rss_mb": measured["peak_rss_mb"],
        "profile": profile_text,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="flake8-netns speed benchmark (issue 6)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--tree", type=pathlib.Path,
                        help=f"a root holding {PACKAGE}/ ({PINNED} is "
                             "fetched when omitted)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="with/without pairs over the tree (default 3)")
    parser.add_argument("--editor-runs", type=int, default=15,
                        help="with/without pairs on one file (default 15)")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help="comma-separated figures to measure")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the plugin over the tree")
    parser.add_argument("--json", type=pathlib.Path,
                        help="write every figure as JSON here")
    parser.add_argument("--markdown", type=pathlib.Path,
                        help="write a README 'Speed' section here")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    wanted = [f.strip() for f in args.only.split(",") if f.strip()]
    unknown = set(wanted) - set(FIGURES)
    if unknown or args.rounds < 1 or args.editor_runs < 1:
        parser.error(f"--only takes {','.join(FIGURES)}; rounds and runs "
                     "must be positive")

    root = pinned_tree(args.tree).resolve()
    results: dict = {"tree_root": str(root), "pinned": PINNED,
                     "command": report.command_line(argv),
                     "machine": report.machine()}
    results["variants"] = check_variants(root)
    measures = {"tree": lambda: tree_figure(root, args.rounds),
                "editor": lambda: editor_figure(root, args.editor_runs),
                "scaling": lambda: scaling_figure(root, args.profile),
                "peers": lambda: peers.figure(root, PACKAGE, results)}
    for name in FIGURES:  # peers last: it reads the plugin's added time
        if name in wanted:
            load = os.getloadavg()[0]
            results[name] = measures[name]()
            results[name]["load"] = (load, os.getloadavg()[0])

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
