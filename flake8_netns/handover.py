"""The findings handed to flake8 after its tree phase, not during it.

flake8 builds its `# noqa` map of a file (every token of the file, in one
list) the first time any plugin reports something in it. A tree plugin that
reports while flake8 runs the tree plugins makes flake8 hold the file's
tree and all its tokens at once; flake8 on its own reports later (from
pycodestyle's logical-line checks, the tree gone by then). On nova's
largest file that is 13 MB more at the run's peak (72 against 59 MB over
nova's virt, network, privsep and compute folders).

So when flake8 has loaded this module's logical-line plugin (`report`, the
`NSR` entry point), the tree plugin keeps its findings here and `report`
hands them to flake8 on the file's first logical line, once flake8 has let
the tree go. flake8 passes a `(line, column)` offset through unchanged, so
each finding keeps its place. Outside flake8 (the checker API, the
benchmark), or when only the tree plugin was loaded, the tree plugin yields
its findings itself.
"""
from __future__ import annotations

import argparse
from typing import Sequence

Result = tuple[int, int, str]

# the findings of the file the tree plugin checked last: flake8 checks one
# file at a time in a process (each -j worker is a process of its own) and
# runs its logical-line plugins on a file right after its tree plugins
_PENDING: list[list[Result]] = []


class _Loaded:
    """The options of the flake8 run that loaded `report`."""

    options: argparse.Namespace | None = None


def active(options: argparse.Namespace | None) -> bool:
    """`report` was loaded by the flake8 run these options are of."""
    return options is not None and _Loaded.options is options


def keep(results: list[Result]) -> None:
    # a file flake8 gave no logical line (an empty one) leaves nothing behind
    _PENDING[:] = [results] if results else []


def report(logical_line: str) -> Sequence[tuple[tuple[int, int], str]]:
    """flake8's logical-line plugin: on a file's first logical line, the
    findings the tree plugin kept for it; on every other line (most of
    them) nothing, as cheaply as a plugin call can be (no generator)."""
    if not _PENDING:
        return ()
    return [((line, col), text) for line, col, text in _PENDING.pop()]


def _parse_options(options: argparse.Namespace) -> None:
    _Loaded.options = options


# flake8 calls a plugin object's `parse_options`, a function's too
setattr(report, "parse_options", _parse_options)
