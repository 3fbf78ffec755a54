"""`python -m flake8_netns`: the rule reference and the baseline writer.

    python -m flake8_netns --version          the plugin's version
    python -m flake8_netns codes              every code and its default state
    python -m flake8_netns explain NS101      the rule's page
    python -m flake8_netns explain NS1        the codes of a family
    python -m flake8_netns baseline [PATHS]   record today's findings
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from flake8_netns import __version__, baseline, docs
from flake8_netns.codes import CODES, Code

DEFAULT_BASELINE = ".flake8-netns-baseline.json"


def _code_line(code: Code) -> str:
    state = "on" if code.default_on else "opt-in"
    return f"{code.code}  {state:<6}  {code.title}"


def _codes(_args: argparse.Namespace) -> int:
    for code in CODES.values():
        print(_code_line(code))
    return 0


def _explain(args: argparse.Namespace) -> int:
    wanted = args.code.strip().upper()
    if wanted in CODES:
        sys.stdout.write(docs.page(wanted))
        return 0
    # a family or any other prefix (NS1, NS40): its codes, one a line
    matching = [c for c in CODES.values() if c.code.startswith(wanted)]
    if wanted.startswith("NS") and matching:
        for code in matching:
            print(_code_line(code))
        print(f"\n'python -m flake8_netns explain {matching[0].code}' "
              f"prints one code's page")
        return 0
    families = sorted({c.code[:3] for c in CODES.values()})
    print(f"flake8-netns: no code or family {args.code!r}: codes are "
          f"{', '.join(CODES)}; families {', '.join(families)}; "
          f"'python -m flake8_netns codes' lists them", file=sys.stderr)
    return 2


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
    top.add_argument("--version", action="version",
                     version=f"flake8-netns {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    commands.add_parser("codes", help="list every code and its default "
                                      "state").set_defaults(run=_codes)

    explain = commands.add_parser(
        "explain", help="print a rule's page, or list a family's codes")
    explain.add_argument("code", help="a code (NS101) or a family (NS1)")
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
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
