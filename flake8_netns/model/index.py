"""One walk over a module's tree that the command model and NS2 read.

A 2,000-file run cannot afford a tree walk per question (one full
`ast.walk` of Neutron alone is ~3 s), so the functions with the calls their
bodies make, the `try`/`with` statements and the attributes methods set on
`self` are gathered here in a single pass and shared.
"""
from __future__ import annotations

import ast
from typing import Sequence

from flake8_netns.analysis.scope import push_children, push_read
from flake8_netns.vocab.calls import FILLING_METHODS, REMOVING_METHODS

_TRY_NODES = frozenset({ast.Try, getattr(ast, "TryStar", ast.Try), ast.With, ast.AsyncWith})
# nothing below them that the index keeps
_SKIPPED = frozenset({ast.Import, ast.ImportFrom, ast.Constant, ast.Load, ast.Store, ast.Del,
                      *ast.operator.__subclasses__(), *ast.boolop.__subclasses__(),
                      *ast.cmpop.__subclasses__(), *ast.unaryop.__subclasses__()})
# where an expression can only be read (an attribute's object, a call's
# arguments, an expression statement), a name binds nothing and a constant
# holds nothing: neither is pushed
_READ_LEAVES = frozenset({ast.Name, ast.Constant})
# methods that change the object a local names (the scope's mutations)
MUTATING = FILLING_METHODS | REMOVING_METHODS


class FunctionInfo:
    """A function or method of the module and what its body holds (plain
    slots: made for every function of every file, and a dataclass would
    compile its methods at import)."""

    __slots__ = ("qualname", "node", "class_name", "is_static", "calls", "assigned",
                 "maybe_built", "written")

    def __init__(self, qualname: str, node: ast.FunctionDef | ast.AsyncFunctionDef,
                 class_name: str | None, is_static: bool) -> None:
        self.qualname = qualname
        self.node = node
        self.class_name = class_name
        self.is_static = is_static
        self.calls: list[ast.Call] = []
        self.assigned: set[str] = set()   # local names bound
        # local names some binding or change of which may make a built
        # string (a superset, read before the scope's exact look at what
        # reaches a use)
        self.maybe_built: set[str] = set()
        # local names some binding of which holds a built string written in
        # place (a superset of those a reaching assignment binds to one)
        self.written: set[str] = set()


# a scope still to walk: its first nodes, the function they run in, the
# qualname prefix, the class around them, and whether they are inside a
# lambda or a class in a function (their calls do not run with the function)
_Scope = tuple[Sequence[ast.AST], "FunctionInfo | None", str, "str | None", bool]


