"""The bindings of one function (or class body, or module), by name.

What a name may hold where it is used: its reaching assignments (plain,
augmented, annotated and walrus assignments, `for` and comprehension
targets, `with ... as`), its parameter and default, and the changes made to
the object it names before the use (`cmd.append(x)`, `cmd += [...]`,
`headers['X-Auth-Token'] = tok`, `d.pop('password')`, `del d['k']`).

A scope indexes its body on the first question about a name, in one walk
that does not enter nested functions, classes or lambdas (their names are
their own scope's business).
"""
from __future__ import annotations

import ast
from typing import Any

from flake8_netns.vocab.calls import FILLING_METHODS, REMOVING_METHODS

Where = tuple[int, int]
_MUTATING = FILLING_METHODS | REMOVING_METHODS
# nodes whose subtrees bind nothing in this scope: nested scopes (their
# names are their own business) and leaves
_LEAVES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                     ast.Lambda, ast.Name, ast.Constant, ast.Import,
                     ast.ImportFrom, ast.Pass, ast.Break, ast.Continue,
                     ast.Global, ast.Nonlocal, ast.Load, ast.Store, ast.Del,
                     *ast.operator.__subclasses__(), *ast.boolop.__subclasses__(),
                     *ast.cmpop.__subclasses__(), *ast.unaryop.__subclasses__()})


# the node types `_note` acts on
_BINDING = frozenset({ast.Assign, ast.Call, ast.AugAssign, ast.AnnAssign, ast.NamedExpr,
                      ast.For, ast.AsyncFor, ast.While, ast.If, ast.comprehension,
                      ast.withitem, ast.Delete})
# fields that never hold a node (`ctx` holds a singleton that binds nothing)
_SCALAR_FIELDS = frozenset({"ctx", "id", "attr", "arg", "name", "names", "module", "level",
                            "type_comment", "kind", "conversion", "is_async", "simple",
                            "lineno", "col_offset", "end_lineno", "end_col_offset"})
NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def push_children(node: ast.AST, kind: type, stack: list[ast.AST]) -> None:
    """Put a node's children on a walk's stack, in field order (the walks
    that read fields directly, for speed, share this)."""
    for field in NODE_FIELDS.get(kind) or child_fields(kind):
        value = getattr(node, field, None)
        if type(value) is list:
            for item in value:
                if isinstance(item, ast.AST):
                    stack.append(item)
        elif isinstance(value, ast.AST):
            stack.append(value)


