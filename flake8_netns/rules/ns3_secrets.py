"""NS3: secrets reaching logs, a query over the one evaluator.

For each logging call, the evaluator (`analysis/flow.py`) says which
sources reach its arguments and by which path. A secret-named source that
reaches it directly or through pass-through calls and containers is NS301
(reported where it is written); one that reaches it through a local of the
same scope is NS302 (reported at the call, naming the local and the
secret); a namespace handed over whole is NS303. A sanitiser yields no
sources, so nothing it returns is reported.
"""
from __future__ import annotations

import ast
import bisect
from typing import Iterator

from flake8_netns.analysis.flow import (ATTR_OF, ATTRIBUTE, CALL, ENTRY,
                                        ENTRY_OF, FIELD, GLOBAL, KEY, KEYWORD,
                                        LOCAL, NAME, NAMESPACE, PARAM, RETURN,
                                        Evaluator, Source)
from flake8_netns.analysis.scope import ScopeTable
from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.model.loggers import candidate_lines, message_args
from flake8_netns.model.secrets import SecretModel
from flake8_netns.model.words import dotted_name, occurrences
from flake8_netns.vocab.calls import (NAMESPACE_ATTRIBUTES, NAMESPACE_CALLS,
                                      NAMESPACE_QUALIFIED, REQUEST_NAMESPACES,
                                      CallBehaviour)

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# the text every namespace source is written with (`locals()`, `x.__dict__`,
# `os.environ`, `req.headers`), from the evaluator's tables
_NAMESPACE_WORDS = tuple(sorted({*NAMESPACE_CALLS, *NAMESPACE_ATTRIBUTES, *REQUEST_NAMESPACES,
                                 *(q.rpartition(".")[2] for q in NAMESPACE_QUALIFIED)}))


def check(context: FileContext) -> list[Finding]:
    gate = _ScopeGate(context, context.source.lower())
    if not gate.lines:
        return []
    lines = candidate_lines(context, None if gate.everywhere else gate.spans())
    if not lines:
        return []
    calls = _LoggingCalls(context, lines, gate).found
    if not calls:
        return []
    query = _Query(context)
    findings: list[Finding] = []
    for call, scope in calls:
        try:
            findings.extend(query.judge(call, scope))
        except RecursionError:
            pass  # an argument nested too deep to judge costs only itself
    return sorted(findings)


