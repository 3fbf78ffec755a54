"""What the imported names of a module stand for, read from its import lines.

`import subprocess as sp` makes `sp.call` mean `subprocess.call`;
`from oslo_concurrency import processutils as putils` makes `putils.execute`
mean `oslo_concurrency.processutils.execute`. This is the cheap, exact part
of resolving a callee: `getattr(os, 'system')` is read in model/names.py,
local aliases and methods in model/resolve.py, and astroid is asked only
what a call returns (model/inference.py).
"""
from __future__ import annotations

import ast
from typing import Iterable, NamedTuple

from flake8_netns.model.words import dotted_name


# a NamedTuple, not a dataclass: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class Imported(NamedTuple):
    module: str        # absolute or relative module path as written ("" for `from . import x`)
    name: str | None   # the imported member, None for `import module`
    level: int = 0     # leading dots of a relative import

    @property
    def qualified(self) -> str:
        base = "." * self.level + self.module
        if self.name is None:
            return base
        return f"{base}.{self.name}" if self.module else f"{base}{self.name}"


class ImportTable:
    def __init__(self, bindings: dict[str, Imported]) -> None:
        self.bindings = bindings

    @classmethod
    def of_module(cls, tree: ast.AST) -> "ImportTable":
        """The module-level imports (also under `if`/`try`): what every
        function of the module sees. Found without walking function bodies,
        whose rare local imports bind local names."""
        return cls.from_nodes(module_level_imports(getattr(tree, "body", [])))

    @classmethod
    def from_nodes(cls, nodes: Iterable[ast.stmt]) -> "ImportTable":
        bindings: dict[str, Imported] = {}
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bindings[alias.asname] = Imported(alias.name, None)
                    else:
                        top = alias.name.split(".")[0]
                        bindings.setdefault(top, Imported(top, None))
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    bindings[alias.asname or alias.name] = Imported(
                        node.module or "", alias.name, node.level)
        return cls(bindings)

    def qualify(self, node: ast.AST) -> str | None:
        """The dotted name of `node` with its first part replaced by what it
        imports: `sp.call` -> `subprocess.call`. None for other expressions."""
        dotted = dotted_name(node)
        return None if dotted is None else self.qualify_name(dotted)

    def qualify_name(self, dotted: str) -> str:
        """`dotted` with its first part replaced by what it imports."""
        head, _, rest = dotted.partition(".")
        imported = self.bindings.get(head)
        if imported is None:
            return dotted
        return f"{imported.qualified}.{rest}" if rest else imported.qualified

    def is_module(self, name: str) -> bool:
        """True when `name` is bound by `import name` (e.g. the `pwd` module)."""
        imported = self.bindings.get(name)
        return imported is not None and imported.name is None


def module_level_imports(body: Iterable[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, (ast.If, ast.Try)):
            for field in ("body", "orelse", "finalbody"):
                found.extend(module_level_imports(getattr(node, field, [])))
            for handler in getattr(node, "handlers", []):
                found.extend(module_level_imports(handler.body))
    return found
