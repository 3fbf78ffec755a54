"""Checked code never runs (issue 7).

A linter reads hostile trees. Every module of the package below would
create a marker file if it were imported or executed - the checked file,
its package's `__init__`, and the sibling modules the plugin reads to find
wrappers - in every way a module runs code: top-level statements, default
values, decorators, class bodies, `__main__` blocks, import hooks. The
checks must find the defects (so the siblings were read) and the marker
must never appear.
"""
from __future__ import annotations

import ast
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from flake8_netns.context import FileContext
from flake8_netns.plugin import check
from tests.helpers import flake8_run, settings_for
from tests.runners import Runner

PACKAGE_ROOT = pathlib.Path(__file__).resolve().parent.parent / "flake8_netns"


def side_effect(marker: pathlib.Path, who: str) -> str:
    return f"open({str(marker)!r}, 'a').write({who!r})"


def hostile_package(root: pathlib.Path, marker: pathlib.Path) -> pathlib.Path:
    package = root / "hostile"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(f"""\
        {side_effect(marker, "__init__")}
        """))
    (package / "helpers.py").write_text(textwrap.dedent(f"""\
        import subprocess
        {side_effect(marker, "helpers")}

        def run(cmd):
            return subprocess.call(cmd, shell=True)

        def execute(cmd, default={side_effect(marker, "default")}):
            return subprocess.check_output(cmd)
        """))
    (package / "agent.py").write_text(textwrap.dedent(f"""\
        import atexit
        from hostile import helpers
        from hostile.helpers import run
        {side_effect(marker, "agent")}
        atexit.register(lambda: {side_effect(marker, "atexit")})

        def deco(f):
            {side_effect(marker, "decorator")}
            return f

        @deco
        def plug(dev, when={side_effect(marker, "default")}):
            run('ip link set %s up' % dev)

        class Agent:
            {side_effect(marker, "class body")}

            def __init__(self):
                self._execute = helpers.execute

            def sysctl(self, key):
                self._execute(('sysctl -w %s=1' % key).split())

        def __getattr__(name):
            {side_effect(marker, "module __getattr__")}

        if __name__ == '__main__':
            {side_effect(marker, "__main__")}
        """))
    return package


EXPECTED = [(13, "NS101"), (22, "NS102")]


def test_the_bait_works_when_the_package_is_imported(tmp_path):
    """Without this, a marker that never appears would prove nothing."""
    marker = tmp_path / "MARKER"
    hostile_package(tmp_path, marker)
    subprocess.run([sys.executable, "-c", "import hostile.agent"],
                   cwd=str(tmp_path), check=True, timeout=60,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert marker.read_text() == \
        "__init__helpersdefaultagentdefaultdecoratorclass bodyatexit"


def test_checked_package_never_runs_through_the_api(tmp_path):
    marker = tmp_path / "MARKER"
    package = hostile_package(tmp_path, marker)
    agent = package / "agent.py"
    source = agent.read_text()
    for follow in ("project", "all"):
        context = FileContext(ast.parse(source), source.splitlines(True),
                              str(agent),
                              settings_for(f"--netns-follow-imports={follow}"))
        found = [(f.line, f.code) for f in check(context)]
        assert found == EXPECTED
    assert not marker.exists(), marker.read_text()


@pytest.mark.slow  # two flake8 worker processes; the quick loop has the API run above
@pytest.mark.parametrize("follow", ["project", "all"])
def test_checked_package_never_runs_through_flake8(tmp_path, follow):
    marker = tmp_path / "MARKER"
    package = hostile_package(tmp_path, marker)
    run = flake8_run(["--isolated", "--select", "NS",
                      f"--netns-follow-imports={follow}", "-j", "2",
                      "--format", "%(path)s:%(row)d:%(code)s", "hostile"],
                     cwd=str(tmp_path))
    assert run.returncode == 1, run.stderr
    found = sorted(run.stdout.split())
    assert found == [f"hostile/agent.py:{line}:{code}"
                     for line, code in EXPECTED] + \
        ["hostile/helpers.py:5:NS104"]
    assert not marker.exists(), marker.read_text()
    assert not list(package.glob("__pycache__")), "checked code was compiled"


def test_a_module_on_stdin_never_runs(tmp_path, python_m: Runner):
    marker = tmp_path / "MARKER"
    source = f"import os\n{side_effect(marker, 'stdin')}\nos.system('ls ' + x)\n"
    run = python_m("flake8", ["--isolated", "--select", "NS", "--format",
                              "%(row)d:%(code)s", "-"], stdin=source, cwd=str(tmp_path))
    assert run.stdout.split() == ["3:NS101"], run.stderr
    assert not marker.exists()


# The plugin's own source: nothing in it evaluates, compiles or imports
# code by a name it reads from the checked file.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile",
                   "import_module", "exec_module", "load_module",
                   "run_path", "run_module", "spec_from_file_location",
                   "module_from_spec", "find_spec", "reload"}
FORBIDDEN_IMPORTS = {"importlib", "runpy", "imp", "pkgutil", "code",
                     "codeop", "zipimport"}
ALLOWED_IMPORTS = {"importlib.resources"}   # reads the plugin's own docs


def plugin_modules():
    return sorted(PACKAGE_ROOT.rglob("*.py"))


