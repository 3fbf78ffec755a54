"""The rule reference: one Markdown page per code, shipped with the package.

`explain` prints a page as it is; the SARIF formatter reads a page's first
paragraph from it, so the page stays the one place where a rule is
described at length. The CWE numbers a page names are the code table's
(`Code.cwes`, checked by tests/test_docs.py).
"""
from __future__ import annotations

import functools
import importlib.resources
import re

_CWE = re.compile(r"\bCWE-(\d+)")
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


class NoPage(LookupError):
    """No page for this code: it is not one of flake8-netns's codes."""


@functools.lru_cache(maxsize=None)
def page(code: str) -> str:
    name = f"{code.strip().upper()}.md"
    if not re.fullmatch(r"NS\d{3}\.md", name):
        raise NoPage(code)
    resource = importlib.resources.files(__name__).joinpath(name)
    if not resource.is_file():
        raise NoPage(code)
    return resource.read_text(encoding="utf-8")


def sections(code: str) -> dict[str, str]:
    """The page's `## ` sections by heading; the text before them is ''."""
    parts = _SECTION.split(page(code))
    found = {"": parts[0]}
    for heading, body in zip(parts[1::2], parts[2::2]):
        found[heading.strip()] = body.strip()
    return found


def python_blocks(text: str) -> list[str]:
    return _PYTHON_BLOCK.findall(text)


def cwes(code: str) -> list[str]:
    """The CWE ids the page names in its header, e.g. ['CWE-78']."""
    seen = dict.fromkeys(f"CWE-{n}" for n in _CWE.findall(sections(code)[""]))
    return list(seen)


def summary(code: str) -> str:
    """The first paragraph of "What it does", on one line."""
    body = sections(code).get("What it does", "")
    return " ".join(body.split("\n\n", 1)[0].split())
