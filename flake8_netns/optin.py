"""Opt-in codes are reported only when the user names them.

flake8 itself turns an opt-in code on whenever its default ignore list is
replaced (a project's own `ignore =`) or a broad prefix is selected
(`--select NS`, `--select E,F,W,N`): a team that never asked for NS402 would
then see every TODO. As flake8-bugbear does for its B9 codes, the plugin
drops an opt-in finding unless the code, or a prefix of it at least four
characters long (`NS10`, `NS40`), is named in `select`, `extend-select` or
`enable-extensions`. The codes also stay on flake8's default ignore list.
"""
from __future__ import annotations

import re
from typing import Iterable

MIN_PREFIX = 4


def names(*values: str | Iterable[str] | None) -> frozenset[str]:
    """Every code or prefix in option values (lists or comma/space
    separated strings), upper-cased."""
    found: set[str] = set()
    for value in values:
        if not value:
            continue
        items = re.split(r"[,\s]+", value) if isinstance(value, str) else value
        found.update(item.strip().upper() for item in items if item.strip())
    return frozenset(found)


def is_named(code: str, named: frozenset[str]) -> bool:
    return any(code[:size] in named
               for size in range(MIN_PREFIX, len(code) + 1))


def enabled(opt_in: Iterable[str], named: frozenset[str]) -> frozenset[str]:
    """The opt-in codes the user named."""
    return frozenset(code for code in opt_in if is_named(code, named))
