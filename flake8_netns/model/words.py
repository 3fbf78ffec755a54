"""Splitting identifiers and text into lower-case words.

`ex_gw_port` -> ex, gw, port; `apiKey` -> api, key; `X-Auth-Token` -> x,
auth, token; `HTTPServer` -> http, server. Shared by the secret-name model
and the TODO rules so both read a name the same way.
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

# lower-case runs, capitalised words, and all-caps runs that end before a
# capitalised word (HTTPServer -> HTTP, Server) or take a plural s (IPs,
# FIPs, PSKs stay one word); digits split words too
_WORD = re.compile(r"[A-Z]+s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")


def split_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` stands in `text`, every time (a substring search)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def dotted_name(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    # asked of every call of every checked file: a name and `a.b` (most
    # callees) are answered without the loop
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute and type(node.value) is ast.Name:
        return f"{node.value.id}.{node.attr}"
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
