"""Fuzz the checker with many generated programs (issue 7's large count).

usage: python bench/fuzz.py [--examples N] [--seed S]

Runs the strategies below (also used by `tests/test_fuzz.py`) (hypothesmith programs, half of
them spiced with the calls and comments the rule families look for) by the
thousand instead of the test suite's small derandomized count. The property
is the same: the checker returns and reports no NS001. Hypothesis shrinks a
failure to a small program and prints it. Needs the test extra:
`pip install -e '.[test]'`.
"""
from __future__ import annotations

import argparse
import tokenize
import io
import collections
import ast
import os
import sys
import time
import warnings
from typing import TYPE_CHECKING

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if not __package__:
    sys.path.insert(0, ROOT)   # run as `python bench/fuzz.py`

from bench import mutate  # noqa: E402
from flake8_netns.context import FileContext  # noqa: E402
from flake8_netns.plugin import check  # noqa: E402


SPICE = [
    "import subprocess\n",
    "import os as subprocess\n",
    "from oslo_log import log as logging\nLOG = logging.getLogger(__name__)\n",
    "subprocess.call('ip link set %s up' % dev, shell=True)\n",
    "execute(['ip', 'netns', 'exec', ns, 'sysctl', '-w', 'a.%s=1' % x])\n",
    "LOG.debug('password %s', password)\n",
    "LOG.info(locals())\n",
    "try:\n    utils.execute(cmd)\nexcept Exception:\n    pass\n",
    "with contextlib.suppress(Exception):\n    os.system(cmd)\n",
    "# TODO(someone): clean up the leaked port\n#   and the namespace\n",
    "# XXX: FIXME bug 12\n",
    "def run(cmd, shell=False):\n    return subprocess.run(cmd, shell=shell)\n",
    "run('sh -c ' + cmd, shell=True)\n",
    "def wrap(*args):\n    return run(['ip', *args])\n",
    "cmd = ['ip']\ncmd += ['link', dev]\ncmd.append('x%s' % y)\n",
    "LOG = None\nsubprocess = LOG\n",
]
# where no sibling module exists: the fuzzed program is checked alone
FILENAME = "/nonexistent-flake8-netns-fuzz/fuzzed.py"
OPTIONS = ("--netns-exec-functions=run_*:shell,*.cmd:argv",
           "--netns-loggers=self.audit", "--netns-secret-words=cookie",
           "--netns-sanitizers=scrub_it", "--netns-resource-words=vlan")


def spiced(program: str, spice: list[str]) -> str:
    """The spice at the top, then the program: a program that is valid
    alone stays valid (a `from __future__` import must stay first)."""
    if program.lstrip().startswith("from __future__"):
        return program + "\n" + "".join(spice)
    return "".join(spice) + "\n" + program


if TYPE_CHECKING:
    from hypothesis import strategies as st


def programs() -> "st.SearchStrategy[str]":
    """hypothesmith programs, a third of them spiced (needs the test extra)."""
    import hypothesmith
    from hypothesis import strategies as st
    return st.one_of(
        hypothesmith.from_grammar(),
        hypothesmith.from_node(),
        st.builds(spiced, hypothesmith.from_grammar(),
                  st.lists(st.sampled_from(SPICE), min_size=1, max_size=8)),
    )


def findings_of(source: str):
    """The checker's findings for `source` as flake8 would hand it over,
    or None when flake8 would not run AST plugins on it (E999)."""
    try:
        tree = ast.parse(source)
        # flake8 tokenizes a file too: one it cannot tokenize gets no AST
        # plugin (the plugin itself reads no tokens)
        collections.deque(tokenize.generate_tokens(io.StringIO(source).readline), 0)
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError,
            MemoryError):
        return None
    context = FileContext(tree, source.splitlines(True), FILENAME,
                          mutate.checker_settings(*OPTIONS))
    return check(context)


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
