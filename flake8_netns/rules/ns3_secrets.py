"""NS3: secrets reaching logs.

NS301 a secret name in a logging call, NS302 a local that holds a secret
logged in the same function, NS303 a whole namespace logged. Each scope
(module, class body, function) is read once, in statement order, keeping
which locals hold a secret; branches add to that knowledge and never take
from it, so a secret set on one path counts.
"""
from __future__ import annotations

import ast
import bisect
from typing import Iterator

from flake8_netns.codes import Finding, finding
from flake8_netns.model.loggers import (candidate_lines, loggers_of,
                                        message_args)
from flake8_netns.model.secret_values import (Hit, SecretScanner, describe,
                                              format_string)
from flake8_netns.model.words import dotted_name

Taint = dict[str, str]

# Calls on a local that put their arguments into it.
_FILLING_METHODS = frozenset({"update", "append", "extend", "insert", "add",
                              "setdefault", "appendleft", "extendleft",
                              "__setitem__"})
_NOT_LOCAL = frozenset({"self", "cls"})


def check(context) -> list[Finding]:
    lines = candidate_lines(context)
    if not lines:
        return []
    checker = _Checker(context, lines)
    checker.find_calls(context.tree.body)
    if checker.calls:
        checker.keep_call_lines()
        checker.run(context.tree.body, {})
    return checker.findings


