"""The sink table is the one place a sink is declared: a new row is found
by the model, its command judged, and files calling it pass the text gate,
with no other edit (RULES.md "Command sink"; issue: one call-behaviour
table with the gate derived from it)."""
from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given, settings, strategies as st

from flake8_netns.context import FileContext
from flake8_netns.rules import ns1_commands
from flake8_netns.vocab import calls as vocab
from tests.helpers import api_findings, settings_for

SNIPPET = """
from fabric import operations


def remove(dev):
    operations.local("ip link del %s" % dev)
"""


ORIGINAL_GATE = vocab.GATE


@pytest.fixture
def with_new_row(monkeypatch):
    row = vocab.SinkRow(("fabric.operations.local",), vocab.Kind.SHELL)
    monkeypatch.setattr(vocab, "QUALIFIED", vocab.QUALIFIED + (row,))
    monkeypatch.setattr(vocab, "ROWS", vocab.ROWS + (row,))
    monkeypatch.setattr(vocab, "GATE", vocab.build_gate(vocab.ROWS))
    yield


def test_an_unknown_runner_is_no_sink():
    assert api_findings(SNIPPET) == []


def test_a_new_row_is_all_it_takes(with_new_row):
    # the file names no runner word of the gate as it was before the row
    assert not ORIGINAL_GATE.search(SNIPPET)
    assert api_findings(SNIPPET) == [(6, 4, "NS101")]


def test_the_gate_is_derived_from_the_rows():
    for row in vocab.ROWS:
        for name in row.names:
            assert vocab.GATE.search(name), name


@pytest.mark.parametrize("text, opens", [
    ("os.system(cmd)", True),
    ("getattr(os, 'system')(cmd)", True),
    ("from os import system", True),
    ("self._execute(cmd)", True),
    ("os.execvp('ip', argv)", True),
    ("asyncio.create_subprocess_shell(cmd)", True),
    ("instance.system_metadata['x'] = 1", False),
    ("# the filesystem is executed by the ecosystem", False),
    ("self.executed = True; x_system = 1", False),
    ("", False),
    # a qualified sink needs its module too: `system` in prose is no call
    ("# the system spawns a thread\nself.driver.spawn(ctx)", False),
    ("import os\n# the system", True),
    ("import pexpect\nchild = pexpect.spawn(cmd)", True),
    # a sink known by its last name needs no module
    ("utils.execute(cmd)", True),
])
def test_the_gate_reads_whole_names(text, opens):
    # code can name a sink only by the whole word (attribute, import or
    # getattr string), so a longer name holding it does not open the gate
    assert vocab.GATE.search(text) is opens


def _opens_by_definition(text: str) -> bool:
    # the gate's promise, the slow way: some needed word stands as a whole
    # name (leading underscores allowed), with its module named too where
    # its row is known by its qualified name
    for name in set(re.findall(r"[A-Za-z0-9_]+", text)):
        word = name.lstrip("_")
        if word in vocab.GATE._needs:
            modules = vocab.GATE._modules.get(word)
            if modules is None or any(re.search(rf"(?<![A-Za-z0-9_]){m}(?![A-Za-z0-9_])", text)
                                      for m in modules):
                return True
    return False


@given(st.lists(st.sampled_from([
    "os", ".", "system", "_", "exec", "ute", "Popen", "open", "(", " ", "\n", "check_output",
    "spawn", "pexpect", "x", "sub", "process", "getstatusoutput", "output", "execvpe", "run",
    "command", "trycmd", "eventlet", "asyncio", "ssh", "create", "shell", "1"]), max_size=12))
@settings(max_examples=500, deadline=None)
def test_the_gate_searches_few_anchors_and_misses_no_name(parts):
    # the gate looks for a few pieces every word holds one of, not for each
    # word: what it opens for is exactly what the word-by-word reading opens for
    text = "".join(parts)
    assert vocab.GATE.search(text) is _opens_by_definition(text)


def test_the_gate_anchors_are_fewer_than_its_words():
    anchors = vocab.GATE._anchors
    assert len(anchors) < len(vocab.GATE._needs) / 3
    assert all(any(anchor in word for anchor in anchors) for word in vocab.GATE._needs)


def test_a_file_the_gate_keeps_shut_builds_no_command_model():
    source = "def f(instance):\n    instance.system_metadata['executed'] = 1\n"
    context = FileContext(ast.parse(source), source.splitlines(True), "snippet.py",
                          settings_for())
    assert ns1_commands.check(context) == []
    assert context.may_run_commands is False
    assert "commands" not in context.__dict__
