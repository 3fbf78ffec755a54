"""NS401/NS402: TODO comments with no tracker reference.

Only real comments count: a `#` that a string literal of the tree holds
starts no comment, so a TODO inside a string or docstring is never one. A
TODO's text runs on over the comment-only lines right below it, which is
where people put the rest of the sentence, the resource it names, or the
bug link. NS401 is a TODO about a resource's lifecycle (see
`model.resources`), NS402 any other.
"""
from __future__ import annotations

import ast
import bisect
import re
from typing import Iterator, NamedTuple, Sequence

from flake8_netns.analysis.scope import push_children
from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.model.words import split_words

# the marker must be the comment's first word and in upper case: "# Hack:"
# is prose and "qos_xxx_rate" is a placeholder, neither is a TODO
_MARKER_WORDS = ("TODO", "FIXME", "XXX", "HACK")   # a file without one needs no look
_MARKER = re.compile(
    r"#+[ \t]*(" + "|".join(_MARKER_WORDS) + r")(?![A-Za-z0-9_])"
    r"(?:[ \t]*\([^()\n]*\))?[ \t]*:?")


# NamedTuples, not dataclasses: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class Comment(NamedTuple):
    row: int
    col: int
    text: str        # the token, `#` included
    alone: bool      # no code before it on its line


class Todo(NamedTuple):
    row: int
    col: int
    marker: str
    owner_end: int   # where the first line's text starts after `TODO(x):`
    lines: list[str]  # grows as the comment lines below continue it

    @property
    def text(self) -> str:
        """All of it, owner included: a tracker may stand anywhere."""
        return "\n".join(self.lines)

    @property
    def words(self) -> list[str]:
        """The words it says, without the marker and the owner's name."""
        return split_words("\n".join([self.lines[0][self.owner_end:],
                                      *self.lines[1:]]))


def comments(context: FileContext) -> Iterator[Comment]:
    """The comments a TODO can be made of, from the lines and flake8's tree
    instead of a second tokenization (the costliest thing this family could
    do): a `#` starts a comment unless a string literal of the tree holds
    it. Only lines with a marker and the comment lines right below them
    are looked at, and only the statements around them are walked."""
    lines = context.lines
    rows = _candidate_rows(lines, _marked_rows(context))
    if not rows:
        return
    strings = _string_spans(context.tree, rows)
    for row in rows:
        line = lines[row - 1]
        spans = strings.get(row, [])
        col = _first_free_hash(line, spans)
        if col == -1:
            continue
        starts_in_string = bool(spans) and spans[0][0] <= 0 < spans[0][1]
        yield Comment(row, col, line[col:].rstrip("\r\n"),
                      not line[:col].strip() and not starts_in_string)


def _marked_rows(context: FileContext) -> list[int]:
    """The rows (from 1) whose text holds a marker word anywhere: a few
    substring searches of the whole text, not a look at every line (most
    files of a tree hold none, and cost only the searches)."""
    source = context.source
    found = []
    for word in _MARKER_WORDS:
        at = source.find(word)
        while at >= 0:
            found.append(at)
            at = source.find(word, at + len(word))
    if not found:
        return []
    starts = context.line_starts
    return sorted({bisect.bisect_right(starts, at) for at in found})


def _candidate_rows(lines: Sequence[str], marked: list[int]) -> list[int]:
    """Rows with a marker and a `#`, and the comment lines right below
    them, in order."""
    rows: list[int] = []
    for row in marked:
        if rows and row <= rows[-1] or "#" not in lines[row - 1]:
            continue   # a continuation line already taken, or no comment
        rows.append(row)
        while row < len(lines) and lines[row].lstrip().startswith("#"):
            row += 1
            rows.append(row)
    return rows


