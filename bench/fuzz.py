"""Fuzz the checker with many generated programs (issue 7's large count).

usage: python bench/fuzz.py [--examples N] [--seed S]

Runs the strategies of `tests/test_fuzz.py` (hypothesmith programs, half of
them spiced with the calls and comments the rule families look for) by the
thousand instead of the test suite's small derandomized count. The property
is the same: the checker returns and reports no NS001. Hypothesis shrinks a
failure to a small program and prints it. Needs the test extra:
`pip install -e '.[test]'`.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sys.path.insert(0, ROOT)
    # hypothesmith compiles what it generates: `...()` is valid, and noisy
    warnings.simplefilter("ignore", SyntaxWarning)
    try:
        from hypothesis import HealthCheck, given, seed, settings
        from tests.test_fuzz import findings_of, programs
    except ImportError as exc:
        sys.exit(f"bench/fuzz.py needs the test extra "
                 f"(pip install -e '.[test]'): {exc}")
    counts = {"checked": 0, "not_python": 0}

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(programs())
    def checker_never_fails(source: str) -> None:
        findings = findings_of(source)
        if findings is None:
            counts["not_python"] += 1
            return
        counts["checked"] += 1
        crashes = [f.text for f in findings if f.code == "NS001"]
        assert not crashes, crashes

    start = time.perf_counter()
    checker_never_fails()
    print(f"fuzz: {counts['checked']} programs checked without NS001, "
          f"{counts['not_python']} generated programs flake8 would not parse, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
