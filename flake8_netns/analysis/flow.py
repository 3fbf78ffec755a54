"""The one evaluator: what flows into an expression, for every rule family.

`Evaluator.values(expr)` answers with the alternatives an expression may
take in its function. Each alternative (`Value`) knows

- its *kind*: CONST (every part known: constant text, numbers), BUILT (a
  string with constant and non-constant parts put together) or OPAQUE (a
  parameter, attribute or call result that cannot be seen into); argv
  *items* when it is a list or tuple, and whether it was *split*;
- *how* a built string was put together and its *parts* in order;
- its *sources*: the names, parameters, attributes, constant keys,
  keyword and format-field names and namespaces that reach it unchanged,
  each with the path it took (`via` a local, a pass-through call, a
  container, a function's return value).

NS1 reads kind/how/items/params; NS3 asks whether a secret-named or
namespace source reaches a logging call. What a call does with its
arguments (passes them through, splits, formats, joins, quotes, sanitises
them) is read from one table, `vocab/calls.py`, so `.lower()` and
`.strip()` get one answer for every family.

A local name stands for each of its reaching assignments (`analysis/scope.py`)
and the changes made to it before the use (`cmd.append(x)`,
`headers['X-Auth-Token'] = tok`, `d.pop('password')`). The evaluation is
syntactic and bounded (depth, alternatives, steps, sources), so it is cheap
on flake8's `ast` tree and cannot run away on hostile input.
"""
from __future__ import annotations

import ast
import dataclasses
import re
import shlex
import string
from typing import Callable, Iterable, Iterator, NamedTuple

from flake8_netns.analysis.scope import Delete, LoopItem, Scope, Store, Where
from flake8_netns.model.words import dotted_name
from flake8_netns.vocab.calls import (ARGV_FILLING_METHODS, NAMESPACE_ATTRIBUTES,
                                      NAMESPACE_QUALIFIED, NUMBER_ITERABLES,
                                      NUMERIC_FORMAT_SPEC, NUMERIC_PERCENT,
                                      REMOVING_METHODS, REPLACING_METHODS,
                                      REQUEST_NAMESPACES, REQUEST_RECEIVERS,
                                      Behaviour, CallBehaviour, Does)

CONST, BUILT, OPAQUE = "const", "built", "opaque"

# What a source is: a name written in the code, a parameter of the function,
# an attribute, an entry taken by a constant key (`d['k']`, `d.get('k')`),
# a constant key of a container (`{'k': v}`, `d['k'] = v`), a keyword
# argument's name, a format field's name (`'%(k)s' % d`), a namespace
# (`locals()`, `os.environ`), or a call named for what it returns.
NAME, PARAM, ATTRIBUTE, ENTRY, KEY, KEYWORD, FIELD, NAMESPACE, CALL = (
    "name", "param", "attribute", "entry", "key", "keyword", "field",
    "namespace", "call")
# The hops of a source's path, from the use outward.
LOCAL = "local"        # through a local name of the scope
GLOBAL = "global"      # through a module-level name, from inside a function
PASSED = "passed"      # through a pass-through call (`str`, `.lower()`)
ITEM = "item"          # an item of a list, tuple, set or iterable
ENTRY_OF = "key"       # the entry of a container under this key ("" unknown)
ATTR_OF = "attribute"  # an attribute of the value
RETURN = "return"      # the return value of a function of the module

MAX_DEPTH = 12
MAX_ALTERNATIVES = 16
# expressions one question may look at: each `if` that reassigns a name
# doubles the paths to its use, so depth alone does not bound the work
MAX_STEPS = 5_000
# sources one value keeps, and hops one source remembers
MAX_SOURCES = 32
MAX_VIA = 8
# how deep summaries of the module's functions may nest
MAX_SUMMARY_NESTING = 3
# assignment values one scope keeps between questions
MAX_MEMO = 20_000

# placeholders are not the constant text around a value; linear on any text:
# a width cannot start with the flag '0' and a mapping key is looked for in
# at most 200 characters, so no two parts can trade the same characters
_PERCENT_FIELD = re.compile(
    r"%(?:\(([^)]{0,200})\))?[-#0 +]*([1-9]\d*|\*)?(?:\.(\d+|\*))?([a-zA-Z%])")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_FIELD_NAME = re.compile(r"[^.\[]*")
# how a number reads in a constant text (`'kill -%d' % sig` -> 'kill -0')
NUMBER_TEXT = "0"
_TEXT_METHODS: dict[str, Callable[[str], str]] = {
    "strip": str.strip, "lstrip": str.lstrip, "rstrip": str.rstrip,
    "lower": str.lower, "upper": str.upper, "casefold": str.casefold,
    "title": str.title, "capitalize": str.capitalize, "swapcase": str.swapcase}


Hop = tuple[str, str]
Function = ast.FunctionDef | ast.AsyncFunctionDef
# the names being evaluated on the way to this expression (a cycle guard)
Seen = frozenset[tuple[int, str, Where]]


class Source(NamedTuple):
    """A name that reaches a value unchanged, and the path it took (a tuple:
    made by the thousand, so it is cheap to make)."""

    kind: str                    # NAME, PARAM, ATTRIBUTE, ENTRY, KEY, ...
    name: str                    # as written: `password`, `conf.psk`, `X-Auth-Token`
    node: ast.AST                # where it is written
    via: tuple[Hop, ...] = ()    # hops from the use outward; () is direct

    def through(self, hop: Hop) -> "Source":
        if self.via and self.via[0] == hop:
            return self   # `cmd = cmd + x`: the same local once on the path
        return Source(self.kind, self.name, self.node, ((hop,) + self.via)[:MAX_VIA])

    @property
    def locals(self) -> list[str]:
        """The local names it went through, the one nearest the use first."""
        return [name for kind, name in self.via if kind == LOCAL]


# not frozen: a frozen dataclass sets each of its 17 fields through
# object.__setattr__ (3.5 us a value against 0.4); no code changes a value
# (copies are made with `_copy`), and it hashes as a frozen one would
@dataclasses.dataclass(unsafe_hash=True)
class Value:
    """One alternative of an expression's value.

    kind: CONST (every part known), BUILT (a string with constant and
    non-constant parts put together), or OPAQUE (a parameter, attribute or
    call result that cannot be seen into).
    """

    kind: str
    text: str | None = None            # a constant string's text (numbers read as "0")
    how: str | None = None             # how a built string was put together
    names: tuple[str, ...] = ()        # the non-constant names built in
    mixes_text: bool = False           # built with constant text around a value
    params: frozenset[str] = frozenset()   # own parameters it comes from
    whole_param: str | None = None     # it is this parameter (or one item of it)
    split: bool = False                # a string split into an argv
    items: tuple["Value", ...] | None = None   # argv items, when a sequence
    tails: tuple["Value", ...] = ()    # sequences spliced into the argv
    node: ast.AST | None = None        # where the value was written
    at: ast.AST | None = None          # where it stands in the argv or argument
    #                                    list as written (the list element, the
    #                                    appended expression, the argument):
    #                                    `dev_name` in `['ip', dev_name]` after
    #                                    `dev_name = f'{dev}.{vlan}'`
    sources: tuple[Source, ...] = ()   # what reaches it unchanged
    parts: tuple["Value", ...] = ()    # a built string's pieces, in order (of a
    #                                    constant one too when numbers stand in it)
    shell_safe: bool = False           # non-constant, and every non-constant
    #                                    part quoted for a shell (shlex.quote)
    number: bool = False               # can only be a number
    string: bool = False               # can only be text (`str(x)`, `x.strip()`):
    #                                    `PREFIX + str(vni)` joins strings

    @property
    def is_sequence(self) -> bool:
        return self.items is not None

    @property
    def item_texts(self) -> list[str | None]:
        """Each argv item's constant text, None where it is not constant."""
        return [item.text if item.kind == CONST else None for item in self.items or ()]


