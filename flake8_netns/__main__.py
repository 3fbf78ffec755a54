"""`python -m flake8_netns`: the rule reference and the baseline writer.

    python -m flake8_netns codes              every code and its default state
    python -m flake8_netns explain NS101      the rule's page
    python -m flake8_netns baseline [PATHS]   record today's findings
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from flake8_netns import baseline, docs
from flake8_netns.codes import CODES

DEFAULT_BASELINE = ".flake8-netns-baseline.json"


def _codes(_args: argparse.Namespace) -> int:
    for code in CODES.values():
        state = "on" if code.default_on else "opt-in"
        print(f"{code.code}  {state:<6}  {code.title}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    try:
        text = docs.page(args.code)
    except docs.NoPage:
        print(f"flake8-netns: no rule {args.code!r}; "
              f"'python -m flake8_netns codes' lists them", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _baseline(args: argparse.Namespace) -> int:
    output = os.path.abspath(args.output)
    try:
        counts = baseline.collect(args.paths, os.path.dirname(output),
                                  args.flake8_arg)
    except baseline.Flake8Failed as exc:
        print(f"flake8-netns: flake8 failed: {exc}", file=sys.stderr)
        return 2
    try:
        os.makedirs(os.path.dirname(output), exist_ok=True)
        with open(output, "w", encoding="utf-8") as handle:
            baseline.dump(counts, handle)
    except OSError as exc:
        print(f"flake8-netns: cannot write {args.output}: {exc}",
              file=sys.stderr)
        return 2
    total = sum(counts.values())
    print(f"recorded {total} finding{'s' * (total != 1)} in {args.output}; "
          f"use it with: flake8 --netns-baseline={args.output}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m flake8_netns",
        description="flake8-netns rule reference and baseline writer")
    commands = top.add_subparsers(dest="command", required=True)

    commands.add_parser("codes", help="list every code and its default "
                                      "state").set_defaults(run=_codes)

    explain = commands.add_parser("explain", help="print a rule's page")
    explain.add_argument("code", help="e.g. NS101")
    explain.set_defaults(run=_explain)

    write = commands.add_parser(
        "baseline", help="record the current findings so that only new "
                         "ones are reported")
    write.add_argument("paths", nargs="*",
                       help="files or directories (default: .)")
    write.add_argument("-o", "--output", default=DEFAULT_BASELINE,
                       help=f"baseline file to write (default: "
                            f"{DEFAULT_BASELINE})")
    write.add_argument("--flake8-arg", action="append", default=[],
                       metavar="ARG",
                       help="pass ARG on to flake8 (repeatable), e.g. "
                            "--flake8-arg=--extend-exclude=build")
    write.set_defaults(run=_baseline)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