def test_the_plugin_source_never_evaluates_or_imports_checked_code():
    offences = []
    for path in plugin_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE_ROOT.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else None
                if name in FORBIDDEN_CALLS and not _is_regex_compile(func):
                    offences.append(f"{where} calls {name}")
            elif isinstance(node, ast.Import):
                offences += [f"{where} imports {a.name}" for a in node.names
                             if _forbidden(a.name)]
            elif isinstance(node, ast.ImportFrom) and node.module and \
                    _forbidden(node.module):
                offences.append(f"{where} imports from {node.module}")
    assert offences == []
    assert len(plugin_modules()) > 10   # the walk saw the package


def _forbidden(module: str) -> bool:
    return (module.split(".")[0] in FORBIDDEN_IMPORTS
            and module not in ALLOWED_IMPORTS)


def _is_regex_compile(func) -> bool:
    """`re.compile(...)` and `_WORD.compile` build regexes, not code."""
    return (isinstance(func, ast.Attribute) and func.attr == "compile"
            and isinstance(func.value, ast.Name) and func.value.id == "re")


# -- astroid reads, never imports (issue 13) --------------------------
#
# A factory-made runner (`self._run = make_runner()`) is the one question
# the plugin asks astroid. astroid's `gi` brain answers `gi.repository.X`
# by importing it; with the checked project on sys.path, the project's own
# `gi` package would run. The same project also tells whether astroid reads
# only what `--netns-follow-imports` allows: `agent.runners` is in the
# checked file's package tree, `extrunners` only on sys.path (`vendor/`).

NET = """\
import subprocess
from gi.repository import GLib
from agent.runners import make
from extrunners import make as ext_make


def make_runner():
    return GLib.spawn_command_line_sync


class Agent:
    def __init__(self):
        self._run = make_runner()
        self._sh = make()
        self._ext = ext_make()

    def up(self, dev):
        self._run("ip link set %s up" % dev)
        self._sh("ip link set %s up" % dev)
        self._ext("ip link set %s up" % dev)
"""
FACTORY = "import subprocess\n\n\ndef make():\n    return subprocess.getoutput\n"
IN_PACKAGE, ON_SYS_PATH = 19, 20


def gi_project(root: pathlib.Path, marker: pathlib.Path) -> pathlib.Path:
    for package in ("gi", "gi/repository"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text(side_effect(marker, package + " "))
    (root / "agent").mkdir()
    (root / "agent" / "__init__.py").write_text("")
    (root / "agent" / "runners.py").write_text(FACTORY)
    (root / "vendor").mkdir()
    (root / "vendor" / "extrunners.py").write_text(FACTORY)
    (root / "agent" / "net.py").write_text(NET)
    return root / "agent" / "net.py"


UNSEALED = """\
import astroid
module = astroid.MANAGER.ast_from_file("agent/net.py", "agent.net")
factory_call = module["Agent"]["__init__"].body[0].value   # make_runner()
list(factory_call.infer())
"""


def test_the_gi_bait_works_when_astroid_runs_unsealed(tmp_path):
    """astroid on its own, from the project root, runs the project's `gi`:
    without this, a marker that never appears below would prove nothing."""
    marker = tmp_path / "MARKER"
    gi_project(tmp_path, marker)
    subprocess.run([sys.executable, "-c", UNSEALED], cwd=str(tmp_path),
                   timeout=120, capture_output=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert marker.read_text() == "gi gi/repository "


FOLLOWED = {"none": [], "project": [IN_PACKAGE],
            "all": [IN_PACKAGE, ON_SYS_PATH]}


@pytest.mark.slow
@pytest.mark.parametrize("follow", sorted(FOLLOWED))
@pytest.mark.parametrize("how", ["python -m flake8 from the root",
                                 "PYTHONPATH=.:vendor"])
def test_astroid_never_imports_the_project_and_reads_what_follow_allows(
        tmp_path, follow, how):
    marker = tmp_path / "MARKER"
    gi_project(tmp_path, marker)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    expected = FOLLOWED[follow]
    if how.startswith("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join([".", "vendor"])
    else:   # vendor/ is on no path: `all` cannot find extrunners either
        expected = [line for line in expected if line != ON_SYS_PATH]
    run = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "NS",
         f"--netns-follow-imports={follow}", "--format", "%(row)d:%(code)s",
         "agent/net.py"],
        cwd=str(tmp_path), env=env, capture_output=True, text=True,
        timeout=120)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert run.stdout.split() == [f"{line}:NS101" for line in expected]
    assert not marker.exists(), marker.read_text()
    assert not list(tmp_path.rglob("__pycache__")), "checked code was compiled"


@pytest.mark.parametrize("follow", sorted(FOLLOWED))
def test_astroid_never_imports_through_the_api_with_the_project_on_sys_path(
        tmp_path, monkeypatch, follow):
    marker = tmp_path / "MARKER"
    net = gi_project(tmp_path, marker)
    monkeypatch.syspath_prepend(str(tmp_path / "vendor"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    context = FileContext(ast.parse(NET), NET.splitlines(True), str(net),
                          settings_for(f"--netns-follow-imports={follow}"))
    found = [(f.line, f.code) for f in check(context)]
    assert found == [(line, "NS101") for line in FOLLOWED[follow]]
    assert not marker.exists(), marker.read_text()
    assert "gi" not in sys.modules and "extrunners" not in sys.modules
