"""Fixtures shared by the test files."""
from __future__ import annotations

from typing import Callable

import pytest

import flake8_netns.codes as code_table
from flake8_netns.codes import Code
from tests.runners import RUNNERS, Runner


def add_row(row: Code, setattr: Callable[..., None],
            setitem: Callable[..., None]) -> Code:
    """Put `row` in the code table the way a new row in codes.py would be:
    in the table, in the lookup by code and, when off by default, in the
    opt-in list."""
    setattr(code_table, "_TABLE", (*code_table._TABLE, row))
    setitem(code_table.CODES, row.code, row)
    if not row.default_on:
        setattr(code_table, "OPT_IN", (*code_table.OPT_IN, row.code))
    return row


@pytest.fixture
def add_code(monkeypatch: pytest.MonkeyPatch) -> Callable[[Code], Code]:
    """Add a row to the code table for one test (undone after it)."""
    return lambda row: add_row(row, monkeypatch.setattr, monkeypatch.setitem)


@pytest.fixture(params=[
    "in-process", pytest.param("process", marks=pytest.mark.slow)])
def python_m(request: pytest.FixtureRequest) -> Runner:
    """`python_m(MODULE, ARGS, stdin=None, cwd=None)` runs `python -m MODULE`
    (flake8 or flake8_netns) and gives its status, stdout and stderr: once
    through the module's main() in this process (the quick loop) and once
    as a child process (slow-marked: the full suite runs both)."""
    return RUNNERS[request.param]
