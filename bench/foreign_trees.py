"""Large trees nobody wrote for the plugin, every NS code selected (issue 13).

usage: python bench/foreign_trees.py [--dest DIR] [--only NAME,...]
                                     [--json OUT] [--fetch-only] [--check]

The trees: the running Python's standard library with its tests (its own
folder, `site-packages` left out) and two large projects fetched as pinned
wheels with `pip download` (never installed, never imported: a wheel is a
zip of the sources) into DIR (default `bench/.trees/`, ignored by git).

For each tree:

- `flake8 -j1 --isolated --select NS --extend-select NS103,NS105,NS402`
  over the tree, with and without the plugin (`flake8_variant.py`, the same
  flake8 and plugins otherwise): files, findings per code, NS001 (must be
  0), tracebacks (must be 0), wall and CPU time, peak RSS of each run;
- the plugin alone, in-process, file after file as `-j1` runs it: its CPU
  time per file (the slowest file; none may take over 1 s), the files that
  needed astroid, and the resident set after each tenth of the files
  (flat: no file's trees outlive it).

`--check` exits 1 when a tree has an NS001, a traceback or a file over 1 s.
`tests/test_real_trees.py` runs the same checks (not the timing) when
NETNS_FOREIGN is set.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import glob
import json
import os
import pathlib
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import proc  # noqa: E402

EVERY_CODE = ("--select", "NS", "--extend-select", "NS103,NS105,NS402")
MAX_FILE_SECONDS = 1.0
STDLIB_EXCLUDE = ("site-packages", "__pycache__")


@dataclasses.dataclass(frozen=True)
class Tree:
    name: str
    pin: str | None          # a wheel `NAME==VERSION`; None: the stdlib
    package: str             # the folder flake8 checks, below the root


TREES = (
    Tree("stdlib", None, ""),
    Tree("django", "django==5.2.19", "django"),
    Tree("ansible-core", "ansible-core==2.17.14", "ansible"),
)


def stdlib_root() -> pathlib.Path:
    return pathlib.Path(sysconfig.get_paths()["stdlib"])


def tree_root(tree: Tree, dest: pathlib.Path, fetch: bool = True) -> pathlib.Path | None:
    """Where the tree's package folder lies: the stdlib's own folder, or the
    unpacked wheel `DEST/NAME-VERSION/` (downloaded if `fetch`)."""
    if tree.pin is None:
        return stdlib_root()
    name, version = tree.pin.split("==")
    target = dest / f"{name}-{version}"
    if (target / tree.package).is_dir():
        return target
    if not fetch:
        return None
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                        "--only-binary", ":all:", "--dest", download, tree.pin],
                       check=True)
        wheel, = glob.glob(os.path.join(download, "*.whl"))
        staging = pathlib.Path(download) / "tree"
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(staging, [m for m in archive.namelist()
                                         if ".dist-info/" not in m and ".data/" not in m])
        # a half-unpacked tree must never be mistaken for a finished one
        os.replace(staging, target)
    return target


def python_files(tree: Tree, root: pathlib.Path) -> list[pathlib.Path]:
    """The files flake8 checks in the tree, relative to `root`."""
    base = root / tree.package if tree.package else root
    return sorted(p.relative_to(root) for p in base.rglob("*.py")
                  if not set(STDLIB_EXCLUDE) & set(p.relative_to(root).parts))


def flake8_argv(tree: Tree, variant: str) -> list[str]:
    """`flake8 -j1` over the tree through `flake8_variant.py`."""
    return [sys.executable, str(HERE / "flake8_variant.py"), variant, "--isolated",
            *EVERY_CODE, "-j", "1", "--extend-exclude", ",".join(STDLIB_EXCLUDE),
            "--format", "%(path)s:%(row)d:%(col)d: %(code)s %(text)s",
            tree.package or "."]


def run_flake8(tree: Tree, root: pathlib.Path, variant: str = "with") -> proc.Run:
    return proc.measure(flake8_argv(tree, variant), root)


@dataclasses.dataclass
class Outcome:
    findings: dict[str, int]       # code -> count
    files_reported: int            # files with at least one finding
    ns001: list[str]
    tracebacks: int
    returncode: int


def outcome(run: proc.Run) -> Outcome:
    codes: collections.Counter[str] = collections.Counter()
    paths, ns001 = set(), []
    for line in run.stdout.splitlines():
        where, _, rest = line.partition(": ")
        code = rest.split(" ", 1)[0]
        if not code.startswith("NS"):
            continue
        codes[code] += 1
        paths.add(where.split(":", 1)[0])
        if code == "NS001":
            ns001.append(line)
    return Outcome(dict(sorted(codes.items())), len(paths), ns001,
                   run.stderr.count("Traceback"), run.returncode)


def problems(result: Outcome) -> list[str]:
    """What makes a tree fail: NS001, a traceback, an exit code other than
    0 (clean) or 1 (findings)."""
    found = list(result.ns001)
    if result.tracebacks or result.returncode not in (0, 1):
        found.append(f"exit {result.returncode}, {result.tracebacks} tracebacks")
    return found


# -- the plugin alone, in-process (run in a child: see `timing_child`) --------

def time_plugin(root: pathlib.Path, files: list[pathlib.Path]) -> dict:
    """The plugin's CPU time for each file as `flake8 -j1` runs it (after
    flake8 has read, tokenized and parsed it), the files that needed
    astroid, and the resident set after each tenth of the files."""
    from flake8.options.parse_args import parse_args

    from bench.scaling import _prepared
    from flake8_netns.model import inference
    from flake8_netns.plugin import NetnsChecker

    _, options = parse_args(["--isolated", *EVERY_CODE])
    NetnsChecker.parse_options(options)
    astroid_files: list[str] = []
    build = inference.ReturnInference._build

    def counted(self):
        astroid_files.append(self._filename)
        return build(self)

    inference.ReturnInference._build = counted
    seconds: dict[str, float] = {}
    rss: list[float] = []
    step = max(1, len(files) // 10)
    first_astroid = None   # astroid's import and bootstrap: about 20 MB once
    for i, rel in enumerate(files, 1):
        prepared = _prepared(root / rel)
        if prepared is not None:
            lines, tree = prepared
            start = time.process_time()
            list(NetnsChecker(tree, lines, str(root / rel)).run())
            seconds[str(rel)] = time.process_time() - start
            first_astroid = first_astroid or (i if astroid_files else None)
        if i % step == 0 or i == len(files):
            rss.append(_rss_mb())
    slowest = sorted(seconds.items(), key=lambda item: -item[1])[:5]
    return {"timed_files": len(seconds), "plugin_seconds": sum(seconds.values()),
            "slowest": slowest,
            "over_1s": [f for f, s in seconds.items() if s > MAX_FILE_SECONDS],
            "astroid_files": len(astroid_files), "first_astroid_file": first_astroid,
            "rss_mb_by_tenth": rss}


def _rss_mb() -> float:
    """The resident set now (Linux); 0 where /proc is not there."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def timing_child(tree: Tree, root: pathlib.Path) -> tuple[dict, proc.Run]:
    """`time_plugin` in a child of its own: this process stays small, so
    the flake8 runs it measures do not inherit its peak resident set (nor
    the plugin's class settings)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        run = proc.measure([sys.executable, __file__, "--time-plugin",
                            "--package", tree.package, "--root", str(root),
                            "--json", out.name], ROOT)
        if run.returncode:
            raise SystemExit(f"timing {tree.name} failed:\n{run.stderr[-3000:]}")
        return json.loads(out.read()), run


# -- the report ---------------------------------------------------------

def measure_tree(tree: Tree, root: pathlib.Path) -> dict:
    files = python_files(tree, root)
    with_plugin = run_flake8(tree, root, "with")
    without = run_flake8(tree, root, "without")
    result = outcome(with_plugin)
    timing, timing_run = timing_child(tree, root)
    return {
        "tree": tree.name, "pin": tree.pin or f"Python {sys.version.split()[0]}",
        "root": str(root), "files": len(files),
        "findings": result.findings, "total_findings": sum(result.findings.values()),
        "files_with_findings": result.files_reported,
        "ns001": len(result.ns001), "ns001_lines": result.ns001[:20],
        "tracebacks": result.tracebacks, "returncode": result.returncode,
        "problems": problems(result),
        "with": {"wall": with_plugin.wall, "cpu": with_plugin.cpu,
                 "peak_rss_mb": with_plugin.peak_rss_mb},
        "without": {"wall": without.wall, "cpu": without.cpu,
                    "peak_rss_mb": without.peak_rss_mb,
                    "returncode": without.returncode},
        "plugin": {**timing, "peak_rss_mb": timing_run.peak_rss_mb},
    }


def summary(figures: dict) -> str:
    plugin = figures["plugin"]
    slow_file, slow_seconds = (plugin["slowest"] or [("-", 0.0)])[0]
    rss = plugin["rss_mb_by_tenth"]
    return "\n".join([
        f"{figures['tree']} ({figures['pin']}): {figures['files']} files, "
        f"{figures['total_findings']} findings in {figures['files_with_findings']} files",
        f"  per code: {figures['findings']}",
        f"  NS001: {figures['ns001']}, tracebacks: {figures['tracebacks']}, "
        f"exit {figures['returncode']}",
        f"  flake8 -j1 with the plugin: {figures['with']['wall']:.0f} s wall, "
        f"{figures['with']['cpu']:.0f} s CPU, peak RSS {figures['with']['peak_rss_mb']:.0f} MB;"
        f" without: {figures['without']['wall']:.0f} s, {figures['without']['cpu']:.0f} s CPU,"
        f" {figures['without']['peak_rss_mb']:.0f} MB",
        f"  plugin alone: {plugin['plugin_seconds']:.1f} s CPU over "
        f"{plugin['timed_files']} files, slowest {slow_file} {slow_seconds:.2f} s, "
        f"{len(plugin['over_1s'])} over {MAX_FILE_SECONDS:.0f} s, "
        f"{plugin['astroid_files']} files through astroid (the first: file "
        f"{plugin.get('first_astroid_file') or '-'})",
        "  resident set by tenth of the files (MB): "
        + " ".join(f"{mb:.0f}" for mb in rss),
    ])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=pathlib.Path, default=HERE / ".trees")
    parser.add_argument("--only", default="", help="comma-separated tree names")
    parser.add_argument("--json", type=pathlib.Path)
    parser.add_argument("--fetch-only", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--time-plugin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--package", default="", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    trees = {t.name: t for t in TREES}
    if args.time_plugin:   # the child of `timing_child`
        tree = Tree("timed", None, args.package)
        figures = time_plugin(args.root, python_files(tree, args.root))
        args.json.write_text(json.dumps(figures))
        return 0
    chosen = [trees[n] for n in args.only.split(",") if n] or list(TREES)
    results, failed = [], False
    for tree in chosen:
        root = tree_root(tree, args.dest.expanduser())
        if args.fetch_only:
            print(f"{tree.name}: {root}")
            continue
        figures = measure_tree(tree, root)
        results.append(figures)
        print(summary(figures), flush=True)
        for line in figures["problems"][:20]:
            print("  PROBLEM " + line)
        failed = failed or bool(figures["problems"]) or bool(figures["plugin"]["over_1s"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
