"""Whether a user's regular expression can make Python's `re` backtrack
without end.

Python's engine tries the ways a pattern can match one after another. When
a repeat can match the same text in two ways (`(a+)+`, `(a*)*`, `(a|a)*`,
`(\\w+\\s?)+`) the ways grow exponentially with the text; when two repeats
can share the same text one after the other (`\\d+\\d+`, `.*x.*y`) they grow
with its square, and a search, which starts again at each character, with
its cube. Both are found on the pattern's position automaton (Glushkov's
construction, each character class one position, parallel transitions
kept): the first as a cycle that can be run along two different paths on
the same characters, the second as two cycles joined by a path, all three
on the same characters (the usual EDA / IDA tests, e.g. Weideman et al.,
"Analyzing matching time behavior of backtracking regular expression
matchers by using ambiguity of NFA", 2016).

Sets of characters are compared on a sample alphabet (ASCII, a few Latin-1
and other letters, digits and spaces, and every character the pattern
names): two classes overlap when one sample character is in both. The
analysis is conservative where it approximates: a backreference can match
anything, a long bounded repeat is read as unbounded, atomic groups and
possessive repeats are read as ordinary ones.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, ItemsView, Iterable, Iterator

# typeshed describes the parser under its old name only (`re._parser` since
# 3.11, `sre_parse` a deprecated alias of it)
if TYPE_CHECKING or sys.version_info < (3, 11):
    import sre_parse as _sre
else:
    from re import _parser as _sre

# One parsed item: an opcode and its argument, whose shape depends on the
# opcode (a character, a (low, high, items) repeat, a group's items...).
# typeshed gives the argument as a union of every shape, which no branch
# below could use without a cast, so it is read as Any after the opcode test.
_Item = tuple[int, Any]
_Counts = Counter[int]        # position -> in how many ways (1, or 2: several)
_Pair = tuple[int, int]

# more positions, or more steps of the checks, than this and the pattern
# is too large to check quickly (a tracker pattern has a few dozen)
MAX_POSITIONS = 1_000
MAX_STEPS = 1_000_000
# bounded repeats up to this many optional copies are built exactly
_MAX_COPIES = 4

_SAMPLE = frozenset(
    [chr(c) for c in range(128)]
    + list("\u00a0\u00e9\u00c9\u00df\u017f\u212a\u0131\u0130\u0663\u4e2d\u2028\u3000"))

_CATEGORY = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT,
            getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))
_GROUPS = (_sre.SUBPATTERN, getattr(_sre, "ATOMIC_GROUP", _sre.SUBPATTERN))


def backtracking_risk(pattern: str) -> str | None:
    """Why `pattern` can take exponential or cubic time on a search, or
    None when it cannot. `pattern` must compile."""
    parsed = _sre.parse(pattern)
    automaton = _Automaton(_universe(parsed), parsed.state.flags)
    try:
        for tree in automaton.trees(parsed):
            automaton.add_tree(tree)
        if automaton.exponential():
            return ("a repeat can match the same text in more than one way "
                    "(as in (a+)+, (a*)*, (a|a)*): backtracking grows "
                    "exponentially with the text")
        if automaton.cubic():
            return ("two repeats can match the same text one after the "
                    r"other (as in \d+\d+ or .*x.*y): backtracking grows "
                    "with a power of the text")
    except _TooLarge:
        return "it is too large to check for slow backtracking"
    return None


class _TooLarge(Exception):
    pass


@dataclasses.dataclass
class _Part:
    """One subexpression: how many ways it matches the empty text, which
    positions can come first and last (and in how many ways)."""
    empty: int
    first: _Counts
    last: _Counts


def _cap(n: int) -> int:
    return min(n, 2)   # one way or several is all that matters


def _scaled(counter: _Counts, times: int) -> _Counts:
    return Counter({k: _cap(v * times) for k, v in counter.items() if v * times})


def _plus(a: _Counts, b: _Counts) -> _Counts:
    out = Counter(a)
    for k, v in b.items():
        out[k] = _cap(out[k] + v)
    return out


class _Automaton:
    def __init__(self, universe: frozenset[str], flags: int) -> None:
        self.universe = universe
        self._bit = {c: 1 << i for i, c in enumerate(sorted(universe))}
        self.flags = flags
        self.chars: list[int] = []   # position -> its characters, as bits
        self.follow: dict[int, _Counts] = {}       # position -> next positions
        self.steps_left = MAX_STEPS

    # -- building ---------------------------------------------------------

    def trees(self, parsed: _sre.SubPattern) -> Iterator[list[_Item]]:
        """The main pattern and, as patterns of their own, the bodies of its
        lookarounds (each is run at many positions of the text)."""
        yield _items(parsed)
        stack = [_items(parsed)]
        while stack:
            for op, av in stack.pop():
                if op in (_sre.ASSERT, _sre.ASSERT_NOT):
                    yield list(av[1])
                for child in _children(op, av):
                    stack.append(child)

    def add_tree(self, items: list[_Item]) -> None:
        self._sequence(items, self.flags)

    def _spend(self) -> None:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise _TooLarge

    def _position(self, chars: frozenset[str]) -> _Part:
        if len(self.chars) >= MAX_POSITIONS:
            raise _TooLarge
        self.chars.append(sum(self._bit[c] for c in chars))
        self.follow[len(self.chars) - 1] = Counter()
        p = len(self.chars) - 1
        return _Part(0, Counter({p: 1}), Counter({p: 1}))

    def _link(self, last: _Counts, first: _Counts) -> None:
        for p, n in last.items():
            for q, m in first.items():
                self.follow[p][q] = _cap(self.follow[p][q] + n * m)

    def _sequence(self, items: Iterable[_Item], flags: int) -> _Part:
        part = _Part(1, Counter(), Counter())
        for op, av in items:
            part = self._concat(part, self._node(op, av, flags))
        return part

    def _concat(self, a: _Part, b: _Part) -> _Part:
        self._link(a.last, b.first)
        return _Part(_cap(a.empty * b.empty),
                     _plus(a.first, _scaled(b.first, a.empty)),
                     _plus(b.last, _scaled(a.last, b.empty)))

    def _node(self, op: int, av: Any, flags: int) -> _Part:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            return self._position(_class_chars(op, av, flags, self.universe))
        if op in _GROUPS:
            if op == _sre.SUBPATTERN:
                _group, add, remove, items = av
                return self._sequence(items, (flags | add) & ~remove)
            return self._sequence(av, flags)
        if op == _sre.BRANCH:
            parts = [self._sequence(alt, flags) for alt in av[1]]
            return _Part(_cap(sum(p.empty for p in parts)),
                         functools.reduce(_plus, (p.first for p in parts), Counter()),
                         functools.reduce(_plus, (p.last for p in parts), Counter()))
        if op in _REPEATS:
            low, high, items = av
            return self._repeat(low, high, items, flags)
        if op == _sre.GROUPREF_EXISTS:
            _group, yes, no = av
            parts = [self._sequence(yes, flags),
                     self._sequence(no or [], flags)]
            return _Part(_cap(parts[0].empty + parts[1].empty),
                         _plus(parts[0].first, parts[1].first),
                         _plus(parts[0].last, parts[1].last))
        if op == _sre.GROUPREF:
            # a backreference can be any text of any length
            part = self._position(self.universe)
            self._link(part.last, part.first)
            part.empty = 1
            return part
        # AT, lookarounds and the like match no characters here
        return _Part(1, Counter(), Counter())

    def _repeat(self, low: int, high: int, items: Iterable[_Item], flags: int) -> _Part:
        if high == 0:
            return _Part(1, Counter(), Counter())
        unbounded = high == _sre.MAXREPEAT or high - low > _MAX_COPIES
        # a long fixed run behaves as a short one for ambiguity
        fixed = min(low, 3)
        if unbounded:
            fixed = max(min(low, 2) - 1, 0)   # copies before the looping one
        part = _Part(1, Counter(), Counter())
        for _ in range(fixed):
            part = self._concat(part, self._sequence(items, flags))
        if unbounded:
            body = self._sequence(items, flags)
            self._link(body.last, body.first)      # round again
            empty = body.empty if low else _cap(1 + body.empty)
            return self._concat(part, _Part(empty, body.first, body.last))
        # (R(R(R)?)?)?: the optional copies nest, as the engine counts them
        tail = _Part(1, Counter(), Counter())
        for _ in range(high - low):
            body = self._concat(self._sequence(items, flags), tail)
            tail = _Part(_cap(1 + body.empty), body.first, body.last)
        return self._concat(part, tail)

    # -- judging ----------------------------------------------------------

    def _steps(self, p: int) -> ItemsView[int, int]:
        return self.follow[p].items()

    def exponential(self) -> bool:
        """A state pair (p, p) lies on a cycle of the product automaton that
        also holds a pair of different states, or a transition taken along
        two different parallel edges."""
        pairs = self._pair_graph()
        for component in _components(pairs):
            inside = set(component)
            for a, b in component:
                for (c, d), doubled in pairs[(a, b)].items():
                    if (c, d) in inside and (a != b or c != d or doubled):
                        if any(x == y for x, y in component):
                            return True
        return False

    def _pair_graph(self) -> dict[_Pair, dict[_Pair, bool]]:
        graph: dict[_Pair, dict[_Pair, bool]] = {}
        todo = [(p, p) for p in range(len(self.chars))]
        seen = set(todo)
        while todo:
            a, b = todo.pop()
            out: dict[_Pair, bool] = {}
            for c, n in self._steps(a):
                for d, _ in self._steps(b):
                    self._spend()
                    if not self.chars[c] & self.chars[d]:
                        continue
                    # (c, d) and (d, c) are one state: the graph is symmetric
                    key = (c, d) if c <= d else (d, c)
                    # the same transition taken twice is two paths only
                    # when the automaton holds it twice
                    out[key] = out.get(key, False) or (
                        a == b and c == d and n > 1)
                    if key not in seen:
                        seen.add(key)
                        todo.append(key)
            graph[(a, b)] = out
        return graph

    def cubic(self) -> bool:
        """Two different states p and q, each on a cycle, and a text that
        leads from p back to p, from p to q and from q back to q."""
        looping = [p for p in range(len(self.chars)) if self._on_cycle(p)]
        for p in looping:
            for q in looping:
                if p != q and self._triple_reaches(p, q):
                    return True
        return False

    def _on_cycle(self, p: int) -> bool:
        todo, seen = [q for q, _ in self._steps(p)], set()
        while todo:
            self._spend()
            q = todo.pop()
            if q == p:
                return True
            if q not in seen:
                seen.add(q)
                todo.extend(r for r, _ in self._steps(q))
        return False

    def _triple_reaches(self, p: int, q: int) -> bool:
        start, goal = (p, p, q), (p, q, q)
        todo, seen = [start], {start}
        while todo:
            a, b, c = todo.pop()
            for x, _ in self._steps(a):
                for y, _ in self._steps(b):
                    common = self.chars[x] & self.chars[y]
                    if not common:
                        continue
                    for z, _ in self._steps(c):
                        self._spend()
                        if not common & self.chars[z]:
                            continue
                        state = (x, y, z)
                        if state == goal:
                            return True
                        if state not in seen:
                            seen.add(state)
                            todo.append(state)
        return False


def _items(parsed: _sre.SubPattern) -> list[_Item]:
    return list(parsed.data)


def _children(op: int, av: Any) -> Iterator[list[_Item]]:
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        yield list(av[1])
    elif op == _sre.SUBPATTERN:
        yield list(av[3])
    elif op in _GROUPS:
        yield list(av)
    elif op == _sre.BRANCH:
        yield from (list(alt) for alt in av[1])
    elif op in _REPEATS:
        yield list(av[2])
    elif op == _sre.GROUPREF_EXISTS:
        yield list(av[1])
        if av[2]:
            yield list(av[2])


def _components(graph: dict[_Pair, dict[_Pair, bool]]) -> list[list[_Pair]]:
    """Strongly connected components with a cycle (Tarjan, iterative)."""
    index: dict[_Pair, int] = {}
    low: dict[_Pair, int] = {}
    on_stack: set[_Pair] = set()
    stack: list[_Pair] = []
    out: list[list[_Pair]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph[nxt])))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[_Pair] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    out.append(component)
    return out


def _universe(parsed: _sre.SubPattern) -> frozenset[str]:
    """The sample alphabet plus every character the pattern names, with
    its other cases."""
    named: set[str] = set()
    stack = [_items(parsed)]
    while stack:
        for op, av in stack.pop():
            if op in (_sre.LITERAL, _sre.NOT_LITERAL):
                named.add(chr(av))
            elif op == _sre.IN:
                for item_op, item in av:
                    if item_op == _sre.LITERAL:
                        named.add(chr(item))
                    elif item_op == _sre.RANGE:
                        named.update((chr(item[0]), chr(item[1])))
            stack.extend(_children(op, av))
    for ch in list(named):
        named.update((ch.lower(), ch.upper(), ch.swapcase()))
    return _SAMPLE | frozenset(c for c in named if len(c) == 1)


def _class_chars(op: int, av: Any, flags: int, universe: frozenset[str]) -> frozenset[str]:
    """The characters of `universe` one position matches."""
    ignore_case = bool(flags & _sre.SRE_FLAG_IGNORECASE)
    if op == _sre.ANY:
        if flags & _sre.SRE_FLAG_DOTALL:
            return universe
        return universe - {"\n"}
    if op == _sre.LITERAL:
        return frozenset(c for c in universe if _same(c, chr(av), ignore_case))
    if op == _sre.NOT_LITERAL:
        return frozenset(c for c in universe if not _same(c, chr(av), ignore_case))
    negate = False
    tests: list[Callable[[str], object]] = []
    for item_op, item in av:
        if item_op == _sre.NEGATE:
            negate = True
        elif item_op == _sre.LITERAL:
            tests.append(functools.partial(_same, b=chr(item),
                                           ignore_case=ignore_case))
        elif item_op == _sre.RANGE:
            tests.append(functools.partial(_in_range, low=item[0], high=item[1],
                                           ignore_case=ignore_case))
        elif item_op == _sre.CATEGORY and item in _CATEGORY:
            ascii_only = re.ASCII if flags & _sre.SRE_FLAG_ASCII else 0
            tests.append(re.compile(_CATEGORY[item], ascii_only).fullmatch)
        else:  # an unknown item: assume it can be anything
            tests.append(lambda c: True)
    return frozenset(c for c in universe
                     if any(test(c) for test in tests) != negate)


def _same(a: str, b: str, ignore_case: bool) -> bool:
    return a == b or (ignore_case and a.casefold() == b.casefold())


def _in_range(c: str, low: int, high: int, ignore_case: bool) -> bool:
    forms = {c, c.lower(), c.upper()} if ignore_case else {c}
    return any(len(f) == 1 and low <= ord(f) <= high for f in forms)
