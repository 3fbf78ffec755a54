"""Fuzz the checker with many generated programs (issue 7's large count).

usage: python bench/fuzz.py [--examples N] [--seed S]

hypothesmith generates valid Python programs; half of them are spiced with
the calls and comments the rule families look for (`subprocess`, `execute`,
`LOG`, TODOs) so that the programs reach the analysis, not only its
pre-filters. Every program goes through the checker API with every NS code's
machinery running; the property is that the checker returns and reports no
NS001 (an internal error it caught). Hypothesis shrinks a failure to a small
program and prints it. Needs the test extra: `pip install -e '.[test]'`.
"""
from __future__ import annotations

import argparse
import ast
import io
import sys
import time
import tokenize
import warnings

SPICE = [
    "import subprocess\n",
    "from oslo_log import log as logging\nLOG = logging.getLogger(__name__)\n",
    "subprocess.call('ip link set %s up' % dev, shell=True)\n",
    "execute(['ip', 'netns', 'exec', ns, 'sysctl', '-w', 'a.%s=1' % x])\n",
    "LOG.debug('password %s', password)\n",
    "try:\n    utils.execute(cmd)\nexcept Exception:\n    pass\n",
    "# TODO(someone): clean up the leaked port\n",
    "def run(cmd, shell=False):\n    return subprocess.run(cmd, shell=shell)\n",
    "run('sh -c ' + cmd, shell=True)\n",
]


def _check(source: str):
    from flake8_netns.context import FileContext
    from flake8_netns.plugin import NetnsChecker, check

    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError,
            MemoryError):
        return None  # flake8 reports E999 and runs no AST plugin
    context = FileContext(tree, source.splitlines(True), "fuzzed.py",
                          NetnsChecker.settings, tokens)
    return check(context)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # generated code is full of `1[2]` and `3()`: the compiler's warnings
    # about them are noise here
    warnings.simplefilter("ignore", SyntaxWarning)
    try:
        import hypothesmith
        from hypothesis import HealthCheck, given, seed, settings
        from hypothesis import strategies as st
    except ImportError as exc:
        sys.exit(f"bench/fuzz.py needs the test extra "
                 f"(pip install -e '.[test]'): {exc}")

    programs = st.one_of(
        hypothesmith.from_grammar(),
        hypothesmith.from_node(),
        st.tuples(hypothesmith.from_grammar(),
                  st.lists(st.sampled_from(SPICE), min_size=1, max_size=6))
        .map(lambda pair: "".join(pair[1]) + "\n" + pair[0]),
    )
    counts = {"checked": 0, "not_python": 0}

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(programs)
    def checker_never_fails(source: str) -> None:
        findings = _check(source)
        if findings is None:
            counts["not_python"] += 1
            return
        counts["checked"] += 1
        crashes = [f.text for f in findings if f.code == "NS001"]
        assert not crashes, crashes

    start = time.perf_counter()
    checker_never_fails()
    print(f"fuzz: {counts['checked']} programs checked, "
          f"{counts['not_python']} generated programs that do not parse, "
          f"no NS001, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
