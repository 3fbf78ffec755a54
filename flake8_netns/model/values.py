"""What a command expression is made of: constant, built or opaque.

`Evaluator.values(expr)` answers with the alternatives an expression may
take in its function: a local name stands for each of its reaching
assignments (in source order before the use; plain, augmented and annotated
assignments, `for` targets), so `cmd = 'ip link set %s' % dev; cmd += ' up'`
is one built string. Values also remember which of the function's own
parameters they come from, which is what makes a function a wrapper.

The evaluation is syntactic and bounded (depth and alternatives), so it is
cheap on flake8's `ast` tree and cannot run away on hostile input.
"""
from __future__ import annotations

import ast
import dataclasses
import re
from typing import Iterable, Iterator

from flake8_netns.model.words import dotted_name

CONST, BUILT, OPAQUE = "const", "built", "opaque"
MAX_DEPTH = 12
MAX_ALTERNATIVES = 16
# expressions one question may look at: each `if` that reassigns a name
# doubles the paths to its use, so depth alone does not bound the work
MAX_STEPS = 5_000

# placeholders are not the constant text around a value; linear on any text:
# a width cannot start with the flag '0' and a mapping key is looked for in
# at most 200 characters, so no two parts can trade the same characters
_PERCENT_FIELD = re.compile(
    r"%(?:\([^)]{0,200}\))?[-#0 +]*(?:[1-9]\d*|\*)?(?:\.\d+)?[a-zA-Z%]")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_SPLITTERS = {"split", "shlex.split", "rsplit"}
_TRANSPARENT = {"str", "list", "tuple", "strip", "rstrip", "lstrip",
                "encode", "decode", "sorted"}


@dataclasses.dataclass(frozen=True)
class Value:
    """One alternative of an expression's value.

    kind: CONST (every part known), BUILT (a string with constant and
    non-constant parts put together), or OPAQUE (a parameter, attribute or
    call result that cannot be seen into).
    """

    kind: str
    text: str | None = None            # a constant string's text
    how: str | None = None             # how a built string was put together
    names: tuple[str, ...] = ()        # the non-constant names built in
    mixes_text: bool = False           # built with constant text around a value
    params: frozenset[str] = frozenset()   # own parameters it comes from
    whole_param: str | None = None     # it is this parameter (or one item of it)
    split: bool = False                # a string split into an argv
    items: tuple["Value", ...] | None = None   # argv items, when a sequence
    tails: tuple["Value", ...] = ()    # sequences spliced into the argv
    node: ast.AST | None = None        # where the value was written

    @property
    def is_sequence(self) -> bool:
        return self.items is not None

    @property
    def item_texts(self) -> list[str | None]:
        """Each argv item's constant text, None where it is not constant."""
        return [item.text if item.kind == CONST else None for item in self.items or ()]


def _const(text: str | None = None, node: ast.AST | None = None) -> Value:
    return Value(CONST, text=text, node=node)