def push_read(expr: ast.AST, stack: list[ast.AST]) -> None:
    """Put what a read attribute chain stands on on a walk's stack (`f()`
    of `f().a.b`): the chain's attributes hold nothing else, and a name or
    a constant it is read on holds nothing and binds nothing (the walks of
    the index and of a scope share this)."""
    while type(expr) is ast.Attribute:
        expr = expr.value
    if type(expr) is not ast.Name and type(expr) is not ast.Constant:
        stack.append(expr)


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes (for walks that read
    fields directly instead of through `ast.iter_child_nodes`)."""
    fields = NODE_FIELDS.get(kind)
    if fields is None:
        fields = NODE_FIELDS[kind] = tuple(
            f for f in getattr(kind, "_fields", ()) if f not in _SCALAR_FIELDS)
    return fields


class Scope:
    """The assignments of one function (or of the module), by name."""

    def __init__(self, node: ast.AST, parent: "Scope | None" = None) -> None:
        self.node = node
        self.parent = parent
        self.params: dict[str, ast.arg] = {}
        self.defaults: dict[str, ast.expr] = {}
        self.vararg: str | None = None   # `args` of `*args`: a tuple of the callers' items
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self._read_params(node.args)
        self._indexed = False
        self._assignments: dict[str, list[tuple[Where, ast.AST, ast.AST]]] = {}
        self._mutations: dict[str, list[ast.AST]] = {}
        self._loops: list[tuple[int, int]] = []
        # (body, orelse) line spans of the `if`s with an else branch: what
        # one branch assigns does not reach a use in the other
        self._branches: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._unconditional: set[int] = set()
        # what the analysis keeps about this scope between questions
        # (summaries of the functions a module defines, ...)
        self.memo: dict[str, Any] = {}

    # -- the index, built on first use ------------------------------------
    @property
    def assignments(self) -> dict[str, list[tuple[Where, ast.AST, ast.AST]]]:
        self._ensure_index()
        return self._assignments

    @property
    def mutations(self) -> dict[str, list[ast.AST]]:
        """Changes made to the object a name holds, in source order: calls
        (`append`, `update`, `pop`, ...), `+=`, `Store` and `Delete`."""
        self._ensure_index()
        return self._mutations

    @property
    def loops(self) -> list[tuple[int, int]]:
        self._ensure_index()
        return self._loops

    @property
    def unconditional(self) -> set[int]:
        """ids of the statements every path through the body runs."""
        self._ensure_index()
        return self._unconditional

    def _ensure_index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        # a module, class or function body; a lambda's is one expression
        found = getattr(self.node, "body", [])
        body: list[ast.AST] = found if isinstance(found, list) else [found]
        # an assignment that every path runs hides the parameter and the
        # assignments before it
        self._unconditional = {id(stmt) for stmt in body}
        for stmt in body:
            self._index(stmt)
        for entries in self._assignments.values():
            entries.sort(key=lambda entry: entry[0])
        for changes in self._mutations.values():
            changes.sort(key=_position)

    def _read_params(self, args: ast.arguments) -> None:
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(positional[len(positional) - len(args.defaults):],
                                args.defaults):
            self.defaults[arg.arg] = default
        for arg, keyword_default in zip(args.kwonlyargs, args.kw_defaults):
            if keyword_default is not None:
                self.defaults[arg.arg] = keyword_default
        if args.vararg is not None:
            self.vararg = args.vararg.arg
        for param in [*positional, args.vararg, *args.kwonlyargs, args.kwarg]:
            if param is not None:
                self.params[param.arg] = param

    def _index(self, root: ast.AST) -> None:
        # one pass per body, dispatched on the node's exact type (cheaper
        # than a chain of isinstance tests; most nodes are expressions that
        # bind nothing) and reading only the fields that can hold nodes:
        # this walk runs for most functions of a tree
        stack: list[ast.AST] = [root]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Attribute:
                push_read(node.value, stack)   # type: ignore[attr-defined]
                continue
            if kind in _LEAVES:
                continue
            if kind in _BINDING:
                self._note(node)
                if kind is ast.Call:
                    # the commonest binding node (`cmd.append(x)`): its
                    # callee chain and arguments read here, leaves not pushed
                    push_read(node.func, stack)   # type: ignore[attr-defined]
                    for arg in node.args:   # type: ignore[attr-defined]
                        if type(arg) not in _LEAVES:
                            stack.append(arg)
                    for keyword in node.keywords:   # type: ignore[attr-defined]
                        if type(keyword.value) not in _LEAVES:
                            stack.append(keyword.value)
                    continue
            elif kind is ast.Expr:
                if type(node.value) not in _LEAVES:   # type: ignore[attr-defined]
                    stack.append(node.value)   # type: ignore[attr-defined]
                continue
            push_children(node, kind, stack)

    def _note(self, node: ast.AST) -> None:
        """What one binding or changing node does to the scope's names."""
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, node.value, node)
        elif isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr in _MUTATING
                    and isinstance(func.value, ast.Name)):
                self._mutations.setdefault(func.value.id, []).append(node)
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name):
                self._add(node.target.id, node, node)
                self._mutations.setdefault(node.target.id, []).append(node)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)):
            if node.value is not None:
                self._bind(node.target, node.value, node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._bind(node.target, LoopItem(node.iter), node)
            self._loops.append((node.lineno, node.end_lineno or node.lineno))
        elif isinstance(node, ast.While):
            self._loops.append((node.lineno, node.end_lineno or node.lineno))
        elif isinstance(node, ast.If):
            if node.orelse:
                self._branches.append((_span(node.body), _span(node.orelse)))
        elif isinstance(node, ast.comprehension):
            self._bind(node.target, LoopItem(node.iter), node.target)
        elif isinstance(node, ast.withitem):
            if node.optional_vars is not None:
                self._bind(node.optional_vars, node.context_expr, node.optional_vars)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                base = _local_base(target)
                if base is not None:
                    self._mutations.setdefault(base, []).append(Delete(target))

    def _bind(self, target: ast.AST, value: ast.AST, stmt: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, value, stmt)
        elif isinstance(target, (ast.Tuple, ast.List)):
            elements = target.elts
            if (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(elements)
                    and not any(isinstance(e, ast.Starred) for e in [*elements, *value.elts])):
                # `user, psk = conf.user, conf.psk`: each target its own element
                for element, part in zip(elements, value.elts):
                    self._bind(element, part, stmt)
                return
            for index, element in enumerate(elements):
                if isinstance(value, LoopItem) and value.index is None:
                    # for name, tables in [('iptables', ...), ...]
                    self._bind(element, LoopItem(value.iterable, index), stmt)
                else:
                    # other unpacking hides which part lands where: each
                    # target is something of its own, derived from nothing
                    self._bind(element, Unknown(), stmt)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, Unknown(), stmt)
        elif isinstance(target, (ast.Subscript, ast.Attribute)):
            # `headers['X-Auth-Token'] = tok`, `req.password = pw`: the
            # object the local names now holds the value
            base = _local_base(target)
            if base is not None and not isinstance(value, (LoopItem, Unknown)):
                self._mutations.setdefault(base, []).append(Store(target, value, stmt))

    def _add(self, name: str, value: ast.AST, stmt: ast.AST) -> None:
        self._assignments.setdefault(name, []).append((_position(stmt), value, stmt))

    def reaching(self, name: str, before: Where) -> list[tuple[ast.AST, ast.AST]]:
        """Assignments before `before`, and inside a loop around it those
        after it too: the next iteration sees them."""
        assignments = self.assignments.get(name)
        if not assignments:
            return []
        limit = self.loop_end(before)
        found = [(where, value, stmt) for where, value, stmt in assignments
                 if where < before or (limit is not None and where[0] <= limit)]
        if self._branches:
            found = [entry for entry in found if not self._exclusive(entry[0][0], before[0])]
        return [(value, stmt) for _where, value, stmt in found]

    def _exclusive(self, assigned: int, used: int) -> bool:
        """The assignment and the use stand in the two branches of one `if`
        (and no loop around it runs the other branch next time)."""
        for body, orelse in self._branches:
            for first, second in ((body, orelse), (orelse, body)):
                if first[0] <= assigned <= first[1] and second[0] <= used <= second[1]:
                    return self.loop_end((body[0], 0)) is None
        return False

    def loop_end(self, where: Where) -> int | None:
        """The last line of the outermost loop holding `where`, if any."""
        end = None
        for first, last in self.loops:
            if first <= where[0] <= last:
                end = max(end or last, last)
        return end