def _copy(value: Value, **changes: object) -> Value:
    """`dataclasses.replace` without its cost (values are copied by the
    ten thousand on a large tree): a value's fields, some changed."""
    copy = object.__new__(Value)
    fields = copy.__dict__
    fields.update(value.__dict__)
    fields.update(changes)
    return copy


def _const(text: str | None = None, node: ast.AST | None = None,
           sources: tuple[Source, ...] = (), number: bool = False) -> Value:
    return Value(CONST, text=text, node=node, sources=sources, number=number)


class _Budget:
    """Steps one question may take, shared by every evaluator it starts."""

    __slots__ = ("steps", "exhausted")

    def __init__(self) -> None:
        self.steps = 0
        self.exhausted = False


class Evaluator:
    """Evaluates expressions of one function, with the module as fallback.

    `calls` is the call table with the file's options and imports (the
    default knows no sanitiser option and reads names as written).
    """

    def __init__(self, scope: Scope, module: Scope,
                 calls: CallBehaviour | None = None) -> None:
        self.scope = scope
        self.module = module
        self.calls = calls or _DEFAULT_CALLS
        self._budget = _Budget()

    # -- public -------------------------------------------------------------
    def values(self, expr: ast.AST, at: ast.AST | None = None) -> list[Value]:
        """The alternatives `expr` may take where `at` (or `expr`) stands;
        each stands at `expr` as written (a wrapper's argument is where a
        finding on it is reported, wherever its value was built)."""
        at = at or expr
        where = _position(at)
        # one question asked again (every family, every message) is answered
        # once per scope: a fresh budget makes the answer the same each time
        memo: dict[tuple[int, Where], tuple[ast.AST, list[Value]]] = \
            self.scope.memo.setdefault("values", {})
        key = (id(expr), where)
        kept = memo.get(key)
        if kept is not None and kept[0] is expr:
            return list(kept[1])
        self._budget = _Budget()
        found = [_standing(value, expr) for value in
                 _dedupe(list(self._eval(expr, where, 0, frozenset())))[:MAX_ALTERNATIVES]]
        if len(memo) < MAX_MEMO:
            # the node is kept with its answer: its id cannot name another
            # node while the answer is kept
            memo[key] = (expr, found)
        return list(found)

    def argv_items(self, args: Iterable[ast.expr], at: ast.AST) -> Value:
        """The argv formed by positional arguments (`execute('ip', *cmd)`);
        the first of `argv_alternatives`."""
        return self.argv_alternatives(args, at)[0]

    def argv_alternatives(self, args: Iterable[ast.expr], at: ast.AST) -> list[Value]:
        """Every argv the positional arguments may form: `execute(*cmd)`
        where `cmd` is one list on one path and another on the next."""
        self._budget = _Budget()
        return self._sequences(list(args), at, _position(at), 0, frozenset())

    def formatted(self, template: ast.expr, operand: ast.expr,
                  at: ast.AST) -> list[Value]:
        """`template % operand` without writing it: what
        `LOG.debug(template, operand)` logs."""
        self._budget = _Budget()
        return [self._percent(template, operand, template, _position(at), 0, frozenset())]

    def keywords(self, keywords: Iterable[ast.keyword], at: ast.AST) -> Value:
        """What a call's keyword arguments carry, each under its name."""
        self._budget = _Budget()
        return self._keywords(keywords, _position(at), 0, frozenset())

    # -- evaluation ---------------------------------------------------------
    def _eval(self, expr: ast.AST, where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        budget = self._budget
        budget.steps += 1
        if depth > MAX_DEPTH or budget.steps > MAX_STEPS:
            budget.exhausted = budget.exhausted or budget.steps > MAX_STEPS
            yield Value(OPAQUE, node=expr)
            return
        depth += 1
        if isinstance(expr, ast.Constant):
            constant = expr.value
            if isinstance(constant, str):
                yield _const(constant, expr)
            else:
                yield _const(None, expr, number=isinstance(constant, (int, float))
                             and not isinstance(constant, bool))
        elif isinstance(expr, ast.Name):
            yield from self._name(expr, where, depth, seen)
        elif isinstance(expr, ast.Attribute):
            yield self._attribute(expr, where, depth, seen)
        elif isinstance(expr, ast.Call):
            yield from self._call(expr, where, depth, seen)
        elif isinstance(expr, ast.JoinedStr):
            yield self._joined(expr, where, depth, seen)
        elif isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Mod):
                yield self._percent(expr.left, expr.right, expr, where, depth, seen)
            elif isinstance(expr.op, ast.Add):
                yield from self._plus(expr, where, depth, seen)
            else:
                yield self._arithmetic(expr, where, depth, seen)
        elif isinstance(expr, (ast.List, ast.Tuple)):
            yield from self._sequences(expr.elts, expr, where, depth, seen)
        elif isinstance(expr, ast.Subscript):
            yield from self._subscript(expr, where, depth, seen)
        elif isinstance(expr, ast.Dict):
            yield self._dict(expr, where, depth, seen)
        elif isinstance(expr, ast.Set):
            items = [self._pick(expr_, where, depth, seen) for expr_ in expr.elts]
            yield Value(OPAQUE, node=expr, sources=_merge(
                _hop(item.sources, (ITEM, "")) for item in items))
        elif isinstance(expr, ast.IfExp):
            # the test only picks a branch; its value is not shown
            yield from self._eval(expr.body, where, depth, seen)
            yield from self._eval(expr.orelse, where, depth, seen)
        elif isinstance(expr, ast.BoolOp):
            for operand in expr.values:
                yield from self._eval(operand, where, depth, seen)
        elif isinstance(expr, ast.Compare):
            yield _const(None, expr)   # a bool: it shows nothing of its operands
        elif isinstance(expr, ast.UnaryOp):
            yield self._unary(expr, where, depth, seen)
        elif isinstance(expr, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            yield self._comprehension(expr, where, depth, seen)
        elif isinstance(expr, (ast.Starred, ast.Await)):
            yield from self._eval(expr.value, where, depth, seen)
        elif isinstance(expr, ast.NamedExpr):
            own = Source(NAME, expr.target.id, expr.target)
            for value in self._eval(expr.value, where, depth, seen):
                yield _with_sources(value, (own,) + value.sources)
        elif isinstance(expr, LoopItem):
            yield from self._loop_item(expr, where, depth, seen)
        else:
            # lambdas, unknown unpacking, yields: nothing that can be seen
            yield Value(OPAQUE, node=expr)

    def _pick(self, expr: ast.AST, where: Where, depth: int, seen: Seen) -> Value:
        return _pick(self._eval(expr, where, depth, seen))

    # -- names ----------------------------------------------------------------
    def _name(self, expr: ast.Name, where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        name = expr.id
        key = (id(self.scope), name, where)
        if key in seen:
            return
        seen = seen | {key}
        scope = self.scope
        reaching = scope.reaching(name, where)
        killed = False
        unconditional = scope.unconditional
        for index in range(len(reaching) - 1, -1, -1):
            if id(reaching[index][1]) in unconditional and not isinstance(
                    reaching[index][0], ast.AugAssign):
                reaching = reaching[index:]
                killed = True
                break
        is_param = name in scope.params and not killed
        own = Source(PARAM if is_param else NAME, name, expr)
        hop = (LOCAL, name)
        produced = False
        for value_node, stmt in reaching[-MAX_ALTERNATIVES:]:
            produced = True
            if isinstance(value_node, ast.AugAssign):
                continue  # folded in by the plain assignment it extends
            for value in self._assigned(value_node, stmt, depth, seen):
                value = self._with_changes(name, value, stmt, where, depth, seen)
                yield _named(value, own, hop)
        if is_param:
            produced = True
            base = Value(OPAQUE, params=frozenset({name}), whole_param=name, node=expr)
            if name == scope.vararg:
                # `*args` is a tuple of what the callers pass: spliced into
                # an argv (`[cmd] + list(args)`), its items are argv items
                base = Value(OPAQUE, items=(), tails=(_copy(base, sources=(own,)),),
                             params=base.params, whole_param=name, node=expr)
            yield _named(self._with_changes(name, base, None, where, depth, seen), own, hop)
        if produced:
            return
        if name == "environ" and self.calls.qualified(expr) in NAMESPACE_QUALIFIED:
            yield Value(OPAQUE, node=expr, sources=(Source(NAMESPACE, name, expr),))
            return
        # a name this scope does not bind (a global, a builtin) may still be
        # changed here: `HEADERS['X-Auth-Token'] = tok` makes it hold `tok`
        changed = _hop(self._with_changes(name, Value(OPAQUE), None, where, depth,
                                          seen).sources, hop)
        if scope is not self.module:
            module_defs = self.module.assignments.get(name, ())
            if len(module_defs) == 1:
                outer = Evaluator(self.module, self.module, self.calls)
                outer._budget = self._budget
                _, value_node, stmt = module_defs[0]
                for value in outer._eval(value_node, _position(stmt), depth, seen):
                    value = _named(_copy(value, node=value.node or expr), own, (GLOBAL, name))
                    yield _with_sources(value, _merge([value.sources, changed]))
                return
        yield Value(OPAQUE, node=expr, sources=_merge([(own,), changed]))

    def _assigned(self, value_node: ast.AST, stmt: ast.AST, depth: int,
                  seen: Seen) -> list[Value]:
        """What an assignment's right-hand side is, where it stands. Kept on
        the scope for every later question: a name reassigned on many
        branches and used after each would otherwise be evaluated again for
        every use (the values of one node at one depth do not change; a
        result cut short by the step budget is not kept)."""
        memo: dict[tuple[int, int], tuple[ast.AST, list[Value]]] = \
            self.scope.memo.setdefault("assigned", {})
        key = (id(value_node), depth)
        kept = memo.get(key)
        if kept is not None and kept[0] is value_node:
            return kept[1]
        values = _dedupe(list(self._eval(value_node, _position(stmt), depth, seen)))
        if not self._budget.exhausted and len(memo) < MAX_MEMO:
            memo[key] = (value_node, values)
        return values

    def _with_changes(self, name: str, value: Value, stmt: ast.AST | None,
                      where: Where, depth: int, seen: Seen) -> Value:
        """Fold the changes made to the object `name` holds after `stmt` and
        before the use into the value: `+=`, `append`/`extend`/`insert`
        (argv items), `update`/`add`/`d[k] = v` (what it holds), and
        `pop`/`del`/`remove` (what it no longer holds)."""
        changes = self.scope.mutations.get(name)
        if not changes:
            return value
        start = _position(stmt) if stmt is not None else (0, 0)
        loop_end = self.scope.loop_end(where)
        for change in changes:
            position = _position(change)
            if not (start < position < where or (
                    loop_end is not None and start < position and position[0] <= loop_end)):
                continue
            value = self._change(value, change, position, depth, seen)
        return value

    def _change(self, value: Value, change: ast.AST, position: Where, depth: int,
                seen: Seen) -> Value:
        if isinstance(change, ast.AugAssign):
            added = self._pick(change.value, position, depth, seen)
            if isinstance(change.op, ast.Add):
                return _concat(value, added, change)
            return _with_sources(value, _merge([value.sources, added.sources]))
        if isinstance(change, Store):
            stored = self._pick(change.value, position, depth, seen)
            return _with_sources(value, _merge([value.sources, _entry_sources(
                change.target, stored, self._key_of(change.target))]))
        if isinstance(change, Delete):
            key = self._key_of(change.target)
            return _without_key(value, key) if key else value
        if not (isinstance(change, ast.Call) and isinstance(change.func, ast.Attribute)):
            return value   # the index keeps only method calls besides the above
        method = change.func.attr
        args = change.args
        if method in ARGV_FILLING_METHODS and args:
            added = self._pick(args[-1], position, depth, seen)
            if method in ("append", "insert"):
                added = _standing(added, args[-1])
                added = Value(OPAQUE, items=(added,), params=added.params,
                              sources=_hop(added.sources, (ITEM, "")))
            return _concat(value, added, change)
        if method in REMOVING_METHODS:
            removed_key = _constant_key(args[0]) if args else None
            if removed_key is not None:
                return _without_key(value, removed_key)
            if method in ("remove", "discard") and args:
                removed = self._pick(args[0], position, depth, seen)
                return _without(value, removed.sources)
            return value
        # update/add/setdefault/__setitem__/appendleft/extendleft
        sources = [value.sources]
        key = _constant_key(args[0]) if method in ("setdefault", "__setitem__") and args else None
        if key is not None:
            if len(args) > 1:
                stored = self._pick(args[1], position, depth, seen)
                sources.append(_entry_sources(args[0], stored, key))
        else:
            for arg in args:
                sources.append(self._pick(arg, position, depth, seen).sources)
        sources.append(self._keywords(change.keywords, position, depth, seen).sources)
        return _with_sources(value, _merge(sources))

    def _key_of(self, target: ast.AST) -> str | None:
        if isinstance(target, ast.Subscript):
            return _constant_key(target.slice)
        if isinstance(target, ast.Attribute):
            return target.attr
        return None

    # -- attributes, entries, containers -------------------------------------
    def _attribute(self, expr: ast.Attribute, where: Where, depth: int, seen: Seen) -> Value:
        request = (expr.attr in REQUEST_NAMESPACES
                   and _receiver_last(expr.value) in REQUEST_RECEIVERS)
        if expr.attr in NAMESPACE_ATTRIBUTES or request or (
                expr.attr == "environ" and self.calls.qualified(expr) in NAMESPACE_QUALIFIED):
            return Value(OPAQUE, node=expr, sources=(Source(NAMESPACE, expr.attr, expr),))
        attrs: list[str] = []
        base: ast.expr = expr
        while isinstance(base, ast.Attribute):
            attrs.append(base.attr)
            base = base.value
        if isinstance(base, ast.Name):
            dotted = f"{base.id}." + ".".join(reversed(attrs))
            sources: tuple[Source, ...] = (Source(ATTRIBUTE, dotted, expr),)
        else:
            # `get_creds().password`: the attribute, and what the value it is
            # read from carries
            inner = self._pick(base, where, depth, seen)
            path = ".".join(reversed(attrs))
            sources = _merge([(Source(ATTRIBUTE, path, expr),),
                              _hop(inner.sources, (ATTR_OF, path))])
        if _is_constant_name(expr):
            return _const(None, expr, sources)
        return Value(OPAQUE, node=expr, sources=sources)

    def _subscript(self, expr: ast.Subscript,
                   where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        key = _constant_key(expr.slice)
        alternatives = list(self._eval(expr.value, where, depth, seen))
        if key is not None:
            # one named entry: the key says what it is, not the container
            sources: tuple[Source, ...] = (Source(ENTRY, key, expr),)
        else:
            sources = _merge(_hop(_not_namespaces(v.sources), (ITEM, ""))
                             for v in alternatives)
        for value in alternatives:
            yield Value(OPAQUE, params=value.params, whole_param=value.whole_param,
                        node=expr, sources=sources)

    def _dict(self, expr: ast.Dict, where: Where, depth: int, seen: Seen,
              only: frozenset[str] | None = None) -> Value:
        sources = []
        for key, entry in zip(expr.keys, expr.values):
            if key is None:   # {**other}
                sources.append(self._pick(entry, where, depth, seen).sources)
                continue
            name = _constant_key(key)
            if only is not None and name not in only:
                continue  # an entry the format string does not show
            value = self._pick(entry, where, depth, seen)
            if name is not None:
                sources.append(_entry_sources(key, value, name))
            else:
                sources.append(self._pick(key, where, depth, seen).sources)
                sources.append(_hop(value.sources, (ENTRY_OF, "")))
        return Value(OPAQUE, node=expr, sources=_merge(sources))

    def _keywords(self, keywords: Iterable[ast.keyword],
                  where: Where, depth: int, seen: Seen) -> Value:
        sources = []
        for keyword in keywords:
            value = self._pick(keyword.value, where, depth, seen)
            if keyword.arg is None:   # **mapping
                sources.append(value.sources)
            elif value.sources:
                sources.append((Source(KEYWORD, keyword.arg, keyword),))
                sources.append(_hop(value.sources, (ENTRY_OF, keyword.arg)))
        return Value(OPAQUE, sources=_merge(sources))

    def _sequences(self, elements: list[ast.expr], node: ast.AST, where: Where, depth: int,
                   seen: Seen) -> list[Value]:
        """The argv a list literal or positional arguments form; a spliced
        `*cmd` that may be one of several lists makes one argv per list."""
        pieces: list[list[tuple[list[Value], list[Value]]]] = []
        for element in elements:
            if isinstance(element, ast.Starred):
                options: list[tuple[list[Value], list[Value]]] = []
                for value in _dedupe(list(self._eval(element.value, where, depth, seen))):
                    if value.items is not None:
                        options.append((list(value.items), list(value.tails)))
                    else:
                        options.append(([], [value]))
                pieces.append(options[:MAX_ALTERNATIVES] or [([], [Value(OPAQUE)])])
            else:
                item = _standing(self._pick(element, where, depth, seen), element)
                pieces.append([([item], [])])
        alternatives: list[tuple[list[Value], list[Value]]] = [([], [])]
        for options in pieces:
            alternatives = [(items + more_items, tails + more_tails)
                            for items, tails in alternatives
                            for more_items, more_tails in options][:MAX_ALTERNATIVES]
        return [Value(OPAQUE, items=tuple(items), tails=tuple(tails),
                      params=_union(v.params for v in [*items, *tails]), node=node,
                      sources=_merge(_hop(v.sources, (ITEM, "")) for v in [*items, *tails]))
                for items, tails in alternatives]

    def _comprehension(self, expr: ast.ListComp | ast.GeneratorExp | ast.SetComp | ast.DictComp,
                       where: Where, depth: int, seen: Seen) -> Value:
        # [str(arg) for arg in cmd] is still cmd, item by item
        iterated = [v for gen in expr.generators
                    for v in self._eval(gen.iter, where, depth, seen)]
        shown = [self._pick(getattr(expr, part), where, depth, seen)
                 for part in ("elt", "key", "value") if hasattr(expr, part)]
        return Value(OPAQUE, params=_union(v.params for v in iterated),
                     whole_param=next((v.whole_param for v in iterated), None),
                     split=any(v.split for v in iterated), node=expr,
                     sources=_merge([*(_hop(v.sources, (ITEM, "")) for v in iterated),
                                     *(v.sources for v in shown)]))

    def _loop_item(self, expr: LoopItem,
                   where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        iterable = expr.iterable
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name):
            name = iterable.func.id
            if name in NUMBER_ITERABLES:
                yield _const(None, iterable, number=True)
                return
            if name == "enumerate" and expr.index is not None and iterable.args:
                if expr.index == 0:
                    yield _const(None, iterable, number=True)
                    return
                if expr.index == 1:
                    yield from self._loop_item(LoopItem(iterable.args[0]), where, depth, seen)
                    return
            if name == "zip" and expr.index is not None and expr.index < len(iterable.args):
                yield from self._loop_item(LoopItem(iterable.args[expr.index]), where, depth, seen)
                return
        for value in self._eval(iterable, where, depth, seen):
            items: tuple[Value, ...] | None = value.items if not value.tails else None
            if items and expr.index is not None:
                index = expr.index
                items = tuple(item.items[index]
                              if item.items is not None and index < len(item.items) else
                              Value(OPAQUE) for item in items)
            if items is None:
                yield Value(OPAQUE, params=value.params, node=iterable,
                            sources=_hop(value.sources, (ITEM, "")))
                continue
            # the items are known: each target takes only its own part
            sources = _merge(_hop(item.sources, (ITEM, "")) for item in items)
            if items and all(item.kind == CONST for item in items):
                yield _const(None, iterable, sources,
                             number=all(item.number for item in items))
            else:
                yield Value(OPAQUE, params=_union(i.params for i in items),
                            node=iterable, sources=sources)

    # -- strings --------------------------------------------------------------
    def _joined(self, expr: ast.JoinedStr, where: Where, depth: int, seen: Seen) -> Value:
        parts = []
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                operand = self._operand(part.value, where, depth, seen)
                if part.conversion == -1 and _numeric_spec(part.format_spec):
                    operand = _as_number(operand)
                parts.append(operand)
            elif isinstance(part, ast.Constant):
                parts.append(_const(str(part.value)))
        return _built("an f-string", parts, expr)

    def _percent(self, left_expr: ast.AST, right: ast.AST, node: ast.AST,
                 where: Where, depth: int, seen: Seen) -> Value:
        left = self._pick(left_expr, where, depth, seen)
        if left.kind == CONST and left.text is not None:
            return self._percent_template(left, left.text, right, node, where, depth, seen)
        if left.kind == BUILT or isinstance(right, (ast.Dict, ast.Tuple)):
            # `template % {"dev": dev}`: only a string formats with a
            # mapping or a tuple (numbers take neither)
            operands = self._plain_operands(right, where, depth, seen)
            return _built("%-formatting", [_written(left, left_expr), *operands], node)
        # not a string format we can see: `a % b` on numbers
        operand = self._pick(right, where, depth, seen)
        if left.number and operand.number:
            return _const(None, node, _merge([left.sources, operand.sources]), number=True)
        return Value(OPAQUE, params=left.params, node=node,
                     sources=_merge([left.sources, operand.sources]))

    def _percent_template(self, left: Value, text: str, right: ast.AST, node: ast.AST,
                          where: Where, depth: int, seen: Seen) -> Value:
        fields = list(_PERCENT_FIELD.finditer(text))
        keys = [m.group(1) for m in fields if m.group(4) != "%" and m.group(1) is not None]
        parts: list[Value] = []
        if keys:
            # `'%(dev)s' % mapping`: each field shows one entry
            entries = _dict_entries(right) if isinstance(right, ast.Dict) else None
            extra: tuple[Source, ...] = ()
            if entries is None:
                mapping = self._operand(right, where, depth, seen)
                # the fields name the entries shown; of the mapping itself
                # only a namespace is shown whole
                extra = _merge([tuple(Source(FIELD, key, left.node or node) for key in keys),
                                mapping.sources if not isinstance(right, (ast.Name, ast.Attribute))
                                else _namespaces(mapping.sources)])
            elif isinstance(right, ast.Dict):
                extra = self._dict(right, where, depth, seen, frozenset(keys)).sources
            position = 0
            for match in fields:
                parts.append(_const(text[position:match.start()]))
                position = match.end()
                conversion, key = match.group(4), match.group(1)
                if conversion == "%":
                    parts.append(_const("%"))
                    continue
                if entries is not None and key in entries:
                    operand = self._operand(entries[key], where, depth, seen)
                elif entries is not None:
                    operand = Value(OPAQUE, node=right)
                else:
                    operand = Value(OPAQUE, node=right, names=tuple(_names_of(right)))
                if conversion in NUMERIC_PERCENT:
                    operand = _as_number(operand)
                parts.append(_without_sources(operand))
            parts.append(_const(text[position:]))
            built = _built("%-formatting", parts, node)
            return _with_sources(built, _merge([built.sources, extra]))
        operands = right.elts if isinstance(right, ast.Tuple) else [right]
        wanted = sum(1 + (m.group(2) == "*") + (m.group(3) == "*")
                     for m in fields if m.group(4) != "%")
        # `'%s %s' % args`: a value that is not a tuple literal fills every
        # field at once; it is shown once, as one value
        spread = isinstance(right, ast.Tuple) or wanted <= 1
        queue = list(operands) if spread else []
        whole_shown = spread
        position = 0
        for match in fields:
            parts.append(_const(text[position:match.start()]))
            position = match.end()
            conversion = match.group(4)
            if conversion == "%":
                parts.append(_const("%"))
                continue
            if not whole_shown:
                parts.append(self._operand(right, where, depth, seen))
                whole_shown = True
            for star in (match.group(2), match.group(3)):
                if star == "*" and queue:
                    parts.append(_without_text(_as_number(self._operand(
                        queue.pop(0), where, depth, seen))))
            if not queue:
                continue
            operand = self._operand(queue.pop(0), where, depth, seen)
            if conversion in NUMERIC_PERCENT:
                operand = _as_number(operand)
            parts.append(operand)
        parts.append(_const(text[position:]))
        if not whole_shown:
            parts.append(self._operand(right, where, depth, seen))
        for rest in queue:   # more operands than fields: a TypeError, but shown
            parts.append(self._operand(rest, where, depth, seen))
        return _built("%-formatting", parts, node)

    def _plain_operands(self, right: ast.AST,
                        where: Where, depth: int, seen: Seen) -> list[Value]:
        if isinstance(right, ast.Tuple):
            return [self._operand(e, where, depth, seen) for e in right.elts]
        if isinstance(right, ast.Dict):
            return [self._operand(v, where, depth, seen) for v in right.values]
        return [self._operand(right, where, depth, seen)]

    def _operand(self, expr: ast.AST, where: Where, depth: int, seen: Seen) -> Value:
        """An operand of a built string, named as the code writes it."""
        return _written(self._pick(expr, where, depth, seen), expr)

    def _plus(self, expr: ast.BinOp, where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        # the chain's operands are read side by side, so a long command
        # costs one level of depth, not one per term
        operands = plus_chain(expr)
        firsts = [_written(v, operands[0])
                  for v in self._eval(operands[0], where, depth, seen)][:4]
        rests = [self._operand(o, where, depth, seen) for o in operands[1:]]
        for first in firsts:
            yield _sum([first, *rests], expr)

    def _arithmetic(self, expr: ast.BinOp, where: Where, depth: int, seen: Seen) -> Value:
        left = self._pick(expr.left, where, depth, seen)
        right = self._pick(expr.right, where, depth, seen)
        sources = _merge([left.sources, right.sources])
        if left.number and right.number:
            return _const(None, expr, sources, number=True)
        return Value(OPAQUE, node=expr, sources=sources)

    def _unary(self, expr: ast.UnaryOp, where: Where, depth: int, seen: Seen) -> Value:
        if isinstance(expr.op, ast.Not):
            return _const(None, expr)   # a bool
        operand = self._pick(expr.operand, where, depth, seen)
        if operand.number:
            return _const(None, expr, operand.sources, number=True)
        return Value(OPAQUE, node=expr, sources=operand.sources)

    # -- calls ----------------------------------------------------------------
    def _call(self, expr: ast.Call, where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        behaviour = self.calls.of_call(expr)
        does = behaviour.does
        func = expr.func
        if does is Does.FORMAT:
            yield self._format(expr, where, depth, seen)
        elif does is Does.JOIN and not _module_receiver(expr):
            separator = self._pick(_receiver(expr), where, depth, seen)
            joined = self._pick(expr.args[0], where, depth, seen)
            parts: list[Value]
            if joined.items is not None:
                # the pieces in order, the separator between them
                parts = []
                for piece in [*joined.items, *joined.tails]:
                    if parts:
                        parts.append(separator)
                    parts.append(piece)
                if joined.tails:
                    # a spliced sequence (`*args`) holds any number of
                    # items: the separator stands between them
                    parts.append(separator)
                parts = parts or [separator]
            else:
                parts = [separator, joined]
            yield _built("join", parts, expr)
        elif does is Does.SPLIT:
            source = _receiver(expr) if behaviour.from_receiver else (
                expr.args[0] if expr.args else None)
            if source is None:
                yield Value(OPAQUE, node=expr)
                return
            for value in self._eval(source, where, depth, seen):
                yield _copy(value, split=True, node=expr)
        elif does is Does.QUOTE and expr.args:
            inner = self._pick(expr.args[0], where, depth, seen)
            if inner.kind == CONST:
                text = shlex.quote(inner.text) if inner.text is not None else None
                yield _const(text, expr, _hop(inner.sources, (PASSED, _callee(func))))
            else:
                yield Value(OPAQUE, node=expr, shell_safe=True, params=inner.params,
                            names=inner.names or tuple(_names_of(inner.node)),
                            sources=_hop(inner.sources, (PASSED, _callee(func))))
        elif does is Does.SHELL_JOIN and expr.args:
            inner = self._pick(expr.args[0], where, depth, seen)
            if inner.items is not None:
                items = [*inner.items, *inner.tails]
                if all(item.kind == CONST for item in items):
                    texts = [item.text for item in items if item.text is not None]
                    yield _const(shlex.join(texts) if len(texts) == len(items) else None,
                                 expr, inner.sources)
                    return
            pieces = [*inner.items, *inner.tails] if inner.items is not None else [inner]
            yield Value(BUILT, how="shlex.join", node=expr, shell_safe=True,
                        names=_names_in(p for p in pieces if p.kind != CONST),
                        params=inner.params, mixes_text=len(pieces) > 1,
                        sources=_hop(inner.sources, (PASSED, _callee(func))))
        elif does is Does.NUMBER:
            # a number made of a value is something new (RULES.md lists no
            # number among the pass-through calls): named by its callee only
            sources = () if behaviour.sanitises else (Source(CALL, _callee(func), expr),)
            yield _const(None, expr, sources, number=True)
        elif does is Does.NAMESPACE:
            yield Value(OPAQUE, node=expr, sources=(Source(NAMESPACE, _callee(func), expr),))
        elif behaviour.sanitises:
            # a sanitiser yields no sources; what it makes of a command is
            # still a command of the parameters handed to it
            yield Value(OPAQUE, node=expr, params=self._argument_params(expr, where, depth, seen))
        elif does is Does.ENTRY:
            # `d.get('password')` is the entry; `session.get(url)` something new
            key = _constant_key(expr.args[0])
            sources = (Source(ENTRY if key is not None else CALL,
                              key if key is not None else _callee(func), expr),)
            yield Value(OPAQUE, node=expr, sources=sources,
                        params=self._argument_params(expr, where, depth, seen))
        elif does is Does.PASS and (not behaviour.argument or self._applies_pass(expr)):
            yield from self._pass(expr, behaviour, where, depth, seen)
        else:
            yield self._other_call(expr, where, depth, seen)

    def _pass(self, expr: ast.Call, behaviour: Behaviour,
              where: Where, depth: int, seen: Seen) -> Iterator[Value]:
        func = expr.func
        hop = (PASSED, _callee(func))
        if behaviour.from_receiver:
            inner_exprs = [_receiver(expr)]
        elif behaviour.all_arguments:
            inner_exprs = list(expr.args)
        else:
            inner_exprs = expr.args[behaviour.argument:behaviour.argument + 1]
        keyword_sources: tuple[Source, ...] = ()
        if behaviour.keyword_entries and expr.keywords:
            keyword_sources = self._keywords(expr.keywords, where, depth, seen).sources
        if len(inner_exprs) != 1 or behaviour.shape == "sources":
            inner = [self._pick(e, where, depth, seen) for e in inner_exprs]
            yield Value(OPAQUE, node=expr, params=_union(v.params for v in inner),
                        sources=_hop(_merge([*(v.sources for v in inner), keyword_sources]), hop))
            return
        method = func.attr if isinstance(func, ast.Attribute) and behaviour.from_receiver else None
        removed: tuple[Source, ...] = ()
        added: tuple[Source, ...] = ()
        if method in REPLACING_METHODS and expr.args:
            # `msg.replace(password, '***')` no longer holds the password
            removed = self._pick(expr.args[0], where, depth, seen).sources
            if len(expr.args) > 1:
                added = self._pick(expr.args[1], where, depth, seen).sources
        for value in self._eval(inner_exprs[0], where, depth, seen):
            sources = _hop(_merge([_without_sources_of(value.sources, removed), added]), hop)
            if value.kind == BUILT and not value.is_sequence:
                yield _with_sources(value, sources)
            elif value.is_sequence and behaviour.shape == "same":
                yield _with_sources(value, sources)
            elif value.kind == CONST and not value.is_sequence:
                if behaviour.shape == "same":
                    yield _with_sources(value, sources)
                    continue
                yield Value(CONST, text=_passed_text(value.text, func, method, expr),
                            node=expr, number=value.number, sources=sources)
            else:
                # named by what went in: `str(vni)` shows `vni`
                yield Value(OPAQUE, params=value.params, whole_param=value.whole_param,
                            node=expr, shell_safe=value.shell_safe,
                            names=value.names or tuple(_names_of(value.node)),
                            sources=sources, string=behaviour.shape == "text")

    def _applies_pass(self, expr: ast.Call) -> bool:
        """`map(str, cmd)`: the function applied to each item passes it
        (`str`, `str.strip`); `map(mask_password, xs)` or a lambda makes
        something new of each."""
        if not expr.args or not isinstance(expr.args[0], (ast.Name, ast.Attribute)):
            return False
        applied = self.calls.of_call(ast.Call(func=expr.args[0], args=[], keywords=[]))
        return applied.does is Does.PASS and not applied.sanitises

    def _format(self, expr: ast.Call, where: Where, depth: int, seen: Seen) -> Value:
        """`template.format(...)` and `template.format_map(mapping)`."""
        template = self._pick(_receiver(expr), where, depth, seen)
        args = [a for a in expr.args if not isinstance(a, ast.Starred)]
        named = {k.arg: k.value for k in expr.keywords if k.arg}
        mapped = _callee(expr.func).endswith("format_map") or any(
            isinstance(a, ast.Starred) for a in expr.args) or any(
            k.arg is None for k in expr.keywords)
        fields = _format_fields(template.text) if template.kind == CONST else None
        if fields is None:
            operands = [self._operand(a.value if isinstance(a, ast.Starred) else a,
                                      where, depth, seen) for a in expr.args]
            operands += [self._operand(k.value, where, depth, seen) for k in expr.keywords]
            return _built("str.format", [template, *operands], expr)
        parts: list[Value] = []
        used: set[int] = set()
        # a field filled from `*args`/`**ctx` is named by what is spread
        fallback = next((a.value for a in expr.args if isinstance(a, ast.Starred)), None) or \
            next((k.value for k in expr.keywords if k.arg is None), None) or expr
        field_sources: list[Source] = []
        auto = 0
        for literal, field, spec, conversion in fields:
            if literal:
                parts.append(_const(literal))
            if field is None:
                continue
            head = field
            head_match = _FIELD_NAME.match(field)
            if head_match is not None:
                head = head_match.group(0)
            operand_expr = None
            if head == "" or head.isdigit():
                index = auto if head == "" else int(head)
                auto += head == ""
                if index < len(args) and not any(isinstance(a, ast.Starred)
                                                 for a in expr.args[:index + 1]):
                    operand_expr = args[index]
                    used.add(id(operand_expr))
            elif head in named:
                operand_expr = named[head]
                used.add(id(operand_expr))
            elif mapped:
                # `'{token}'.format(**ctx)`: the field names the entry shown
                field_sources.append(Source(FIELD, field, template.node or expr))
            if operand_expr is None:
                operand = Value(OPAQUE, node=fallback)
            else:
                operand = self._operand(operand_expr, where, depth, seen)
            if conversion is None and spec and spec[-1] in NUMERIC_FORMAT_SPEC:
                operand = _as_number(operand)
            parts.append(operand)
        built = _built("str.format", parts, expr)
        sources = [built.sources, tuple(field_sources)]
        # operands no field shows, `*args` and `**ctx`: what they carry is
        # handed to the string all the same
        for arg in [*expr.args, *(k.value for k in expr.keywords)]:
            if id(arg) not in used:
                inner = arg.value if isinstance(arg, ast.Starred) else arg
                sources.append(self._pick(inner, where, depth, seen).sources)
        return _with_sources(built, _merge(sources))

    def _other_call(self, expr: ast.Call, where: Where, depth: int, seen: Seen) -> Value:
        """A call that makes something new of its arguments: the result is
        not the secret fetched with them; it is named by its callee
        (`get_token()`), and a function of the module that returns what a
        parameter was given passes that argument on."""
        func = expr.func
        sources: list[tuple[Source, ...]] = []
        callee = _callee(func)
        if callee:
            sources.append((Source(CALL, callee, expr),))
        function, bound = self._module_function(func)
        if function is not None:
            sources.append(self._returned(expr, function, bound, where, depth, seen))
        return Value(OPAQUE, node=expr, sources=_merge(sources),
                     params=self._argument_params(expr, where, depth, seen))

    def _argument_params(self, expr: ast.Call,
                         where: Where, depth: int, seen: Seen) -> frozenset[str]:
        return _union(v.params for a in expr.args[:4] if not isinstance(a, ast.Starred)
                      for v in self._eval(a, where, depth, seen))

    # -- functions of the module ---------------------------------------------
    def _module_function(self, func: ast.AST) -> tuple[Function | None, bool]:
        """The function of this module a callee names: a top-level function
        by its name (not shadowed here), or a method of the class around
        this scope through `self`/`cls` (bound: its first parameter is the
        receiver)."""
        if isinstance(func, ast.Name):
            if func.id in self.scope.params or func.id in self.scope.assignments:
                return None, False
            return _module_functions(self.module).get(func.id), False
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in ("self", "cls")):
            owner = _owners(self.module).get(id(self.scope.node))
            if owner is not None:
                method = _methods(self.module, owner).get(func.attr)
                if method is not None:
                    static = any(getattr(d, "id", None) == "staticmethod"
                                 for d in method.decorator_list)
                    return method, not static
        return None, False

    def _returned(self, call: ast.Call, function: Function, bound: bool,
                  where: Where, depth: int, seen: Seen) -> tuple[Source, ...]:
        """What the arguments of a call of a module function carry into its
        return value (`url = make_url(user, password)`)."""
        returned = self._returned_params(function)
        if not returned:
            return ()
        args = function.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]][1 if bound else 0:]
        sources = []
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                break
            param = positional[index] if index < len(positional) else (
                args.vararg.arg if args.vararg else None)
            if param in returned:
                sources.append(self._pick(arg, where, depth, seen).sources)
        kwarg = args.kwarg.arg if args.kwarg else None
        for keyword in call.keywords:
            if keyword.arg in returned or (kwarg in returned and keyword.arg not in positional):
                sources.append(self._pick(keyword.value, where, depth, seen).sources)
        return _hop(_merge(sources), (RETURN, function.name))

    def _returned_params(self, function: Function) -> frozenset[str]:
        memo: dict[int, frozenset[str]] = self.module.memo.setdefault("returns", {})
        known = memo.get(id(function))
        if known is not None:
            return known
        nesting: int = self.module.memo.get("summary_nesting", 0)
        if nesting >= MAX_SUMMARY_NESTING:
            return frozenset()
        memo[id(function)] = frozenset()   # a recursive call returns nothing more
        self.module.memo["summary_nesting"] = nesting + 1
        try:
            inner = Evaluator(Scope(function, self.module), self.module, self.calls)
            params: set[str] = set()
            for statement, returned in _returns_of(function):
                for value in inner.values(returned, statement):
                    params.update(s.name for s in value.sources if s.kind == PARAM)
        finally:
            self.module.memo["summary_nesting"] = nesting
        memo[id(function)] = frozenset(params)
        return memo[id(function)]


_DEFAULT_CALLS = CallBehaviour()


# -- values ------------------------------------------------------------------
def _named(value: Value, own: Source, hop: Hop) -> Value:
    """The value of a name: the name itself, and what reached it through it
    (not the name again: `cmd = cmd + x` adds nothing `cmd` did not say)."""
    if not value.sources:
        return _copy(value, sources=(own,))
    name = own.name
    inner = tuple(source.through(hop) for source in value.sources
                  if not (source.name == name and source.kind in (NAME, PARAM)))
    return _copy(value, sources=_merge([(own,), inner]))


def _standing(value: Value, expr: ast.AST) -> Value:
    """The value where it stands as written: an argv element, an appended
    expression, an argument (a sequence's own items keep their places)."""
    if value.at is expr:
        return value
    return _copy(value, at=expr)


def _with_sources(value: Value, sources: tuple[Source, ...]) -> Value:
    if sources == value.sources:
        return value
    return _copy(value, sources=sources)


def _without_sources(value: Value) -> Value:
    return _with_sources(value, ())


def _without_text(value: Value) -> Value:
    """A `*` width: a number that is not shown."""
    return _copy(value, text="")


def _passed_text(text: str | None, func: ast.AST, method: str | None,
                 call: ast.Call) -> str | None:
    """The text of a constant string after a pass-through call that makes
    text of it: `'A'.lower()`, `str('x')`, `'x'.encode()`; None where it
    cannot be told (`.replace()`, `repr()`, `json.dumps()`)."""
    if text is None:
        return None
    if method is not None:
        if method in _TEXT_METHODS and not call.args:
            return _TEXT_METHODS[method](text)
        return text if method in ("encode", "decode") else None
    return text if isinstance(func, ast.Name) and func.id == "str" else None


def _as_number(value: Value) -> Value:
    """A part that can only print as a number (`%d`, `{:x}`): constant."""
    if value.kind == CONST and value.number:
        return value
    return Value(CONST, node=value.node, number=True, sources=value.sources,
                 text=value.text if value.kind == CONST else None)


def _written(value: Value, expr: ast.AST) -> Value:
    """Name an opaque operand as written (`cmd`, not the list it loops over)."""
    if value.kind == OPAQUE and not value.is_sequence:
        return _copy(value, node=expr)
    return value


def _is_constant_name(expr: ast.Attribute) -> bool:
    """`constants.IP_VERSION_4`: an upper-case attribute of a plain name is
    a module constant by convention (`self.X` is not: instances change)."""
    if not (expr.attr.isupper() and len(expr.attr) > 1):
        return False
    receiver = dotted_name(expr.value)
    return receiver is not None and receiver.split(".")[0] not in ("self", "cls")


def _part_text(part: Value) -> str | None:
    if part.text is not None:
        return part.text
    return NUMBER_TEXT if part.number else None


def _built(how: str, parts: list[Value], node: ast.AST) -> Value:
    """A string put together from `parts` in order: constant when every part
    is (numbers included), else built."""
    flat: list[Value] = []
    for part in parts:
        if part.kind == BUILT and part.parts:
            flat.extend(part.parts)
        elif not (part.kind == CONST and part.text == "" and not part.sources):
            flat.append(part)
    sources = _merge(p.sources for p in parts)
    variable = [p for p in flat if p.kind != CONST]
    if not variable:
        texts = [t for t in (_part_text(p) for p in flat) if t is not None]
        text = "".join(texts) if len(texts) == len(flat) else None
        value = _const(text, node, sources)
        if any(p.number for p in flat):
            # which pieces are numbers (their text reads "0")
            value = _copy(value, parts=tuple(flat))
        return value
    # a constant whose text is not known (`constants.VLAN_PREFIX`) is
    # constant text all the same
    has_text = any(p.kind == CONST and (p.text or p.number or p.text is None)
                   for p in flat) or any(p.kind == BUILT and p.mixes_text for p in variable)
    return Value(BUILT, how=how, names=_names_in(variable), mixes_text=has_text,
                 params=_union(p.params for p in parts), node=node, sources=sources,
                 parts=tuple(flat), shell_safe=all(p.shell_safe for p in variable))


def _names_in(values: Iterable[Value]) -> tuple[str, ...]:
    names: list[str] = []
    for part in values:
        names.extend(part.names or _names_of(part.node))
    return tuple(dict.fromkeys(names))[:4]


def _sum(values: list[Value], node: ast.AST) -> Value:
    """`a + b + ...` of values read side by side."""
    if any(v.is_sequence for v in values):
        result = values[0]
        for value in values[1:]:
            result = _concat(result, value, node)
        return result
    if not any(_is_string(v) for v in values):
        sources = _merge(v.sources for v in values)
        if all(v.number for v in values):
            return _const(None, node, sources, number=True)
        if all(v.kind == CONST for v in values):
            return _const(None, node, sources)
        # `base_cmd + args` of two opaque values: lists as often as strings
        return Value(OPAQUE, params=_union(v.params for v in values), node=node,
                     sources=sources)
    first = values[0]
    how = first.how if first.how is not None and first.kind == BUILT and all(
        v.kind == CONST for v in values[1:]) else "'+'"
    return _built(how, values, node)


def _concat(left: Value, right: Value, node: ast.AST) -> Value:
    if left.is_sequence or right.is_sequence:
        items = (left.items or ()) + (right.items or ())
        tails = left.tails + right.tails
        for side in (left, right):
            if not side.is_sequence:
                tails += (side,)
        return Value(OPAQUE, items=items, tails=tails,
                     params=left.params | right.params, node=node,
                     sources=_merge([left.sources, right.sources]))
    return _sum([left, right], node)


def _is_string(value: Value) -> bool:
    return value.kind == BUILT or value.string or (
        value.kind == CONST and value.text is not None and not value.number)


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
    """The alternative that matters most for a finding: built, then opaque,
    carrying what every alternative's sources."""
    values = list(values)
    if not values:
        return Value(OPAQUE)
    rank = {BUILT: 0, OPAQUE: 1, CONST: 2}
    best = min(values, key=lambda v: (rank[v.kind], not v.is_sequence, v.shell_safe))
    if len(values) == 1:
        return best
    return _with_sources(best, _merge(v.sources for v in values))


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for item in sets:
        out |= item
    return out


def _dedupe(values: list[Value]) -> list[Value]:
    """One value per shape; the sources of the dropped ones go with it."""
    kept: dict[tuple[object, ...], int] = {}
    out: list[Value] = []
    for value in values:
        # two argv lists are two values even when their kinds agree: each
        # has items of its own
        key = (value.kind, value.how, value.names, value.whole_param, value.split,
               value.items is None, value.text, value.shell_safe,
               id(value.node) if value.is_sequence else None)
        index = kept.get(key)
        if index is None:
            kept[key] = len(out)
            out.append(value)
        elif value.sources:
            out[index] = _with_sources(out[index], _merge([out[index].sources, value.sources]))
    return out


# -- sources -----------------------------------------------------------------
def _merge(groups: Iterable[Iterable[Source]]) -> tuple[Source, ...]:
    """Sources of several values, once each, at most MAX_SOURCES; past half
    of that, one per name and path (a name repeated a thousand times in a
    long `+` chain must not push out the one other name)."""
    merged: dict[Source, None] = {}
    for group in groups:
        if group:
            merged.update(dict.fromkeys(group))
    if len(merged) <= MAX_SOURCES // 2:
        return tuple(merged)
    out: list[Source] = []
    shapes: set[tuple[str, str, tuple[Hop, ...]]] = set()
    for source in merged:
        shape = (source.kind, source.name, source.via)
        if shape in shapes and len(out) >= MAX_SOURCES // 2:
            continue
        shapes.add(shape)
        out.append(source)
        if len(out) >= MAX_SOURCES:
            break
    return tuple(out)


def _hop(sources: Iterable[Source], hop: Hop) -> tuple[Source, ...]:
    return tuple(source.through(hop) for source in sources)


def _namespaces(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(s for s in sources if s.kind == NAMESPACE)


def _not_namespaces(sources: Iterable[Source]) -> tuple[Source, ...]:
    """An entry of a namespace (`os.environ[k]`) is not the namespace."""
    return tuple(s for s in sources if s.kind != NAMESPACE)


def _entry_sources(key_node: ast.AST, value: Value, key: str | None) -> tuple[Source, ...]:
    """What a container holds under a constant key: the key, when the value
    put there carries anything (`{'password': '***'}` holds no secret), and
    what the value carries, under that key."""
    if not value.sources:
        return ()
    own: tuple[Source, ...] = ()
    if key is not None:
        kind = ATTRIBUTE if isinstance(key_node, ast.Attribute) else KEY
        own = (Source(kind, key, key_node),)
    return _merge([own, _hop(value.sources, (ENTRY_OF, key or ""))])


def _without_key(value: Value, key: str) -> Value:
    """`d.pop('password')`, `del d['password']`: the entry is gone."""
    kept = tuple(s for s in value.sources
                 if not (s.kind in (KEY, KEYWORD, ENTRY) and s.name == key)
                 and (ENTRY_OF, key) not in s.via)
    return _with_sources(value, kept)


def _without(value: Value, removed: tuple[Source, ...]) -> Value:
    return _with_sources(value, _without_sources_of(value.sources, removed))


def _without_sources_of(sources: tuple[Source, ...],
                        removed: tuple[Source, ...]) -> tuple[Source, ...]:
    """`msg.replace(password, '***')`: what the replaced value carries is
    no longer in the result, whichever path it took."""
    if not removed:
        return sources
    gone = {(_kind_class(s.kind), s.name) for s in removed}
    return tuple(s for s in sources if (_kind_class(s.kind), s.name) not in gone)


def _kind_class(kind: str) -> str:
    return NAME if kind == PARAM else kind


def _constant_key(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # a constant key is one name; `node.session.auth.password` is dotted
        return node.value[:200]
    return None


def _dict_entries(node: ast.Dict) -> dict[str, ast.expr]:
    return {key.value: value for key, value in zip(node.keys, node.values)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)}


def _receiver(call: ast.Call) -> ast.expr:
    """`x` of `x.method(...)`: what a method's behaviour reads."""
    func = call.func
    return func.value if isinstance(func, ast.Attribute) else func


def _callee(func: ast.AST) -> str:
    name = dotted_name(func)
    if name:
        return name
    return func.attr if isinstance(func, ast.Attribute) else ""


def _receiver_last(node: ast.AST) -> str | None:
    name = dotted_name(node)
    return name.rsplit(".", 1)[-1] if name else None


def _numeric_spec(spec: ast.AST | None) -> bool:
    """An f-string format spec ending in a number type (`{n:d}`, `{x:.2f}`)."""
    if not isinstance(spec, ast.JoinedStr) or not spec.values:
        return False
    last = spec.values[-1]
    return (isinstance(last, ast.Constant) and isinstance(last.value, str)
            and bool(last.value) and last.value[-1] in NUMERIC_FORMAT_SPEC)


FormatPiece = tuple[str, str | None, str | None, str | None]


def _format_fields(text: str | None) -> list[FormatPiece] | None:
    """The (literal, field, spec, conversion) pieces of a str.format
    template, or None when it is not one."""
    if text is None:
        return None
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        return None


def _module_functions(module: Scope) -> dict[str, Function]:
    functions: dict[str, Function] | None = module.memo.get("functions")
    if functions is None:
        functions = module.memo["functions"] = {
            stmt.name: stmt for stmt in getattr(module.node, "body", ())
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return functions


def _owners(module: Scope) -> dict[int, ast.ClassDef]:
    """The class of each method of the module's top-level classes, by the
    method node's id."""
    owners: dict[int, ast.ClassDef] | None = module.memo.get("owners")
    if owners is None:
        owners = module.memo["owners"] = {
            id(stmt): cls for cls in getattr(module.node, "body", ())
            if isinstance(cls, ast.ClassDef) for stmt in cls.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return owners


def _methods(module: Scope, owner: ast.ClassDef) -> dict[str, Function]:
    table: dict[int, dict[str, Function]] = module.memo.setdefault("methods", {})
    methods = table.get(id(owner))
    if methods is None:
        methods = table[id(owner)] = {
            stmt.name: stmt for stmt in owner.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return methods


def _returns_of(function: Function) -> Iterator[tuple[ast.Return, ast.expr]]:
    """The `return value` statements of a function, not of nested ones,
    with their values."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                             ast.Lambda)):
            continue
        if isinstance(node, ast.Return):
            if node.value is not None:
                yield node, node.value
            continue
        if isinstance(node, ast.stmt):
            stack.extend(ast.iter_child_nodes(node))
        elif isinstance(node, (ast.ExceptHandler, ast.match_case)):
            stack.extend(node.body)


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def plus_chain(expr: ast.BinOp) -> list[ast.expr]:
    """The operands of `a + b + c + ...` in order: `'ip netns exec ' + ns +
    ' ip link set ' + dev` is one left-deep chain, read without recursion."""
    operands: list[ast.expr] = []
    node: ast.expr = expr
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands.append(node.right)
        node = node.left
    operands.append(node)
    operands.reverse()
    return operands


def _module_receiver(call: ast.Call) -> bool:
    """`os.path.join(a, b)`, `posixpath.join(...)`: a function of a module
    named join, not `"sep".join(items)` (a string's join has one argument)."""
    func = call.func
    return (isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Name, ast.Attribute))
            and len(call.args) != 1)