class Scope:
    """The assignments of one function (or of the module), by name."""

    def __init__(self, node: ast.AST, parent: "Scope | None" = None) -> None:
        self.node = node
        self.parent = parent
        self.params: dict[str, ast.arg] = {}
        self.defaults: dict[str, ast.expr] = {}
        self.assignments: dict[str, list[tuple[tuple[int, int], ast.AST, ast.AST]]] = {}
        self.mutations: dict[str, list[ast.Call | ast.AugAssign]] = {}
        self.loops: list[tuple[int, int]] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self._read_params(node.args)
        body = node.body if isinstance(node.body, list) else [node.body]
        # an assignment that every path runs hides the parameter and the
        # assignments before it
        self.unconditional = {id(stmt) for stmt in body}
        for stmt in body:
            self._index(stmt)

    def _read_params(self, args: ast.arguments) -> None:
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(positional[len(positional) - len(args.defaults):],
                                args.defaults):
            self.defaults[arg.arg] = default
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                self.defaults[arg.arg] = default
        for arg in [*positional, args.vararg, *args.kwonlyargs, args.kwarg]:
            if arg is not None:
                self.params[arg.arg] = arg

    def _index(self, root: ast.AST) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef, ast.Lambda)):
                continue  # their names are their own scope's business
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value, node)
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                self._bind(node.target, node.value, node)
            elif isinstance(node, ast.AugAssign):
                if isinstance(node.target, ast.Name):
                    self._add(node.target.id, node, node)
                    self.mutations.setdefault(node.target.id, []).append(node)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                self._bind(node.target, _LoopItem(node.iter), node)
                self.loops.append((node.lineno, node.end_lineno or node.lineno))
            elif isinstance(node, ast.While):
                self.loops.append((node.lineno, node.end_lineno or node.lineno))
            elif isinstance(node, ast.comprehension):
                self._bind(node.target, _LoopItem(node.iter), node.target)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._bind(node.optional_vars, node.context_expr, node.optional_vars)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("append", "extend", "insert")
                  and isinstance(node.func.value, ast.Name)):
                self.mutations.setdefault(node.func.value.id, []).append(node)
            stack.extend(ast.iter_child_nodes(node))

    def _bind(self, target: ast.AST, value: ast.AST, stmt: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, value, stmt)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for index, element in enumerate(target.elts):
                if isinstance(value, _LoopItem) and value.index is None:
                    # for name, tables in [('iptables', ...), ...]
                    self._bind(element, _LoopItem(value.iterable, index), stmt)
                else:
                    # other unpacking hides which part lands where: opaque
                    self._bind(element, _Unknown(), stmt)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, _Unknown(), stmt)

    def _add(self, name: str, value: ast.AST, stmt: ast.AST) -> None:
        where = (getattr(stmt, "lineno", 0), getattr(stmt, "col_offset", 0))
        self.assignments.setdefault(name, []).append((where, value, stmt))

    def reaching(self, name: str, before: tuple[int, int]) -> list[tuple[ast.AST, ast.AST]]:
        """Assignments before `before`, and inside a loop around it those
        after it too: the next iteration sees them."""
        limit = self.loop_end(before)
        return [(value, stmt) for where, value, stmt in self.assignments.get(name, ())
                if where < before or (limit is not None and where[0] <= limit)]

    def loop_end(self, where: tuple[int, int]) -> int | None:
        """The last line of the outermost loop holding `where`, if any."""
        end = None
        for first, last in self.loops:
            if first <= where[0] <= last:
                end = max(end or last, last)
        return end


class _LoopItem(ast.AST):
    """Stands for 'an item of this iterable' in the assignment index."""

    _fields = ()

    def __init__(self, iterable: ast.AST, index: int | None = None) -> None:
        super().__init__()
        self.iterable = iterable
        self.index = index   # which part of each item, when items are unpacked


class _Unknown(ast.AST):
    _fields = ()


