"""Generated programs never make the checker raise or report NS001.

hypothesmith writes valid Python from the grammar (and from libcst's node
types); since a random program rarely calls `subprocess` or logs a
password, half of the programs are spiced with the calls and comments the
rule families look for, so that the analysis itself runs, not only its
pre-filters. The normal suite runs a small fixed number, derandomized so CI
is deterministic; `bench/fuzz.py` runs these same strategies by the
thousand.
"""
from __future__ import annotations

import ast
import io
import tokenize

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_netns.context import FileContext
from flake8_netns.plugin import check
from tests.helpers import settings_for

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


def programs() -> st.SearchStrategy[str]:
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
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError,
            MemoryError):
        return None
    context = FileContext(tree, source.splitlines(True), FILENAME,
                          settings_for(*OPTIONS), tokens)
    return check(context)


def assert_checked_cleanly(source: str) -> None:
    findings = findings_of(source)
    if findings is not None:
        assert not [f.text for f in findings if f.code == "NS001"], source


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=100, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(programs())
def test_generated_programs_are_checked_without_NS001(source):
    assert_checked_cleanly(source)


def test_the_spice_alone_reaches_every_default_family():
    """Guards the fuzz's premise: the spice exercises the analysis."""
    findings = findings_of(spiced("x = 1\n", SPICE))
    assert {f.code[:3] for f in findings} == {"NS1", "NS2", "NS3", "NS4"}