class FileIndex:
    __slots__ = ("functions", "module_calls", "guards", "lambda_calls", "self_attributes",
                 "module_assigned", "module_maybe_built", "module_written")

    def __init__(self) -> None:
        self.functions: dict[str, FunctionInfo] = {}
        self.module_calls: list[ast.Call] = []          # calls run at import time
        # try/with statements and the function each is in
        self.guards: list[tuple[ast.AST, FunctionInfo | None]] = []
        # calls inside lambdas, with the function around them
        self.lambda_calls: list[tuple[ast.Call, FunctionInfo | None]] = []
        # class -> attribute its methods set on self -> values
        self.self_attributes: dict[str, dict[str, list[ast.expr]]] = {}
        self.module_assigned: set[str] = set()
        self.module_maybe_built: set[str] = set()
        self.module_written: set[str] = set()

    @classmethod
    def of(cls, tree: ast.AST, bodies: bool = True) -> "FileIndex":
        """The index of a module; with `bodies=False` only its functions
        and methods (names, parameters), their bodies unread: what a module
        that runs nothing offers its callers."""
        index = cls()
        scopes: list[_Scope] = [([tree], None, "", None, False)]
        while scopes:
            roots, owner, prefix, class_name, hidden = scopes.pop()
            if owner is not None and not bodies and roots is owner.node.body:
                continue
            index._walk(roots, owner, prefix, class_name, hidden, scopes)
        # the walk pops in reverse; sources read top-down
        for info in index.functions.values():
            info.calls.reverse()
        index.module_calls.reverse()
        index.guards.reverse()
        return index

    def _walk(self, roots: Sequence[ast.AST], owner: FunctionInfo | None, prefix: str,
              class_name: str | None, hidden: bool, scopes: list[_Scope]) -> None:
        """One scope's nodes; nested functions, classes and lambdas are
        queued as scopes of their own (so the per-node work is small)."""
        calls = owner.calls if owner else self.module_calls
        assigned = owner.assigned if owner else self.module_assigned
        maybe_built = owner.maybe_built if owner else self.module_maybe_built
        written = owner.written if owner else self.module_written
        stack = list(roots)
        while stack:
            node = stack.pop()
            # dispatch on the exact class: as fast as a saved `type(node)`,
            # measurably faster than isinstance, and mypy narrows it; the
            # commonest nodes first, their children pushed in field order
            if type(node) is ast.Attribute:
                # a chain of attributes read at once, down to what it is
                # read on: the names below can only be read here, never bound
                push_read(node.value, stack)
                continue
            if type(node) is ast.Name:
                if type(node.ctx) is ast.Store:
                    assigned.add(node.id)
                continue
            if type(node) in _SKIPPED:
                continue
            if type(node) is ast.Expr or type(node) is ast.keyword:
                if type(node.value) not in _READ_LEAVES:
                    stack.append(node.value)
                continue
            if type(node) is ast.Subscript:
                if type(node.value) not in _READ_LEAVES:
                    stack.append(node.value)
                if type(node.slice) not in _READ_LEAVES:
                    stack.append(node.slice)
                continue
            if type(node) is ast.Compare:
                if type(node.left) not in _READ_LEAVES:
                    stack.append(node.left)
                for comparator in node.comparators:
                    if type(comparator) not in _READ_LEAVES:
                        stack.append(comparator)
                continue
            if type(node) is ast.If:
                if type(node.test) not in _READ_LEAVES:
                    stack.append(node.test)
                stack.extend(node.body)
                stack.extend(node.orelse)
                continue
            if type(node) is ast.Return:
                if node.value is not None and type(node.value) not in _READ_LEAVES:
                    stack.append(node.value)
                continue
            if type(node) is ast.arg:
                if node.annotation is not None:
                    stack.append(node.annotation)
                continue
            if type(node) is ast.Call:
                if hidden:
                    # a lambda's calls do not run with its function, but
                    # what they run is still a command
                    self.lambda_calls.append((node, owner))
                else:
                    calls.append(node)
                func = node.func
                if type(func) is ast.Attribute and func.attr in MUTATING \
                        and type(func.value) is ast.Name:
                    maybe_built.add(func.value.id)   # `cmd.append(x)`
                # the callee as an attribute chain is read here (what
                # popping it would push, pushed in its place)
                push_read(func, stack)
                for arg in node.args:
                    if type(arg) not in _READ_LEAVES:
                        stack.append(arg)
                for keyword in node.keywords:
                    if type(keyword.value) not in _READ_LEAVES:
                        stack.append(keyword.value)
                continue
            if type(node) is ast.Assign:
                # the commonest statement, read here rather than through the
                # generic branches below (a name target is bound at once)
                value = node.value
                for target in node.targets:
                    if type(target) is ast.Name:
                        assigned.add(target.id)
                        if may_be_built(value):
                            maybe_built.add(target.id)
                            if written_built(value):
                                written.add(target.id)
                    else:
                        _note_built(target, value, maybe_built)
                        _note_written(target, value, written)
                        stack.append(target)
                if owner is not None and owner.class_name is not None:
                    self._self_attributes(owner.class_name, node.targets, value)
                if type(value) not in _READ_LEAVES:
                    stack.append(value)
                continue
            if type(node) is ast.FunctionDef or type(node) is ast.AsyncFunctionDef:
                qualname = prefix + node.name
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod"
                             for d in node.decorator_list)
                info = FunctionInfo(qualname, node, class_name, static)
                self.functions.setdefault(qualname, info)
                scopes.append((node.body, info, qualname + ".<locals>.", None, False))
                stack.extend(node.decorator_list)
                _push_arguments(node.args, stack)
                continue
            elif type(node) is ast.ClassDef:
                scopes.append((node.body, owner, prefix + node.name + ".", node.name,
                               hidden or owner is not None))
                stack.extend(node.decorator_list)
                stack.extend(node.bases)
                continue
            elif type(node) is ast.Lambda:
                scopes.append(([node.body], owner, prefix, class_name, True))
                continue
            elif type(node) in _TRY_NODES:
                if not hidden:
                    self.guards.append((node, owner))
            elif type(node) is ast.AugAssign or type(node) is ast.NamedExpr:
                _note_built(node.target, node.value, maybe_built, type(node) is ast.AugAssign)
                if type(node) is ast.NamedExpr:
                    _note_written(node.target, node.value, written)
            elif type(node) is ast.withitem:
                if node.optional_vars is not None:
                    _note_built(node.optional_vars, node.context_expr, maybe_built)
                    _note_written(node.optional_vars, node.context_expr, written)
            elif type(node) is ast.Delete:
                for target in node.targets:
                    _note_built(target, None, maybe_built, True)
            elif type(node) is ast.AnnAssign:
                target = node.target
                if type(target) is not ast.Name:
                    _note_built(target, node.value, maybe_built)
                elif node.value is None or may_be_built(node.value):
                    maybe_built.add(target.id)
                if node.value is not None:
                    _note_written(target, node.value, written)
                # `self.x: int` sets nothing
                if owner is not None and owner.class_name is not None \
                        and node.value is not None:
                    self._self_attributes(owner.class_name, [target], node.value)
            push_children(node, type(node), stack)

    def _self_attributes(self, class_name: str, targets: list[ast.expr],
                         value: ast.expr) -> None:
        for target in targets:
            if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                    and target.value.id == "self"):
                self.self_attributes.setdefault(class_name, {}).setdefault(
                    target.attr, []).append(value)