class Evaluator:
    """Evaluates expressions of one function, with the module as fallback."""

    def __init__(self, scope: Scope, module: Scope) -> None:
        self.scope = scope
        self.module = module
        self._steps = 0

    # -- public -------------------------------------------------------------
    def values(self, expr: ast.AST, at: ast.AST | None = None) -> list[Value]:
        at = at or expr
        where = (getattr(at, "lineno", 0), getattr(at, "col_offset", 0))
        self._steps = 0
        found = list(self._eval(expr, where, 0, frozenset()))
        return _dedupe(found)[:MAX_ALTERNATIVES]

    def argv_items(self, args: Iterable[ast.expr], at: ast.AST) -> Value:
        """The argv formed by positional arguments (`execute('ip', *cmd)`)."""
        self._steps = 0
        return self._sequence(args, at, (at.lineno, at.col_offset), 0, frozenset())

    # -- evaluation ---------------------------------------------------------
    def _eval(self, expr: ast.AST, where, depth: int, seen: frozenset) -> Iterator[Value]:
        self._steps += 1
        if depth > MAX_DEPTH or self._steps > MAX_STEPS:
            yield Value(OPAQUE, node=expr)
            return
        depth += 1
        if isinstance(expr, ast.Constant):
            yield _const(expr.value if isinstance(expr.value, str) else None, expr)
        elif isinstance(expr, ast.JoinedStr):
            yield self._joined(expr, where, depth, seen)
        elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            yield self._percent(expr, where, depth, seen)
        elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            yield from self._plus(expr, where, depth, seen)
        elif isinstance(expr, (ast.List, ast.Tuple)):
            yield self._sequence(expr.elts, expr, where, depth, seen)
        elif isinstance(expr, ast.Call):
            yield from self._call(expr, where, depth, seen)
        elif isinstance(expr, ast.Name):
            yield from self._name(expr, where, depth, seen)
        elif isinstance(expr, ast.Attribute) and _is_constant_name(expr):
            yield _const(None, expr)
        elif isinstance(expr, ast.Subscript):
            for value in self._eval(expr.value, where, depth, seen):
                yield Value(OPAQUE, params=value.params,
                            whole_param=value.whole_param, node=expr)
        elif isinstance(expr, ast.IfExp):
            yield from self._eval(expr.body, where, depth, seen)
            yield from self._eval(expr.orelse, where, depth, seen)
        elif isinstance(expr, ast.BoolOp):
            for operand in expr.values:
                yield from self._eval(operand, where, depth, seen)
        elif isinstance(expr, (ast.ListComp, ast.GeneratorExp)):
            # [str(arg) for arg in cmd] is still cmd, item by item
            sources = [v for gen in expr.generators
                       for v in self._eval(gen.iter, where, depth, seen)]
            yield Value(OPAQUE, params=_union(v.params for v in sources),
                        whole_param=next((v.whole_param for v in sources), None),
                        split=any(v.split for v in sources), node=expr)
        elif isinstance(expr, ast.Starred):
            yield from self._eval(expr.value, where, depth, seen)
        elif isinstance(expr, _LoopItem):
            yield from self._loop_item(expr, where, depth, seen)
        else:
            yield Value(OPAQUE, node=expr)

    def _name(self, expr: ast.Name, where, depth: int, seen: frozenset) -> Iterator[Value]:
        name = expr.id
        key = (id(self.scope), name, where)
        if key in seen:
            return
        seen = seen | {key}
        reaching = self.scope.reaching(name, where)
        killed = False
        for index in range(len(reaching) - 1, -1, -1):
            if id(reaching[index][1]) in self.scope.unconditional and not isinstance(
                    reaching[index][0], ast.AugAssign):
                reaching = reaching[index:]
                killed = True
                break
        produced = False
        for value_node, stmt in reaching[-MAX_ALTERNATIVES:]:
            produced = True
            if isinstance(value_node, ast.AugAssign):
                continue  # folded in by the plain assignment it extends
            for value in self._eval(value_node, (stmt.lineno, stmt.col_offset),
                                    depth, seen):
                yield self._with_augments(name, value, stmt, where, depth, seen)
        if name in self.scope.params and not killed:
            produced = True
            base = Value(OPAQUE, params=frozenset({name}), whole_param=name,
                         node=expr)
            yield self._with_augments(name, base, None, where, depth, seen)
        if not produced and self.scope is not self.module:
            module_defs = self.module.assignments.get(name, ())
            if len(module_defs) == 1:
                outer = Evaluator(self.module, self.module)
                _, value_node, stmt = module_defs[0]
                for value in outer._eval(value_node, (stmt.lineno, stmt.col_offset),
                                         depth, seen):
                    yield dataclasses.replace(value, node=value.node or expr)
                return
        if not produced:
            yield Value(OPAQUE, node=expr)

    def _with_augments(self, name, value: Value, stmt, where, depth, seen) -> Value:
        """Fold `+=`, `append`, `extend`, `insert` made after `stmt` and
        before the use into the value."""
        start = (stmt.lineno, stmt.col_offset) if stmt is not None else (0, 0)
        for change in self.scope.mutations.get(name, ()):
            position = (change.lineno, change.col_offset)
            loop_end = self.scope.loop_end(where)
            if not (start < position < where or (
                    loop_end is not None and start < position and position[0] <= loop_end)):
                continue
            if isinstance(change, ast.AugAssign):
                if not isinstance(change.op, ast.Add):
                    continue
                added = _pick(self._eval(change.value, position, depth, seen))
                value = _concat(value, added, change)
            elif change.args:
                method = change.func.attr
                added = _pick(self._eval(change.args[-1], position, depth, seen))
                if method in ("append", "insert"):
                    added = Value(OPAQUE, items=(added,), params=added.params)
                value = _concat(value, added, change)
        return value

    def _loop_item(self, expr: _LoopItem, where, depth, seen) -> Iterator[Value]:
        for value in self._eval(expr.iterable, where, depth, seen):
            items = value.items if value.is_sequence and not value.tails else None
            if items and expr.index is not None:
                items = [item.items[expr.index]
                         if item.is_sequence and expr.index < len(item.items) else
                         Value(OPAQUE) for item in items]
            if items and all(item.kind == CONST for item in items):
                yield _const(None, expr.iterable)
            else:
                yield Value(OPAQUE, params=value.params, node=expr.iterable)

    def _joined(self, expr: ast.JoinedStr, where, depth, seen) -> Value:
        parts = []
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                parts.append(self._operand(part.value, where, depth, seen))
            else:
                parts.append(_const(part.value if isinstance(part, ast.Constant) else None))
        return _built("an f-string", parts, expr)

    def _percent(self, expr: ast.BinOp, where, depth, seen) -> Value:
        left = _pick(self._eval(expr.left, where, depth, seen))
        if left.kind != BUILT and (left.kind != CONST or left.text is None):
            if isinstance(expr.right, (ast.Dict, ast.Tuple)):
                # `template % {"dev": dev}`: only a string formats with a
                # mapping or a tuple (numbers take neither)
                operands = self._operands(expr.right, where, depth, seen)
                return _built("%-formatting", [_written(left, expr.left), *operands], expr)
            # not a string format we can see: `a % b` on numbers
            return Value(OPAQUE, params=left.params, node=expr)
        operands = self._operands(expr.right, where, depth, seen)
        if left.kind == BUILT:
            return _built("%-formatting", [left, *operands], expr)
        template = _const(_PERCENT_FIELD.sub("", left.text), expr.left)
        return _built("%-formatting", [template, *operands], expr)

    def _operands(self, right: ast.AST, where, depth, seen) -> list[Value]:
        if isinstance(right, ast.Tuple):
            return [self._operand(e, where, depth, seen) for e in right.elts]
        if isinstance(right, ast.Dict):
            return [self._operand(v, where, depth, seen) for v in right.values]
        return [self._operand(right, where, depth, seen)]

    def _operand(self, expr: ast.AST, where, depth, seen) -> Value:
        """An operand of a built string, named as the code writes it."""
        return _written(_pick(self._eval(expr, where, depth, seen)), expr)

    def _plus(self, expr: ast.BinOp, where, depth, seen) -> Iterator[Value]:
        # `'ip netns exec ' + ns + ' ip link set ' + dev + ...` is one
        # left-deep chain: its operands are read side by side, so a long
        # command costs one level of depth, not one per term
        operands = []
        node: ast.AST = expr
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands.append(node.right)
            node = node.left
        operands.append(node)
        operands.reverse()
        firsts = [_written(v, operands[0])
                  for v in self._eval(operands[0], where, depth, seen)][:4]
        rests = [_written(_pick(self._eval(o, where, depth, seen)), o) for o in operands[1:]]
        for value in firsts:
            for operand in rests:
                value = _concat(value, operand, expr)
            yield value

    def _sequence(self, elements, node, where, depth, seen) -> Value:
        items: list[Value] = []
        tails: list[Value] = []
        for element in elements:
            if isinstance(element, ast.Starred):
                value = _pick(self._eval(element.value, where, depth, seen))
                if value.is_sequence:
                    items.extend(value.items)
                    tails.extend(value.tails)
                else:
                    tails.append(value)
            else:
                items.append(_pick(self._eval(element, where, depth, seen)))
        return Value(OPAQUE, items=tuple(items), tails=tuple(tails),
                     params=_union(v.params for v in [*items, *tails]), node=node)

    def _call(self, expr: ast.Call, where, depth, seen) -> Iterator[Value]:
        func = expr.func
        name = dotted_name(func) or ""
        method = func.attr if isinstance(func, ast.Attribute) else name
        if method == "format" and isinstance(func, ast.Attribute):
            template = _pick(self._eval(func.value, where, depth, seen))
            if template.kind == CONST and template.text is not None:
                template = _const(_FORMAT_FIELD.sub("", template.text), template.node)
            operands = [self._operand(a.value if isinstance(a, ast.Starred) else a,
                                      where, depth, seen) for a in expr.args]
            operands += [self._operand(k.value, where, depth, seen) for k in expr.keywords]
            yield _built("str.format", [template, *operands], expr)
            return
        if method == "join" and isinstance(func, ast.Attribute) and expr.args:
            separator = _pick(self._eval(func.value, where, depth, seen))
            joined = _pick(self._eval(expr.args[0], where, depth, seen))
            if joined.is_sequence:
                parts = [separator, *joined.items, *joined.tails]
            else:
                parts = [separator, joined]
            yield _built("join", parts, expr)
            return
        if name in _SPLITTERS or method in ("split", "rsplit"):
            if name == "shlex.split" or not isinstance(func, ast.Attribute):
                source = expr.args[0] if expr.args else None
            else:
                source = func.value
            if source is None:
                yield Value(OPAQUE, node=expr)
                return
            for value in self._eval(source, where, depth, seen):
                yield dataclasses.replace(value, split=True, node=expr)
            return
        if method in _TRANSPARENT:
            inner = (func.value if isinstance(func, ast.Attribute) and method not in
                     ("str", "list", "tuple", "sorted") else
                     expr.args[0] if expr.args else None)
            if inner is not None:
                for value in self._eval(inner, where, depth, seen):
                    if value.kind == BUILT or value.is_sequence:
                        yield value
                    elif value.kind == CONST:
                        yield _const(value.text if method != "str" else value.text, expr)
                    else:
                        yield Value(OPAQUE, params=value.params,
                                    whole_param=value.whole_param, node=expr)
                return
        yield Value(OPAQUE, node=expr,
                    params=_union(v.params for a in expr.args[:4]
                                  for v in self._eval(a, where, depth, seen)
                                  if not isinstance(a, ast.Starred)))


