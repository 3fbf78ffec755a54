"""The shape of the package: modules import only downward (no cycle, also
through imports inside functions), and the flake8 adapter is the only
module that knows flake8 (issue 11: no import cycle)."""
from __future__ import annotations

import ast
import pathlib

import flake8_netns

PACKAGE = pathlib.Path(flake8_netns.__file__).parent


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: pathlib.Path, modules: set[str]) -> set[str]:
    """Package modules `path` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import submodule` imports the submodule; any other
            # name comes from the module itself
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                     else node.module for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n in modules)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    # importing a package runs its __init__, not its submodules
    return {name: _imports(path, modules) - {name} for name, path in files.items()}


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_only_the_adapter_and_the_formatter_know_flake8():
    knows = sorted(name for name, path in ((_module_name(p), p) for p in PACKAGE.rglob("*.py"))
                   if any(isinstance(n, (ast.Import, ast.ImportFrom))
                          and any((getattr(n, "module", None) or a.name).startswith("flake8.")
                                  or (getattr(n, "module", None) or a.name) == "flake8"
                                  for a in n.names)
                          for n in ast.walk(ast.parse(path.read_text()))))
    assert set(knows) <= {"flake8_netns.plugin", "flake8_netns.sarif", "flake8_netns.baseline",
                          "flake8_netns.__main__"}
