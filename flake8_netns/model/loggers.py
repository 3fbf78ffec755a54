"""What is a logging call, and at which level it logs.

A logger is recognised without astroid: the `logging` module under any
alias, names the module binds to a logger factory (`LOG =
logging.getLogger(__name__)`, oslo_log's `log.getLogger`, a
`LoggerAdapter`), class attributes and `self.x = ...` bound the same way,
the conventional receiver names, and `--netns-loggers`. That is one walk
of the tree per file, shared by every family that asks.
"""
from __future__ import annotations

import ast
import bisect
import fnmatch
import re
from typing import TYPE_CHECKING, Protocol, Sequence

from flake8_netns.model.words import dotted_name
from flake8_netns.vocab.calls import (LOGGER_FACTORIES, LOGGER_FACTORY_NAMES,
                                      LOGGER_METHODS, LOGGER_RECEIVERS,
                                      LOGGING_MODULES)

if TYPE_CHECKING:
    from flake8_netns.model.imports import ImportTable
    from flake8_netns.settings import Settings

LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40,
          "exception": 40, "critical": 50}
_ALIASES = {"warn": "warning", "fatal": "critical"}
_LEVEL_CONSTANTS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warning",
                    "WARN": "warning", "ERROR": "error",
                    "CRITICAL": "critical", "FATAL": "critical"}
_LEVEL_NUMBERS = {10: "debug", 20: "info", 30: "warning", 40: "error",
                  50: "critical"}


class FileView(Protocol):
    """What the logging model reads of a checked file (a `FileContext`,
    named here by its shape: the context imports this module)."""

    @property
    def tree(self) -> ast.Module: ...
    @property
    def lines(self) -> Sequence[str]: ...
    @property
    def source(self) -> str: ...
    @property
    def line_starts(self) -> list[int]: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def imports(self) -> ImportTable: ...
    @property
    def loggers(self) -> LoggerModel: ...


class LoggerModel:
    """The logger receivers of one file."""

    def __init__(self, context: FileView) -> None:
        self._context = context
        self._extra = tuple(context.settings.loggers)
        self._bound: set[str] | None = None

    @property
    def bound(self) -> set[str]:
        """Names the file binds to a logger factory's result; read only when
        a receiver is not a conventional name, which most files never need."""
        if self._bound is None:
            self._bound = set()
            self._collect(self._context.tree.body, self._bound)
        return self._bound

    def _collect(self, body: list[ast.stmt], bound: set[str], in_class: bool = False) -> None:
        # module, class and function bodies and their blocks: one visit per
        # statement, no expression is walked
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                self._collect(stmt.body, bound, in_class=True)
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._collect(stmt.body, bound)
                continue
            value = getattr(stmt, "value", None)
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and \
                    value is not None and self._is_factory(value):
                for target in _bound_names(stmt):
                    name = dotted_name(target)
                    if name is None:
                        continue
                    bound.add(name)
                    if in_class and isinstance(target, ast.Name):
                        bound.update({f"self.{name}", f"cls.{name}"})
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and \
                        isinstance(inner[0], ast.stmt):
                    self._collect(inner, bound, in_class)
            for handler in getattr(stmt, "handlers", ()):
                self._collect(handler.body, bound, in_class)

    def _is_factory(self, value: ast.AST) -> bool:
        """A logger factory's result, or another name for a logger or the
        logging module (`lg = logging`, `log = LOG`)."""
        if isinstance(value, ast.Call):
            func = value.func
            if self._context.imports.qualify(func) in LOGGER_FACTORIES:
                return True
            last = func.attr if isinstance(func, ast.Attribute) else \
                getattr(func, "id", None)
            return last in LOGGER_FACTORY_NAMES
        name = dotted_name(value)
        if name is None:
            return False
        return (name in LOGGER_RECEIVERS or name in (self._bound or ())
                or self._context.imports.qualify(value) in LOGGING_MODULES)

    def is_logger(self, receiver: ast.AST) -> bool:
        name = dotted_name(receiver)
        if name is None:
            return False
        if name in LOGGER_RECEIVERS or \
                any(fnmatch.fnmatchcase(name, p) for p in self._extra):
            return True
        if self._context.imports.qualify(receiver) in LOGGING_MODULES:
            return True
        return name in self.bound

    def methods(self, call: ast.Call) -> tuple[str, ...]:
        """The logger methods `call` may invoke; () when it is no logging
        call. `(LOG.warning if c else LOG.exception)(...)` may be either."""
        options = _branches(call.func)
        found = []
        for func in options:
            if isinstance(func, ast.Attribute) and func.attr in LOGGER_METHODS \
                    and self.is_logger(func.value):
                found.append(func.attr)
            elif isinstance(func, ast.Name) and func.id in LOGGER_METHODS and \
                    self._context.imports.qualify(func) == f"logging.{func.id}":
                found.append(func.id)
            else:
                return ()
        return tuple(found)