def _written(value: Value, expr: ast.AST) -> Value:
    """Name an opaque operand as written (`cmd`, not the list it loops over)."""
    if value.kind == OPAQUE and not value.is_sequence:
        return dataclasses.replace(value, node=expr)
    return value


def _is_constant_name(expr: ast.Attribute) -> bool:
    """`constants.IP_VERSION_4`: an upper-case attribute of a plain name is
    a module constant by convention (`self.X` is not: instances change)."""
    return (expr.attr.isupper() and len(expr.attr) > 1
            and isinstance(expr.value, (ast.Name, ast.Attribute))
            and dotted_name(expr.value) is not None
            and dotted_name(expr.value).split(".")[0] not in ("self", "cls"))


def _built(how: str, parts: list[Value], node: ast.AST) -> Value:
    variable = [p for p in parts if p.kind != CONST]
    if not variable:
        text = None
        return _const(text, node)
    names: list[str] = []
    for part in variable:
        names.extend(part.names or _names_of(part.node))
    has_text = any(p.kind == CONST and p.text for p in parts) or any(
        p.kind == BUILT and p.mixes_text for p in variable)
    return Value(BUILT, how=how, names=tuple(dict.fromkeys(names))[:4],
                 mixes_text=has_text, params=_union(p.params for p in parts),
                 node=node)