class _ScopeGate:
    """The text gate, per file and per scope. Every NS3 source is a
    secret-named name, key, field or function (its words are in the text),
    or a namespace (its name is), so a file with neither costs a few
    substring searches, not an evaluation of each logging call (most files
    of a tree log, few name a secret).

    The evaluator reads a logging call's sources from the scope it runs in
    (its assignments and changes, its parameters, the names, keys and calls
    written there) and from the module's own assignments, nowhere else (a
    module function's body adds no source of its own, only what its caller
    hands it). So in a file whose module-level code names no secret, a
    function, method or class body whose text names none cannot log one,
    and is not walked. The lines that name one are found once per file."""

    def __init__(self, context: FileContext, lowered: str) -> None:
        self.tree = context.tree
        self.everywhere = False
        found = SecretModel.of(context.settings).positions(lowered)
        for word in _NAMESPACE_WORDS:
            found.extend(occurrences(lowered, word))
        if not found:
            self.lines: list[int] = []
            return
        starts = context.line_starts
        self.lines = sorted({bisect.bisect_right(starts, at) for at in found})
        # the module's own code: every line but those of its functions,
        # classes and imports (an import binds a name a scope can only use by
        # writing it: `import pwd`, `from api import password` name no
        # source alone); the statements' spans come in order
        spans = [(stmt.lineno, stmt.end_lineno or stmt.lineno) for stmt in context.tree.body
                 if isinstance(stmt, (*_SCOPES, ast.Import, ast.ImportFrom))]
        firsts = [first for first, _last in spans]
        for number in self.lines:
            at = bisect.bisect_right(firsts, number) - 1
            if at < 0 or spans[at][1] < number:
                self.everywhere = True
                break

    def spans(self) -> list[tuple[int, int]]:
        """The lines worth a search for logging calls when module-level code
        names no secret: each top-level function that passes, and in a class
        that passes, each method that passes and every other statement."""
        found: list[tuple[int, int]] = []
        for stmt in self.tree.body:
            if not isinstance(stmt, _SCOPES) or not self.passes(stmt):
                continue
            inner = stmt.body if isinstance(stmt, ast.ClassDef) else [stmt]
            for node in inner:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                        self.passes(node):
                    # a method's decorators run in the class body, before it
                    first = min([node.lineno, *(d.lineno for d in
                                                getattr(node, "decorator_list", ()))])
                    found.append((first, node.end_lineno or node.lineno))
        return found

    def passes(self, scope: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
        if self.everywhere:
            return True
        at = bisect.bisect_left(self.lines, scope.lineno)
        return at < len(self.lines) and self.lines[at] <= (scope.end_lineno or scope.lineno)


class _LoggingCalls:
    """The logging calls of a file with the scope (module, class body or
    function) each runs in; only statements on a line that names a logging
    method are looked into."""

    def __init__(self, context: FileContext, lines: list[int], gate: _ScopeGate) -> None:
        self.loggers = context.loggers
        self.lines = lines
        self.gate = gate
        self.found: list[tuple[ast.Call, ast.AST]] = []
        self._walk(context.tree.body, context.tree)

    def _has_line(self, node: ast.AST) -> bool:
        start = getattr(node, "lineno", None)
        if start is None:
            return True
        end = getattr(node, "end_lineno", None) or start
        at = bisect.bisect_left(self.lines, start)
        return at < len(self.lines) and self.lines[at] <= end

    def _walk(self, body: list[ast.stmt], scope: ast.AST) -> None:
        for stmt in body:
            if not self._has_line(stmt):
                continue
            if isinstance(stmt, _SCOPES):
                # decorators, defaults and bases run in the enclosing scope
                for expr in _outer_exprs(stmt):
                    self._calls_in(expr, scope)
                if self.gate.passes(stmt):
                    self._walk(stmt.body, stmt)
                continue
            exprs, bodies = _split(stmt)
            for expr in exprs:
                self._calls_in(expr, scope)
            for inner in bodies:
                self._walk(inner, scope)

    def _calls_in(self, expr: ast.AST, scope: ast.AST) -> None:
        if not self._has_line(expr):
            return
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and self.loggers.methods(node):
                self.found.append((node, scope))


class _Query:
    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.secrets = SecretModel.of(context.settings)
        self.calls = CallBehaviour.of(context.settings, context.imports)
        # the file's scopes, shared with the command model
        self.scopes: ScopeTable = context.scopes
        self._evaluators: dict[int, Evaluator] = {}

    def evaluator(self, scope: ast.AST) -> Evaluator:
        evaluator = self._evaluators.get(id(scope))
        if evaluator is None:
            evaluator = self._evaluators[id(scope)] = Evaluator(
                self.scopes.of(scope), self.scopes.module, self.calls)
        return evaluator

    def judge(self, call: ast.Call, scope: ast.AST) -> Iterator[Finding]:
        evaluator = self.evaluator(scope)
        logger = _logger_text(call.func)
        reported: set[int] = set()
        derived: dict[str, str] = {}
        for source in self._sources(call, evaluator):
            if id(source.node) in reported or any(
                    hop[0] == GLOBAL or self._secret_hop(hop) for hop in source.via):
                # a module-level name is not this scope's local, and a
                # secret-named name on the path is the finding itself
                continue
            if source.kind == NAMESPACE:
                if not source.locals:   # a copy kept in a local is judged by key
                    reported.add(id(source.node))
                    yield _at(source.node, "NS303", what=_describe(source.node),
                              logger=logger)
                continue
            if not self._secret(source):
                continue
            if source.locals:
                derived.setdefault(source.locals[0], self._label(source))
                continue
            reported.add(id(source.node))
            yield _at(source.node, "NS301", name=self._label(source), logger=logger)
        for name, secret in derived.items():
            yield _at(call, "NS302", name=f"'{name}'", secret=secret, logger=logger)

    def _sources(self, call: ast.Call, evaluator: Evaluator) -> list[Source]:
        args = message_args(call, self.context)
        values = []
        if len(args) == 2 and _is_template(args[0]):
            # LOG.debug('%(user)s', params): logging fills the fields from
            # the one mapping argument, as `%` would
            values += evaluator.formatted(args[0], args[1], call)
        else:
            for arg in args:
                values += evaluator.values(arg, call)
        values.append(evaluator.keywords(call.keywords, call))
        return [source for value in values for source in value.sources]

    # -- what is a secret ----------------------------------------------------
    def _secret(self, source: Source) -> bool:
        kind, name = source.kind, source.name
        if kind in (NAME, PARAM):
            return self._secret_name(name)
        if kind == ATTRIBUTE:
            return self.secrets.secret_word(*name.split(".")) is not None
        if kind in (ENTRY, KEY, KEYWORD, FIELD):
            return self.secrets.secret_word(*name.split(".")) is not None
        if kind == CALL:
            return self.secrets.returned_secret(name) is not None
        return False

    def _secret_name(self, name: str) -> bool:
        # a name bound to a module (`import pwd`, `import secrets`) is no secret
        return self.secrets.secret_word(name) is not None and \
            not self.context.imports.is_module(name)

    def _secret_hop(self, hop: tuple[str, str]) -> bool:
        kind, name = hop
        if kind == LOCAL:
            return self._secret_name(name)
        if kind in (ENTRY_OF, ATTR_OF) and name:
            return self.secrets.secret_word(*name.split(".")) is not None
        if kind == RETURN:
            return self.secrets.returned_secret(name) is not None
        return False

    def _label(self, source: Source) -> str:
        """How a message names the secret."""
        kind, node = source.kind, source.node
        if kind in (NAME, PARAM):
            return _quoted(source.name)
        if kind == KEY:
            return f"key '{source.name}'"
        if kind == KEYWORD:
            return _quoted(source.name + "=")
        if kind == FIELD:
            return f"format field '{source.name}'"
        if kind == CALL and isinstance(node, ast.Call):
            return _quoted(_describe(node.func) + "()")
        return _quoted(_describe(node))


def _is_template(node: ast.AST) -> bool:
    """A constant format string, also inside `_('...')`."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        node = node.args[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _at(node: ast.AST, code: str, **fields: object) -> Finding:
    return finding(getattr(node, "lineno", 1), getattr(node, "col_offset", 0),
                   code, **fields)


def _describe(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # unparse of an odd tree must not cost the finding
        text = type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _quoted(text: str) -> str:
    return f'"{text}"' if "'" in text else f"'{text}'"


def _logger_text(func: ast.AST) -> str:
    name = dotted_name(func)
    return f"'{name}'" if name else f"'{_describe(func, 40)}'"


def _outer_exprs(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[ast.AST]:
    """Decorators, defaults and bases: evaluated in the enclosing scope."""
    out: list[ast.AST] = list(node.decorator_list)
    if isinstance(node, ast.ClassDef):
        out += node.bases + [k.value for k in node.keywords]
    else:
        out += node.args.defaults + [d for d in node.args.kw_defaults if d]
    return out


def _split(stmt: ast.stmt | ast.excepthandler | ast.match_case
           ) -> tuple[list[ast.AST], list[list[ast.stmt]]]:
    """A statement's own expressions, and its nested statement blocks."""
    exprs: list[ast.AST] = []
    bodies: list[list[ast.stmt]] = []
    for _field, value in ast.iter_fields(stmt):
        items = value if isinstance(value, list) else [value]
        if items and isinstance(items[0], ast.stmt):
            bodies.append(items)
            continue
        for item in items:
            if isinstance(item, (ast.excepthandler, ast.match_case)):
                sub_exprs, sub_bodies = _split(item)
                exprs += sub_exprs
                bodies += sub_bodies
            elif isinstance(item, ast.AST):
                exprs.append(item)
    return exprs, bodies
