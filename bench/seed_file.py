"""The seed file of RULES.md, checked through a real flake8 run (issue 12).

neutron 10.0.5's `neutron/agent/l3/dvr_fip_ns.py` must give exactly

- by default: NS401 at lines 217 and 225, nothing else of NS;
- with the opt-in codes (`--extend-select NS103,NS105,NS402`): those, NS103
  at line 179 (at the argv element, column 32 as flake8 prints it) and
  NS402 at lines 270 and 404.

The file comes from the release's sdist, fetched with
`pip download --no-deps --no-binary :all: neutron==10.0.5` into
`bench/.trees/` (git-ignored) the first time and reused after.

    python bench/seed_file.py            # prints each part, exit 1 on a miss
    python bench/seed_file.py --cache DIR

`tests/test_seed_file.py` runs it when NETNS_NETWORK=1 or NETNS_CORPUS is set.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile

PINNED = "neutron==10.0.5"
SEED = "neutron/agent/l3/dvr_fip_ns.py"
OPT_IN = ("--extend-select", "NS103,NS105,NS402")
# (line, flake8's 1-based column or None for any, code)
Expected = tuple[int, "int | None", str]
Found = tuple[int, int, str, str]
DEFAULT: set[Expected] = {(217, None, "NS401"), (225, None, "NS401")}
WITH_OPT_IN: set[Expected] = DEFAULT | {(179, 32, "NS103"), (270, None, "NS402"),
                                        (404, None, "NS402")}

HERE = pathlib.Path(__file__).resolve().parent
CACHE = HERE / ".trees"


@dataclasses.dataclass
class Part:
    """One run of flake8 on the seed file and what it should have given."""

    name: str
    args: tuple[str, ...]
    expected: set[Expected]
    found: list[Found] = dataclasses.field(default_factory=list)
    error: str = ""

    @property
    def missing(self) -> list[Expected]:
        return sorted((e for e in self.expected if not any(_matches(e, f) for f in self.found)),
                      key=lambda e: (e[0], e[2]))

    @property
    def extra(self) -> list[Found]:
        return [f for f in self.found if not any(_matches(e, f) for e in self.expected)]

    @property
    def passed(self) -> bool:
        return not self.error and not self.missing and not self.extra


def _matches(expected: Expected, found: Found) -> bool:
    line, col, code = expected
    return found[0] == line and found[2] == code and col in (None, found[1])


def seed_file(cache: pathlib.Path = CACHE) -> pathlib.Path:
    """The seed file on disk, fetched from the sdist when not cached."""
    name, version = PINNED.split("==")
    target = cache / f"{name}-{version}" / SEED
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "-q", "-d", tmp, PINNED],
            capture_output=True, text=True)
        archives = list(pathlib.Path(tmp).glob(f"{name}-{version}.tar.gz"))
        if done.returncode or not archives:
            raise RuntimeError(f"could not download {PINNED}:\n{done.stderr}")
        member = f"{name}-{version}/{SEED}"
        with tarfile.open(archives[0]) as sdist:
            data = sdist.extractfile(member)
            if data is None:
                raise RuntimeError(f"{member} is not a file in the sdist")
            text = data.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    # written whole and then renamed: a half-written file is never reused
    partial = target.with_suffix(".partial")
    partial.write_bytes(text)
    partial.replace(target)
    return target


def run_flake8(path: pathlib.Path, *args: str) -> tuple[list[Found], str]:
    """The NS findings of `flake8 --isolated [args] SEED`, run from the
    tree root as a user would (every other plugin's codes dropped)."""
    root = path.parents[len(pathlib.PurePosixPath(SEED).parts) - 1]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *args,
         "--format", "%(row)d:%(col)d:%(code)s:%(text)s", SEED],
        cwd=root, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        return [], f"flake8 exited {done.returncode}: {done.stderr.strip()[-2000:]}"
    found = []
    for row in done.stdout.splitlines():
        line, col, code, text = row.split(":", 3)
        if code.startswith("NS"):
            found.append((int(line), int(col), code, text))
    return found, ""


def check(cache: pathlib.Path = CACHE) -> list[Part]:
    path = seed_file(cache)
    parts = [Part("default", (), DEFAULT), Part("opt-in", OPT_IN, WITH_OPT_IN)]
    for part in parts:
        part.found, part.error = run_flake8(path, *part.args)
    return parts


def report(parts: list[Part]) -> str:
    lines = []
    for part in parts:
        lines.append(f"{part.name}: {'PASS' if part.passed else 'FAIL'}")
        if part.error:
            lines.append(f"  {part.error}")
        for line, col, code in part.missing:
            where = f"{line}:{col}" if col else str(line)
            lines.append(f"  missing {code} at {where}")
        for line, col, code, text in part.extra:
            lines.append(f"  extra   {line}:{col} {code} {text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=pathlib.Path, default=CACHE,
                        help="where the seed file is kept (default: bench/.trees)")
    options = parser.parse_args(argv)
    parts = check(options.cache)
    print(report(parts))
    return 0 if all(part.passed for part in parts) else 1


if __name__ == "__main__":
    sys.exit(main())