def _concat(left: Value, right: Value, node: ast.AST) -> Value:
    if left.is_sequence or right.is_sequence:
        items = (left.items or ()) + (right.items or ())
        tails = left.tails + right.tails
        for side in (left, right):
            if not side.is_sequence:
                tails += (side,)
        return Value(OPAQUE, items=items, tails=tails,
                     params=left.params | right.params, node=node)
    if left.kind == CONST and right.kind == CONST:
        known = left.text is not None and right.text is not None
        return _const(left.text + right.text if known else None, node)
    if not (_is_string(left) or _is_string(right)):
        # `base_cmd + args` of two opaque values: lists as often as strings
        return Value(OPAQUE, params=left.params | right.params, node=node)
    if left.kind == BUILT and right.kind == CONST:
        return dataclasses.replace(left, mixes_text=left.mixes_text or bool(right.text),
                                   node=node)
    return _built("'+'", [left, right], node)


def _is_string(value: Value) -> bool:
    return value.kind == BUILT or (value.kind == CONST and value.text is not None)


def _names_of(node: ast.AST | None) -> list[str]:
    if node is None:
        return []
    name = dotted_name(node)
    if name:
        return [name]
    if isinstance(node, ast.Subscript):
        return _names_of(node.value)
    if isinstance(node, ast.Call):
        inner = dotted_name(node.func)
        return [f"{inner}()"] if inner else []
    return []


def _pick(values: Iterable[Value]) -> Value:
    """The alternative that matters most for a finding: built, then opaque."""
    values = list(values)
    if not values:
        return Value(OPAQUE)
    rank = {BUILT: 0, OPAQUE: 1, CONST: 2}
    return min(values, key=lambda v: (rank[v.kind], not v.is_sequence))


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for item in sets:
        out |= item
    return out


def _dedupe(values: list[Value]) -> list[Value]:
    seen = set()
    out = []
    for value in values:
        key = (value.kind, value.how, value.names, value.whole_param, value.split,
               value.items is None, value.text)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
