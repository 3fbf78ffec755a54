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


def test_a_module_on_stdin_never_runs(tmp_path):
    marker = tmp_path / "MARKER"
    source = f"import os\n{side_effect(marker, 'stdin')}\nos.system('ls ' + x)\n"
    run = flake8_run(["--isolated", "--select", "NS", "--format",
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