class _Checker:
    def __init__(self, context, lines: list[int]) -> None:
        self.context = context
        self.loggers = loggers_of(context)
        self.scanner = SecretScanner(context)
        self.lines = lines
        self.calls: dict[int, ast.Call] = {}
        # names that appear in some logging call: only these can carry a
        # secret to a log, so no other local's value is ever looked at
        self.logged: set[str] = set()
        self.findings: list[Finding] = []

    def _has_line(self, node: ast.AST) -> bool:
        start = getattr(node, "lineno", None)
        if start is None:
            return True
        end = getattr(node, "end_lineno", None) or start
        at = bisect.bisect_left(self.lines, start)
        return at < len(self.lines) and self.lines[at] <= end

    # -- pass 1: the logging calls and the names they use -------------
    def find_calls(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if not self._has_line(stmt):
                continue
            exprs, bodies = _split(stmt)
            for expr in exprs:
                if not self._has_line(expr):
                    continue
                for node in ast.walk(expr):
                    if isinstance(node, ast.Call) and self.loggers.methods(node):
                        self.calls[id(node)] = node
                        self.logged.update(
                            n.id for n in ast.walk(node)
                            if isinstance(n, ast.Name))
            for inner in bodies:
                self.find_calls(inner)

    def keep_call_lines(self) -> None:
        """Prune later passes by the lines of real calls, not candidates."""
        self.lines = sorted({c.lineno for c in self.calls.values()})

    # -- pass 2: scopes in statement order ----------------------------
    def run(self, body: list[ast.stmt], tainted: Taint) -> Taint:
        for stmt in body:
            if not self._has_line(stmt) and not self._may_taint(stmt):
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef)):
                for expr in _outer_exprs(stmt):
                    self._report_in(expr, tainted)
                self.run(stmt.body, {})
                continue
            exprs, bodies = _split(stmt)
            for expr in exprs:
                self._report_in(expr, tainted)
            try:
                self._apply(stmt, tainted)
            except RecursionError:
                pass  # too deep to judge: the statement taints nothing
            merged: Taint = {}
            for inner in bodies:
                merged.update(self.run(inner, dict(tainted)))
            for name, secret in merged.items():
                tainted.setdefault(name, secret)
        return tainted

    def _may_taint(self, stmt: ast.stmt) -> bool:
        """A statement outside every logging call's lines that can still
        make a logged local hold a secret."""
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            return False
        return bool(self.logged)

    # -- taint ---------------------------------------------------------
    def _apply(self, stmt: ast.stmt, tainted: Taint) -> None:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if stmt.value is None:
                return
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            keep = isinstance(stmt, ast.AugAssign)
            for target in targets:
                self._assign(target, stmt.value, tainted, keep)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self._assign(stmt.target, stmt.iter, tainted, keep=False)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            func = call.func
            if isinstance(func, ast.Attribute) and \
                    func.attr in _FILLING_METHODS and \
                    isinstance(func.value, ast.Name) and \
                    func.value.id in self.logged and \
                    func.value.id not in _NOT_LOCAL:
                secret = self.scanner.holds_any(call, tainted)
                if secret is None and call.args and \
                        func.attr in ("setdefault", "__setitem__"):
                    secret = self._secret_key(call.args[0], call.args[1:2])
                if secret:
                    tainted[func.value.id] = secret

    def _assign(self, target, value, tainted: Taint, keep: bool) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and \
                    len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    self._assign(t, v, tainted, keep)
                return
            for t in target.elts:
                self._assign(t, value, tainted, keep)
            return
        if isinstance(target, ast.Starred):
            self._assign(target.value, value, tainted, keep)
            return
        if isinstance(target, ast.Name):
            if target.id not in self.logged:
                return
            secret = self.scanner.holds(value, tainted)
            if secret:
                tainted[target.id] = secret
            elif not keep:
                tainted.pop(target.id, None)
            return
        # `headers['X-Auth-Token'] = tok`, `req.password = pw`: the local
        # container now holds the secret
        is_item = isinstance(target, (ast.Subscript, ast.Attribute))
        base = target.value if is_item else None
        if not isinstance(base, ast.Name) or base.id in _NOT_LOCAL or \
                base.id not in self.logged:
            return
        secret = self.scanner.holds(value, tainted)
        if secret is None and isinstance(target, ast.Subscript):
            secret = self._secret_key(target.slice, [value])
        elif secret is None and isinstance(target, ast.Attribute) and \
                self.scanner.secret_in_name(target.attr) and \
                not self.scanner.is_clean(value):
            secret = f"'{target.attr}'"
        if secret:
            tainted[base.id] = secret

    def _secret_key(self, key, values) -> str | None:
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and \
                self.scanner.secret_in_name(key.value) and \
                not all(self.scanner.is_clean(v) for v in values if v):
            return f"'{key.value}'"
        return None

    # -- logging calls -------------------------------------------------
    def _report_in(self, expr: ast.AST, tainted: Taint) -> None:
        if not self._has_line(expr):
            return
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and id(node) in self.calls:
                try:
                    self._report(node, tainted)
                except RecursionError:
                    pass  # an argument nested too deep to judge

    def _report(self, call: ast.Call, tainted: Taint) -> None:
        logger = _logger_text(call.func)
        derived: dict[str, str] = {}
        for hit in self._hits(call, tainted):
            if hit.kind == "derived":
                derived.setdefault(hit.text, hit.secret)
            elif hit.kind == "namespace":
                self._add(hit.node, "NS303", what=hit.text, logger=logger)
            else:
                self._add(hit.node, "NS301", name=hit.text, logger=logger)
        for name, secret in derived.items():
            self._add(call, "NS302", name=f"'{name}'", secret=secret,
                      logger=logger)

    def _hits(self, call: ast.Call, tainted: Taint) -> Iterator[Hit]:
        args = message_args(call, self.context)
        fmt = format_string(args[0]) if len(args) == 2 else None
        if fmt is not None:
            # LOG.debug('%(user)s', params): logging fills the fields from
            # the one mapping argument, as `%` would
            yield from self.scanner.scan(args[0], tainted)
            yield from self.scanner.scan_formatted(fmt, args[1], tainted)
        else:
            for arg in args:
                yield from self.scanner.scan(arg, tainted)
        yield from self.scanner.scan_keywords(call.keywords, tainted)

    def _add(self, node: ast.AST, code: str, **fields: object) -> None:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        self.findings.append(finding(line, col, code, **fields))


def _logger_text(func: ast.AST) -> str:
    name = dotted_name(func)
    return f"'{name}'" if name else f"'{describe(func, 40)}'"


def _outer_exprs(node: ast.stmt) -> list[ast.AST]:
    """Decorators, defaults and bases: evaluated in the enclosing scope."""
    out: list[ast.AST] = list(node.decorator_list)
    if isinstance(node, ast.ClassDef):
        out += node.bases + [k.value for k in node.keywords]
    else:
        out += node.args.defaults + [d for d in node.args.kw_defaults if d]
    return out


def _split(stmt: ast.stmt) -> tuple[list[ast.AST], list[list[ast.stmt]]]:
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
