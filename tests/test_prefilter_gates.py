"""The cheap gates in front of the command model only save work: with each
one opened wide, the model finds exactly the same uses.

The index keeps, per function, the locals some binding of which may make a
built string (`maybe_built`); the prefilter looks at a local's reaching
assignments only for those. Loaded project modules that name no runner are
read shallowly. Both must be supersets of what the exact looks accept."""
from __future__ import annotations

import ast
import pathlib
import sys

import pytest

from flake8_netns.context import FileContext
from flake8_netns.model import index as index_mod
from tests.helpers import settings_for

EVAL_FILES = sorted((pathlib.Path(__file__).parent / "eval_files").glob("*.py"))
STDLIB = pathlib.Path(ast.__file__).parent
STDLIB_FILES = [STDLIB / name for name in (
    "subprocess.py", "shutil.py", "pydoc.py", "platform.py", "uuid.py", "ctypes/util.py",
    "distutils/spawn.py" if sys.version_info < (3, 12) else "webbrowser.py")]


class _Everything(set):  # type: ignore[type-arg]
    """A set holding every name: the gate opened wide."""

    def __contains__(self, item: object) -> bool:
        return True


def _uses(path: pathlib.Path) -> list[tuple[int, int, str]]:
    source = path.read_text(encoding="utf-8")
    context = FileContext(ast.parse(source), source.splitlines(True), str(path),
                          settings_for())
    if not context.may_run_commands:
        return []
    return sorted((use.call.lineno, use.call.col_offset, use.kind)
                  for use, _function in context.commands.uses())


@pytest.mark.parametrize("path", EVAL_FILES + STDLIB_FILES, ids=lambda p: p.name)
def test_maybe_built_only_saves_work(path, monkeypatch):
    narrow = _uses(path)
    original = index_mod.FileIndex.of.__func__

    def wide(cls, tree, bodies=True):
        found = original(cls, tree, bodies)
        found.module_maybe_built = _Everything()
        for function in found.functions.values():
            function.maybe_built = _Everything()
        return found

    monkeypatch.setattr(index_mod.FileIndex, "of", classmethod(wide))
    assert _uses(path) == narrow


def test_maybe_built_holds_changed_and_built_locals():
    tree = ast.parse(
        "def f(a, d):\n"
        "    cmd = 'ip link set %s up' % a\n"
        "    args = ['ip']\n"
        "    args.append(a)\n"
        "    d['k'] = a\n"
        "    n = 0\n"
        "    n += 1\n"
        "    x, y = a, 'b c'\n"
        "    r = compute(a)\n"
        "    s = a if a else 'x'\n"
        "    with open(a) as fh:\n"
        "        pass\n")
    function = index_mod.FileIndex.of(tree).functions["f"]
    assert function.maybe_built == {"cmd", "args", "d", "n", "x", "y", "s"}


SHALLOW_SOURCE = """
import textwrap
from pkg import base


class Middle(base.Base):
    def describe(self, text, *rest):
        return textwrap.dedent(text)

    @staticmethod
    def plain(a, b=1):
        def inner(c):
            return c
        return inner(a)

    class Nested:
        def hidden(self):
            return 1


if textwrap:
    def helper(text, **kwargs):
        return text
else:
    class Other(Middle, object):
        def other(self):
            return self.describe("x")


def helper(value):
    return value
"""


@pytest.mark.parametrize("source", [
    SHALLOW_SOURCE,
    (STDLIB / "textwrap.py").read_text(encoding="utf-8"),
    (STDLIB / "json" / "decoder.py").read_text(encoding="utf-8"),
    (STDLIB / "string.py").read_text(encoding="utf-8"),
], ids=["synthetic", "textwrap", "json.decoder", "string"])
def test_shallow_reading_equals_the_full_one(source, tmp_path):
    # a project module that names no runner is read without its bodies; what
    # it offers its callers (each function's and method's summary, each
    # class's bases) is what the full analysis would have made
    from flake8_netns.model import modules

    tree = ast.parse(source)
    path = str(tmp_path / "pkg" / "middle.py")
    from flake8_netns.model.project import text_names_runner

    names_sink = text_names_runner(source, settings_for())
    assert modules._runs_nothing(names_sink, tree, path, settings_for(), True)
    assert modules._shallow(tree) == modules._summarise(tree, path, settings_for(), False)


