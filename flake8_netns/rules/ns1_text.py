"""How NS1 messages show code: names, constant text and source excerpts.

A message is one line, so what it quotes is cut; a cut never falls inside
an escape, a `%(key)s` / `{field}` placeholder or a quoted string left open:
text is cut first and quoted after (`repr`), and the `…` goes inside the
quotes.
"""
from __future__ import annotations

import ast
import io
import tokenize

from flake8_netns.model.words import dotted_name
from flake8_netns.settings import compiled_regex

ELLIPSIS = "…"
TEXT_LIMIT = 48     # a quoted constant text or source excerpt
# placeholders a cut must not split: %-fields and str.format / f-string fields
# (linear on any text: a key stops at the next `%`, a width never starts with
# the flag 0, a field at the next brace)
# (these patterns are compiled for the first message: most files have none)
_FIELD = r"%(?:\([^)%]*\))?[-#0 +]*(?:[1-9]\d*|\*)?(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}"
# where a cut reads well: after a separator rather than inside a word
_BREAK = r"[\s.,:;=/_-]"

# how a built string was put together, as "built from 'dev' with ..." says it
_HOW = {
    "str.format": "str.format()",
    "join": "join()",
    "the joined arguments": "the arguments joined",
}


def how_phrase(how: str | None) -> str:
    """`%-formatting`, `an f-string`, `'+'`: how a built string was made."""
    if not how:
        return "concatenation"
    return _HOW.get(how, how)


NAMES_SHOWN = 6


def name_list(names: list[str] | tuple[str, ...]) -> str:
    """'ns', 'dev' and 'mtu'; past six names, 'and 3 more'."""
    quoted = [f"'{name}'" for name in names]
    if len(quoted) > NAMES_SHOWN:
        quoted = quoted[:NAMES_SHOWN - 1] + [f"{len(quoted) - NAMES_SHOWN + 1} more"]
        return ", ".join(quoted[:-1]) + " and " + quoted[-1]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def names_in(node: ast.AST | None) -> list[str]:
    """The names a built expression reads, in source order, when the model
    gave none (`" ".join(str(a) for a in args)` reads `args`): loaded names
    and attributes, not the functions called nor comprehension variables."""
    if node is None:
        return []
    bound = {target.id for comp in ast.walk(node) if isinstance(comp, ast.comprehension)
             for target in ast.walk(comp.target) if isinstance(target, ast.Name)}
    callees = {id(call.func) for call in ast.walk(node) if isinstance(call, ast.Call)}
    found: list[tuple[tuple[int, int], str]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Name, ast.Attribute)) and id(current) not in callees:
            name = dotted_name(current)
            if name and name.split(".")[0] not in bound:
                found.append(((current.lineno, current.col_offset), name))
                continue
        stack.extend(ast.iter_child_nodes(current))
    return list(dict.fromkeys(name for _, name in sorted(found)))


def quoted_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """`text` as a Python string literal, cut with `…` inside the quotes."""
    if len(text) <= limit:
        return repr(text)
    literal = repr(cut_text(text, limit))
    return literal[:-1] + ELLIPSIS + literal[-1]


def cut_text(text: str, limit: int) -> str:
    """The start of `text`, at most `limit` characters, ending before a
    placeholder rather than inside one and, when one is near, at a
    separator rather than inside a word."""
    end = limit
    # a field that holds the cut starts before it and is not longer than this
    for field in compiled_regex(_FIELD).finditer(text, 0, limit + 256):
        if field.start() < end < field.end():
            end = field.start()
            break
    breaks = [m.end() for m in compiled_regex(_BREAK).finditer(text, 0, end)]
    if breaks and breaks[-1] >= end - 12:
        end = breaks[-1]
    return text[:end]


def source_excerpt(node: ast.AST | None, limit: int = TEXT_LIMIT) -> str:
    """The expression as source, cut at a token boundary with `…`; a
    string token that would overflow is cut inside its quotes."""
    if node is None:
        return ELLIPSIS
    try:
        source = ast.unparse(node)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return ELLIPSIS
    if len(source) <= limit:
        return source
    out, last_end = "", 0
    try:
        # read lazily: only the tokens up to the cut are looked at
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.NL):
                break
            start, end = token.start[1], token.end[1]
            piece = source[last_end:end]
            if len(out) + len(piece) <= limit:
                out += piece
                last_end = end
                continue
            room = limit - len(out) - (start - last_end)
            if token.type == tokenize.STRING and room >= 8:
                cut = _cut_string_token(token.string, room)
                if cut is not None:
                    return out + source[last_end:start] + cut
            break
    except (tokenize.TokenError, SyntaxError):
        pass
    return out.rstrip() + ELLIPSIS


def _cut_string_token(token: str, room: int) -> str | None:
    """A plain string literal cut to about `room` characters, `…` inside."""
    if token[:1] not in "'\"":
        return None   # prefixed (f'', b'', r''): leave it whole or not at all
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(value, str):
        return None
    return quoted_text(value, max(room - 3, 4))