def _note_built(target: ast.AST, value: ast.AST | None, found: set[str],
                changed: bool = False) -> None:
    """Record the locals that `target = value` may bind to a built string,
    and the local whose object an item, attribute, `+=` or `del` changes."""
    if type(target) is ast.Name:
        if changed or value is None or may_be_built(value):
            found.add(target.id)
    elif type(target) is ast.Tuple or type(target) is ast.List:
        for element in target.elts:   # unpacked parts: judged by the whole
            _note_built(element, value, found, changed)
    elif type(target) is ast.Starred:
        _note_built(target.value, value, found, changed)
    elif type(target) is ast.Subscript or type(target) is ast.Attribute:
        base: ast.expr = target
        while type(base) is ast.Subscript or type(base) is ast.Attribute:
            base = base.value
        if type(base) is ast.Name:
            found.add(base.id)   # `headers['X'] = v`, `del d['k']`: a change


def _push_arguments(args: ast.arguments, stack: list[ast.AST]) -> None:
    """What a def's parameters hold that runs where the def stands (the
    defaults and annotations), in the order popping the `arguments` node and
    then each `arg` would push it: an `arg` gives way to its annotation."""
    for field in ast.arguments._fields:
        value = getattr(args, field)
        for item in value if type(value) is list else (value,):
            if type(item) is ast.arg:
                item = item.annotation
            if item is not None and type(item) not in _READ_LEAVES:
                stack.append(item)


def _note_written(target: ast.AST, value: ast.AST, found: set[str]) -> None:
    """Record every name `target = value` binds when the value holds a
    built string written in place, as a whole or as an item of a tuple or
    list it is (unpacked element by element or not: a superset)."""
    if _holds_written(value):
        stack = [target]
        while stack:
            node = stack.pop()
            if type(node) is ast.Name:
                found.add(node.id)
            elif type(node) is ast.Tuple or type(node) is ast.List:
                stack.extend(node.elts)
            elif type(node) is ast.Starred:
                stack.append(node.value)


def _holds_written(value: ast.AST) -> bool:
    """`value`, or an item of the tuples and lists it is, is `written_built`
    (a loop, not recursion: nesting as deep as the parser allows)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is ast.Tuple or type(node) is ast.List:
            stack.extend(node.elts)
        elif written_built(node):
            return True
    return False


def written_built(arg: ast.AST) -> bool:
    """A built string written in place: an f-string with a field, `%` or
    `+` on a string constant, `.format()` or `.join()` on one. A chain of
    `%` and `+` is read with a loop, not recursion: an expression as deep as
    the parser allows is a concatenation of a few thousand strings."""
    stack = [arg]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr):
            if any(isinstance(v, ast.FormattedValue) for v in node.values):
                return True
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    return True
                stack.append(side)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("format", "join") and isinstance(node.func.value, ast.Constant):
                return True
    return False


def may_be_built(value: ast.AST) -> bool:
    """Syntax says a binding to `value` may make a built string (a superset
    of what the prefilter's exact look at reaching assignments accepts)."""
    if isinstance(value, (ast.IfExp, ast.BoolOp, ast.Name)):
        return True
    if isinstance(value, (ast.Tuple, ast.List)):
        return any(may_be_built(e) for e in value.elts)
    return looks_built(value)


def looks_built(arg: ast.AST) -> bool:
    """Syntax alone says this may be a built string or an argv holding
    one: an f-string, `%`, `+`, `.format()`, `.join()`, or a local name."""
    if isinstance(arg, (ast.JoinedStr, ast.BinOp, ast.Name)):
        return True
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        return arg.func.attr in ("format", "join", "split")
    if isinstance(arg, (ast.List, ast.Tuple)):
        return any(looks_built(e) for e in arg.elts)
    return isinstance(arg, ast.Constant) and isinstance(arg.value, str) and " " in arg.value