def _branches(func: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    todo = [func]
    while todo and len(out) < 16:
        node = todo.pop()
        if isinstance(node, ast.IfExp):
            todo += [node.orelse, node.body]
        else:
            out.append(node)
    return out


# the text gate, derived from the method table: `.log` is looked for only
# after a dot (a bare `log(` is too common a name). The search is for the
# names alone (a pattern that starts with literal words lets the regular
# expression engine skip ahead; one that starts with `\.` or `\b` tries every
# position), and what stands around each hit is read after it.
_METHOD_NAMES = "|".join(sorted(LOGGER_METHODS - {"log"}))
_NAME = re.compile(rf"(?:{_METHOD_NAMES}|log)\b")
_CALLED = re.compile(r"\s*\(")
_BEFORE_DOT = " \t\f\r\n\\"   # what may stand between a dot and the name


def candidate_lines(context: FileView,
                    spans: Sequence[tuple[int, int]] | None = None) -> list[int]:
    """Sorted numbers of the lines where a logging method is named after a
    dot (`LOG.info`, `self.log.warning`), or called by its bare name
    (`error(...)`, not `log(...)`): a text search that finds every logging
    call (and some other lines), so a file or a function without one is
    never walked. With `spans` (first and last lines), only those lines are
    searched."""
    text = context.source
    starts = context.line_starts
    found: set[int] = set()
    if spans is None:
        _search(text, 0, len(text), starts, found)
    else:
        for first, last in spans:
            _search(text, starts[first - 1], starts[min(last, len(starts) - 1)], starts, found)
    return sorted(found)


def _search(text: str, begin: int, end: int, starts: list[int], found: set[int]) -> None:
    for match in _NAME.finditer(text, begin, end):
        start = match.start()
        before = start - 1
        while before >= 0 and text[before] in _BEFORE_DOT:
            before -= 1
        if before >= 0 and text[before] == ".":
            found.add(bisect.bisect_right(starts, match.end() - 1))
        elif (match.group() != "log"
              and (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"))
              and _CALLED.match(text, match.end())):
            found.add(bisect.bisect_right(starts, match.end() - 1))


def _bound_names(stmt: ast.AST) -> list[ast.AST]:
    if isinstance(stmt, ast.Assign):
        targets: list[ast.AST] = []
        for t in stmt.targets:
            targets += t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]
        return targets
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        return [stmt.target]
    return []


def is_logging_call(call: ast.AST, context: FileView) -> bool:
    return isinstance(call, ast.Call) and bool(context.loggers.methods(call))


def message_args(call: ast.Call, context: FileView) -> list[ast.expr]:
    """The positional arguments that carry the message (the level of
    `LOG.log(level, msg, ...)` left out)."""
    methods = context.loggers.methods(call)
    if methods and all(m == "log" for m in methods):
        return list(call.args[1:])
    return list(call.args)


def logging_levels(call: ast.AST, context: FileView) -> tuple[str, ...]:
    """Every level `call` may log at (normalised: warn -> warning, fatal ->
    critical); () for no logging call, and "unknown" for a `log(level, ...)`
    whose level cannot be read from the syntax."""
    if not isinstance(call, ast.Call):
        return ()
    levels = []
    for method in context.loggers.methods(call):
        if method == "log":
            levels.append(_explicit_level(call, context) or "unknown")
        else:
            levels.append(_ALIASES.get(method, method))
    return tuple(levels)


def logging_level(call: ast.AST, context: FileView) -> str | None:
    """The highest level `call` may log at, or None for no logging call or
    a level only known at run time."""
    known = [lvl for lvl in logging_levels(call, context) if lvl in LEVELS]
    return max(known, key=LEVELS.__getitem__) if known else None


def logs_at_or_above(call: ast.AST, context: FileView, level: str = "warning") -> bool:
    """True when `call` may log at `level` or above; a level only known at
    run time (`LOG.log(level, ...)`) may be any."""
    wanted = LEVELS[_ALIASES.get(level, level)]
    return any(LEVELS.get(lvl, 100) >= wanted
               for lvl in logging_levels(call, context))


def _explicit_level(call: ast.Call, context: FileView) -> str | None:
    level = call.args[0] if call.args else next(
        (k.value for k in call.keywords if k.arg == "level"), None)
    if isinstance(level, ast.Constant) and type(level.value) is int:
        return _LEVEL_NUMBERS.get(level.value)
    qualified = context.imports.qualify(level) if level is not None else None
    if qualified:
        module, _, const = qualified.rpartition(".")
        if module in LOGGING_MODULES or not module:
            return _LEVEL_CONSTANTS.get(const)
    return None
