"""astroid, for the callees syntax alone cannot name.

`self._execute(cmd)` runs a command when the class's `__init__` did
`self._execute = utils.execute`; what an instance attribute holds is
astroid's business (`ClassDef.instance_attrs`, `lookup`). Building an
astroid tree costs about ten times flake8's own parse, so it is built only
for a file that has such a call with a built argument, at most once per
file, and dropped from astroid's process-wide cache right after, so a long
`-j1` run does not grow with every file it reads. Nothing is imported:
astroid reads only the checked file's text here, and inference failures of
any kind end in "not known".
"""
from __future__ import annotations

import ast
from typing import Sequence

MAX_ASSIGNMENTS = 4
_MODULE_NAME = "flake8_netns_checked_module"


class AttributeLookup:
    """What `self.<name>` may hold in a class of the checked file."""

    def __init__(self, lines: Sequence[str], filename: str) -> None:
        self._lines = lines
        self._filename = filename
        self._classes: dict[str, object] | None = None

    def assigned(self, class_name: str, attribute: str) -> list[ast.expr]:
        """The expressions assigned to `self.<attribute>` in `class_name`
        (as stdlib `ast` expressions), or [] when astroid cannot tell."""
        klass = self._class(class_name)
        if klass is None:
            return []
        try:
            nodes = list(klass.instance_attrs.get(attribute, ()))
            nodes += [n for n in klass.locals.get(attribute, ())
                      if type(n).__name__ == "AssignName"]
        except Exception:  # astroid raises its own errors on odd trees
            return []
        found = []
        for node in nodes[:MAX_ASSIGNMENTS]:
            value = getattr(node.parent, "value", None)
            if value is None:
                continue
            try:
                found.append(ast.parse(value.as_string(), mode="eval").body)
            except (SyntaxError, ValueError, RecursionError):
                continue
        return found

    def _class(self, name: str):
        if self._classes is None:
            self._classes = self._build()
        return self._classes.get(name)

    def _build(self) -> dict[str, object]:
        try:
            import astroid
            from astroid import nodes
        except ImportError:   # pragma: no cover - astroid is a dependency
            return {}
        try:
            module = astroid.parse("".join(self._lines), module_name=_MODULE_NAME,
                                   path=self._filename)
        except Exception:   # a file astroid cannot build: nothing is known
            return {}
        finally:
            astroid.MANAGER.astroid_cache.pop(_MODULE_NAME, None)
        return {klass.name: klass for klass in module.nodes_of_class(nodes.ClassDef)}