def _string_spans(tree: ast.AST, rows: list[int]) -> dict[int, list[tuple[int, int]]]:
    """row -> the column ranges string literals cover on it, sorted, for the
    sorted `rows`. A subtree is entered only if one of the rows falls in its
    lines (found by bisection, so many marker rows cost no more per node)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        # read by name: statements, expressions, handlers, arguments and
        # more carry lines, with no common base class to test for
        start: int | None = getattr(node, "lineno", None)
        if start is not None:
            decorators: list[ast.expr] | None = getattr(node, "decorator_list", None)
            if decorators:
                # a decorated def starts at its first decorator, not at `def`
                start = min(start, *(d.lineno for d in decorators))
            end: int = getattr(node, "end_lineno", None) or start
            if not _rows_within(rows, start, end):
                continue
        if type(node) is ast.JoinedStr or (
                type(node) is ast.Constant and isinstance(node.value, (str, bytes))):
            _add_span(spans, node, rows)
            continue
        push_children(node, type(node), stack)
    for row_spans in spans.values():
        row_spans.sort()
    return spans


def _rows_within(rows: list[int], first: int, last: int) -> range:
    """The indexes of `rows` (sorted) that lie in first..last."""
    return range(bisect.bisect_left(rows, first), bisect.bisect_right(rows, last))


def _add_span(spans: dict[int, list[tuple[int, int]]], node: ast.expr,
              rows: list[int]) -> None:
    first, last = node.lineno, node.end_lineno or node.lineno
    end_col = node.end_col_offset if node.end_col_offset is not None else 1 << 30
    for index in _rows_within(rows, first, last):
        row = rows[index]
        start = node.col_offset if row == first else 0
        stop = end_col if row == last else 1 << 30
        spans.setdefault(row, []).append((start, stop))


def _first_free_hash(line: str, spans: list[tuple[int, int]]) -> int:
    """The first `#` of `line` outside the (sorted, disjoint) string spans,
    or -1: one pass over the `#`s and the spans together."""
    col = line.find("#")
    index = 0
    while col != -1:
        while index < len(spans) and spans[index][1] <= col:
            index += 1
        if index < len(spans) and spans[index][0] <= col:
            col = line.find("#", spans[index][1])
            continue
        return col
    return -1


def todos(context: FileContext) -> Iterator[Todo]:
    """Each marker comment with the lines that continue it."""
    current: Todo | None = None
    last: Comment | None = None
    for comment in comments(context):
        marker = _MARKER.match(comment.text)
        if current is not None and not marker and _continues(current, last,
                                                             comment):
            current.lines.append(comment.text)
        else:
            if current is not None:
                yield current
            current = None
            if marker:
                current = Todo(comment.row, comment.col, marker.group(1),
                               marker.end(), [comment.text])
        last = comment
    if current is not None:
        yield current


def _continues(todo: Todo, last: Comment | None, comment: Comment) -> bool:
    """A comment-only line right below, as deep or deeper, not blank."""
    return (last is not None and comment.alone
            and comment.row == last.row + 1
            and comment.col >= todo.col
            and comment.text.strip("# \t") != "")


# how much of a TODO's text a tracker pattern reads: a real TODO is a few
# lines long, and a reference stands near its start
TRACKER_SEARCH_LIMIT = 2_000


def check(context: FileContext) -> Iterator[Finding]:
    settings = context.settings
    matcher = None
    for todo in todos(context):
        # a TODO is a few lines; the search is bounded so that no pattern
        # and no comment, however long, makes it slow (see settings._tracker_pattern)
        if settings.tracker_regex.search(todo.text, 0, TRACKER_SEARCH_LIMIT):
            continue
        if matcher is None:
            # the word lists load for the first untracked TODO: most files
            # have none
            from flake8_netns.model.resources import lifecycle_matcher
            matcher = lifecycle_matcher(settings.resource_words)
        topic = matcher.topic(todo.words)
        if topic is None:
            yield finding(todo.row, todo.col, "NS402", marker=todo.marker)
        else:
            yield finding(todo.row, todo.col, "NS401", marker=todo.marker,
                          topic=str(topic))