@pytest.mark.parametrize("path", EVAL_FILES + STDLIB_FILES, ids=lambda p: p.name)
def test_names_sink_only_saves_work(path, monkeypatch):
    # a module whose text names no sink skips the by-name look at each
    # call: forcing that look on finds the same uses
    from flake8_netns.model import commands

    narrow = _uses(path)
    original = commands.ModuleAnalysis.__init__

    def wide(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.names_sink = True

    monkeypatch.setattr(commands.ModuleAnalysis, "__init__", wide)
    assert _uses(path) == narrow


QUIET_MODULE = """
class QuietError(Exception):
    pass


def describe(text):
    return text.strip()


def relay(cmd):
    return describe(cmd)
"""
LOUD_MODULE = """
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)
"""
CALLER_MODULE = """
from pkg import loud, quiet
from pkg.loud import run
from pkg.quiet import describe


def work(dev):
    quiet.describe("ip link set %s up" % dev)
    describe("ip link set %s up" % dev)
    quiet.relay("ip link del %s" % dev)
    loud.run("ip link set %s down" % dev)
    run("ip addr flush %s" % dev)
    raise quiet.QuietError("no link %s" % dev)


def shadowed(dev, quiet):
    quiet.describe("ip link set %s up" % dev)
"""


def _caller_context(tmp_path: pathlib.Path) -> FileContext:
    package = tmp_path / "pkg"
    package.mkdir(exist_ok=True)
    for name, text in [("__init__", ""), ("quiet", QUIET_MODULE), ("loud", LOUD_MODULE),
                       ("caller", CALLER_MODULE)]:
        (package / f"{name}.py").write_text(text, encoding="utf-8")
    return FileContext(ast.parse(CALLER_MODULE), CALLER_MODULE.splitlines(True),
                       str(package / "caller.py"), settings_for())


def _use_lines(context: FileContext) -> list[tuple[int, str]]:
    return sorted((use.call.lineno, use.kind) for use, _function in context.commands.uses())


def test_calls_of_read_project_functions_that_run_nothing_are_dropped(tmp_path):
    # once a project module has been read, a call of one of its functions
    # that runs nothing, or of a name it holds that is no function (a
    # class), is not a candidate, whatever it is handed; a call of one that
    # runs a command, or of a name a parameter shadows, still is
    first = _caller_context(tmp_path)
    uses = _use_lines(first)
    assert uses == [(11, "shell"), (12, "shell")]
    again = _caller_context(tmp_path)
    analysis = again.commands
    work = analysis._candidates(analysis.functions["work"])
    assert [call.lineno for call in work] == [11, 12]
    assert [call.lineno for call in analysis._candidates(analysis.functions["shadowed"])] == [17]
    assert _use_lines(again) == uses


def test_dropping_calls_that_run_nothing_only_saves_work(tmp_path, monkeypatch):
    from flake8_netns.model.prefilter import CandidateFilter

    _use_lines(_caller_context(tmp_path))   # the project modules are read
    narrow = _use_lines(_caller_context(tmp_path))
    monkeypatch.setattr(CandidateFilter, "_known_to_run_nothing", lambda *args: False)
    wide = _caller_context(tmp_path)
    assert _use_lines(wide) == narrow
    assert [call.lineno for call in wide.commands._candidates(
        wide.commands.functions["work"])] == [8, 9, 10, 11, 12, 13]


@pytest.mark.parametrize("path", EVAL_FILES + STDLIB_FILES, ids=lambda p: p.name)
def test_written_holds_every_local_bound_to_a_written_string(path):
    # the index's `written` (per function, and for the module) lets the
    # prefilter skip a local's reaching assignments: it must hold every
    # name the scope binds to a built string written in place
    from flake8_netns.analysis.scope import Scope
    from flake8_netns.model.index import written_built

    tree = ast.parse(path.read_text(encoding="utf-8"))
    index = index_mod.FileIndex.of(tree)
    module = Scope(tree)
    owners = [(module, index.module_written)] + [
        (Scope(f.node, module), f.written) for f in index.functions.values()]
    for scope, written in owners:
        for name, entries in scope.assignments.items():
            if any(written_built(value) for _where, value, _stmt in entries):
                assert name in written, (path.name, name)


def test_written_locals_by_shape():
    tree = ast.parse(
        "def f(a):\n"
        "    cmd = 'ip link set %s up' % a\n"
        "    x, (y, *z) = 'a' + a, ('b', f'{a}')\n"
        "    with ' '.join(a) as w:\n"
        "        pass\n"
        "    n: str = f'{a}'\n"
        "    if (m := 'x %s' % a):\n"
        "        pass\n"
        "    plain = a\n"
        "    joined = os.path.join(a, 'b')\n")
    function = index_mod.FileIndex.of(tree).functions["f"]
    assert function.written == {"cmd", "x", "y", "z", "w", "n", "m"}