class ScopeTable:
    """The scopes of one file, each made (and indexed) once and shared by
    every family that asks: the command model and NS3 look at many of the
    same functions, and what one family's questions kept on a scope (the
    answers of `Evaluator.values`, an assignment's values) the other reads
    again for free. The evaluators of one file must share one call table
    (`CallBehaviour` of the file's settings and imports) for that to hold."""

    def __init__(self, tree: ast.AST) -> None:
        self.module = Scope(tree)
        self._scopes: dict[int, Scope] = {}

    def of(self, node: ast.AST | None) -> Scope:
        """The scope of a function, class body or lambda (the module's for
        None or the tree itself)."""
        if node is None or node is self.module.node:
            return self.module
        scope = self._scopes.get(id(node))
        if scope is None or scope.node is not node:
            scope = self._scopes[id(node)] = Scope(node, self.module)
        return scope


class LoopItem(ast.AST):
    """Stands for 'an item of this iterable' in the assignment index."""

    _fields = ()

    def __init__(self, iterable: ast.AST, index: int | None = None) -> None:
        super().__init__()
        self.iterable = iterable
        self.index = index   # which part of each item, when items are unpacked


class Unknown(ast.AST):
    """A target of unpacking whose part cannot be told."""

    _fields = ()


class Store(ast.AST):
    """`target = value` where the target is an item or attribute of a local."""

    _fields = ()

    def __init__(self, target: ast.Subscript | ast.Attribute, value: ast.AST,
                 stmt: ast.AST) -> None:
        super().__init__()
        self.target = target
        self.value = value
        self.lineno = getattr(stmt, "lineno", 0)
        self.col_offset = getattr(stmt, "col_offset", 0)


class Delete(ast.AST):
    """`del target` where the target is an item of a local."""

    _fields = ()

    def __init__(self, target: ast.AST) -> None:
        super().__init__()
        self.target = target
        self.lineno = getattr(target, "lineno", 0)
        self.col_offset = getattr(target, "col_offset", 0)


def _local_base(target: ast.AST) -> str | None:
    """`d` of `d[k]` and `d.attr` (not `self.x`: an attribute of the
    instance is no local)."""
    if isinstance(target, (ast.Subscript, ast.Attribute)) and isinstance(target.value, ast.Name):
        if target.value.id not in ("self", "cls"):
            return target.value.id
    return None


def _span(body: list[ast.stmt]) -> tuple[int, int]:
    return (body[0].lineno, body[-1].end_lineno or body[-1].lineno)


def _position(node: ast.AST) -> Where:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
