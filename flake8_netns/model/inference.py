"""astroid, for the one question syntax cannot answer: what a call returns.

`self._run = make_runner()` followed by `self._run("ip link del " + dev)`
runs a command when `make_runner` returns `subprocess.getoutput` (or a
`functools.partial` of `subprocess.call` with `shell=True`): that is
inference, and astroid does it. Everything syntax can read (what is assigned
where, import aliases) is read from flake8's own tree instead.

Building an astroid tree costs about ten times flake8's own parse, and
importing astroid tens of megabytes, so both happen only for a file that
has such a call handed a built string, at most once per file; the checked
module is dropped from astroid's process-wide cache right after, so a long
`-j1` run does not grow with every file it reads. Every astroid error,
recursion included, ends in "not known".
"""
from __future__ import annotations

import ast
from typing import Sequence

MAX_RESULTS = 4
_MODULE_NAME = "flake8_netns_checked_module"
# astroid names C functions by the module that defines them
_ALIASES = {"posix.": "os.", "nt.": "os."}


class ReturnInference:
    """What calls of the checked file return, as stdlib `ast` expressions."""

    def __init__(self, lines: Sequence[str], filename: str) -> None:
        self._lines = lines
        self._filename = filename
        self._calls: dict[tuple[int, int], object] | None = None

    def returned(self, call: ast.Call) -> list[ast.expr]:
        """Dotted names (`subprocess.getoutput`) or partial calls that
        `call` may return, or [] when astroid cannot tell."""
        node = self._astroid_call(call)
        if node is None:
            return []
        found: list[ast.expr] = []
        try:
            for inferred in node.infer():
                if len(found) >= MAX_RESULTS:
                    break
                expr = _as_expression(inferred)
                if expr is not None:
                    found.append(expr)
        except Exception:  # astroid's InferenceError, recursion, odd trees
            return found
        return found

    def _astroid_call(self, call: ast.Call):
        if self._calls is None:
            self._calls = self._build()
        return self._calls.get((call.lineno, call.col_offset))

    def _build(self) -> dict[tuple[int, int], object]:
        try:
            import astroid
            from astroid import nodes
        except ImportError:   # pragma: no cover - astroid is a dependency
            return {}
        try:
            module = astroid.parse("".join(self._lines), module_name=_MODULE_NAME,
                                   path=self._filename)
            return {(n.lineno, n.col_offset): n for n in module.nodes_of_class(nodes.Call)}
        except Exception:   # a file astroid cannot build: nothing is known
            return {}
        finally:
            astroid.MANAGER.astroid_cache.pop(_MODULE_NAME, None)


def _as_expression(inferred) -> ast.expr | None:
    """An inferred function as the dotted name the sink tables know."""
    qname = getattr(inferred, "qname", None)
    kind = type(inferred).__name__
    if kind not in ("FunctionDef", "BoundMethod", "UnboundMethod", "ClassDef") or qname is None:
        return None
    try:
        name = qname()
    except Exception:
        return None
    for prefix, alias in (*_ALIASES.items(), (_MODULE_NAME + ".", "")):
        if name.startswith(prefix):
            name = alias + name[len(prefix):]
    try:
        return ast.parse(name, mode="eval").body
    except (SyntaxError, ValueError):
        return None
