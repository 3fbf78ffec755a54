"""NS2: bare or swallowing excepts around command execution.

A command that fails inside `try: ... except Exception: pass` leaves the
namespace, device or rule half made and nobody told. Only handlers that
guard a command are judged (RULES.md NS201-NS203): the `try` body must run
one, directly or through a function of this module or of a project module
it imports (`ModuleAnalysis.runs_command`).
"""
from __future__ import annotations

import ast
import sys
from typing import Iterator, Sequence, TypeAlias, Union

from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.model.commands import calls_in
from flake8_netns.model.loggers import is_logging_call, logs_at_or_above
from flake8_netns.model.words import dotted_name

# the `try` statements whose handlers are judged: `except*` too (3.11+)
if sys.version_info >= (3, 11):
    _Try: TypeAlias = Union[ast.Try, ast.TryStar]
    _TRIES: tuple[type[_Try], ...] = (ast.Try, ast.TryStar)
else:  # pragma: no cover - Python 3.10
    _Try: TypeAlias = ast.Try
    _TRIES: tuple[type[_Try], ...] = (ast.Try,)

_BROAD = {"Exception", "BaseException"}
_RERAISE_HELPERS = ("save_and_reraise_exception",)
_EXITS = {"sys.exit", "os._exit", "exit"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def check(context: FileContext) -> list[Finding]:
    if not context.may_run_commands:
        return []
    results: list[Finding] = []
    for node, owner in context.index.guards:
        function = owner.node if owner else None
        if isinstance(node, (ast.With, ast.AsyncWith)):
            results.extend(_suppress(node, function, context))
        elif isinstance(node, _TRIES):
            results.extend(_handlers(node, function, context))
    return results


def _handlers(node: _Try, function: ast.AST | None,
              context: FileContext) -> Iterator[Finding]:
    judged: list[tuple[str, ast.ExceptHandler, str | None]] = []
    for handler in node.handlers:
        if handler.type is None:
            judged.append(("NS201", handler, None))
        else:
            caught = _broad_name(handler.type, context)
            if caught and _swallows(handler, context):
                judged.append(("NS202", handler, caught))
    if not judged:
        return
    guarded = _first_command(node.body, function, context)
    if guarded is None:
        return
    for code, handler, caught in judged:
        fields: dict[str, object] = dict(call=_label(guarded), at=guarded.lineno)
        if caught:
            fields["caught"] = caught
        yield finding(handler.lineno, handler.col_offset, code, **fields)


def _suppress(node: ast.With | ast.AsyncWith, function: ast.AST | None,
              context: FileContext) -> Iterator[Finding]:
    for item in node.items:
        call = item.context_expr
        if not isinstance(call, ast.Call):
            continue
        qualified = context.imports.qualify(call.func) or ""
        if qualified not in ("contextlib.suppress", "suppress") and not qualified.endswith(
                ".suppress"):
            continue
        caught = next((c for c in map(lambda a: _broad_name(a, context), call.args) if c),
                      None)
        if caught is None:
            continue
        guarded = _first_command(node.body, function, context)
        if guarded is not None:
            yield finding(node.lineno, node.col_offset, "NS203", caught=caught,
                          call=_label(guarded), at=guarded.lineno)
        return


def _broad_name(expr: ast.AST, context: FileContext) -> str | None:
    """'Exception' or 'BaseException' when `expr` (or a tuple) catches it."""
    if isinstance(expr, ast.Tuple):
        for element in expr.elts:
            name = _broad_name(element, context)
            if name:
                return name
        return None
    name = dotted_name(expr)
    if name is None:
        return None
    name = name.removeprefix("builtins.")
    return name if name in _BROAD else None


def _first_command(body: Sequence[ast.stmt], function: ast.AST | None,
                   context: FileContext) -> ast.Call | None:
    commands = context.commands
    for call in calls_in(list(body)):
        if commands.runs_command(call, function):
            return call
    return None


def _swallows(handler: ast.ExceptHandler, context: FileContext) -> bool:
    """A handler swallows unless it re-raises, logs at warning or above, or
    hands the exception object on (RULES.md NS202)."""
    exception = handler.name
    for node in _handler_nodes(handler.body, context):
        if isinstance(node, ast.Raise):
            return False
        if isinstance(node, ast.Call):
            name = dotted_name(node.func) or ""
            if name.endswith(_RERAISE_HELPERS) or name in _EXITS:
                return False
            if is_logging_call(node, context):
                if logs_at_or_above(node, context, "warning"):
                    return False
                continue   # debug/info logging of the exception hides it
            if exception and any(_mentions(arg, exception) for arg in
                                 [*node.args, *(k.value for k in node.keywords)]):
                return False
        if exception and isinstance(node, ast.Return) and node.value is not None \
                and _mentions(node.value, exception):
            return False
        if exception and isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) \
                and node.value is not None and _mentions(node.value, exception):
            return False
    return True


def _handler_nodes(body: Sequence[ast.stmt], context: FileContext) -> Iterator[ast.AST]:
    """The handler's nodes, outside nested scopes; a logging call's own
    arguments are judged with the call, so they are not walked."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        yield node
        if not (isinstance(node, ast.Call) and is_logging_call(node, context)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _mentions(expr: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(expr))


def _label(call: ast.Call) -> str:
    name = dotted_name(call.func)
    if name is None and isinstance(call.func, ast.Attribute):
        name = "..." + "." + call.func.attr
    return f"{name or 'a call'}()"
