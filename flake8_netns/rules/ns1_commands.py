"""NS1: commands built from values and handed to a shell or split into argv.

Each use the command model finds is judged on what its command is made of
(`values.py`): a built string read by a shell is NS101, split into argv
NS102; an argv item that interpolates a value into constant text NS103; a
shell given a command it cannot see NS104, a constant one NS105.
"""
from __future__ import annotations

import ast
from typing import Iterable, Iterator

from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.model.commands import ELEMENT, TAIL, Use, argv_texts, shell_command
from flake8_netns.model.sinks import ARGV, SHELL, SPLIT, runs_remote_shell, shell_command_index, shell_command_span
from flake8_netns.model.values import BUILT, CONST, OPAQUE, Value

# when one call could be reported several ways, the most specific wins
_PRECEDENCE = ("NS101", "NS102", "NS104", "NS105")


def check(context: FileContext) -> list[Finding]:
    if not context.may_run_commands:
        return []
    per_call: dict[int, list[tuple[str, ast.AST, dict]]] = {}
    calls: dict[int, ast.Call] = {}
    for use, _function in context.commands.uses():
        calls[id(use.call)] = use.call
        per_call.setdefault(id(use.call), []).extend(_judge(use))
    results = []
    for key, verdicts in per_call.items():
        call_level = [v for v in verdicts if v[0] != "NS103"]
        if call_level:
            best = min(call_level, key=lambda v: _PRECEDENCE.index(v[0]))
            results.append(_report(best, calls[key]))
        for verdict in verdicts:
            if verdict[0] == "NS103":
                results.append(_report(verdict, calls[key]))
    return results


def _report(verdict, call: ast.Call) -> Finding:
    """At the element when it is written in the call, else at the call: an
    item built lines earlier into a local list is run here."""
    code, node, fields = verdict
    if not (code == "NS103" and _inside(node, call)):
        node = call
    return finding(node.lineno, node.col_offset, code, **fields)


def _inside(node: ast.AST | None, call: ast.Call) -> bool:
    if node is None or not hasattr(node, "lineno") or call.end_lineno is None:
        return False
    return ((call.lineno, call.col_offset) <= (node.lineno, node.col_offset)
            <= (call.end_lineno, call.end_col_offset))


def _judge(use: Use) -> Iterator[tuple[str, ast.AST, dict]]:
    for value in use.values:
        if value is None:
            continue
        if use.kind == SHELL:
            yield from _shell(use, shell_command(value), value)
        elif use.kind == SPLIT or value.split or (
                use.kind == ARGV and use.splits_string and not value.is_sequence):
            yield from _split(use, value)
        elif use.kind in (ARGV, TAIL) and value.is_sequence:
            yield from _argv(use, value)
        elif use.kind == ELEMENT:
            yield from _elements(use, [value])


def _shell(use: Use, command: Value | None, whole: Value) -> Iterator:
    if command is None:
        return
    sink = use.label
    if command.kind == BUILT:
        yield "NS101", command.node, dict(names=_names(command), how=command.how,
                                          sink=sink)
    elif command.kind == OPAQUE and (use.direct or whole.is_sequence):
        what = (f"parameter '{command.whole_param}'" if command.whole_param
                else "a command it cannot see")
        yield "NS104", command.node, dict(sink=sink, what=what)
    elif command.kind == CONST and not command.is_sequence:
        yield "NS105", command.node, dict(sink=sink)


def _split(use: Use, value: Value) -> Iterator:
    if value.is_sequence:
        yield from _argv(use, value)
    elif value.kind == BUILT:
        yield "NS102", value.node, dict(names=_names(value), how=value.how,
                                        sink=use.label)
    elif value.kind == CONST and value.text:
        words = value.text.split()
        index = shell_command_index(words)
        if index is not None:
            yield "NS105", value.node, dict(sink=use.label)


def _argv(use: Use, value: Value) -> Iterator:
    span = shell_command_span(argv_texts(value))
    if span is not None:
        command = shell_command(value)
        # `ssh HOST uptime`: the remote login shell cannot be avoided, so a
        # constant remote command is no NS105
        if not (command is not None and command.kind == CONST
                and runs_remote_shell(argv_texts(value))):
            yield from _shell(use, command, value)
    yield from _elements(use, [item for position, item in enumerate(value.items)
                               if span is None or not span[0] <= position < span[1]])
    for tail in value.tails:
        # processutils.execute(*(template % dev).split()): split, then spliced in
        if tail.split and tail.kind == BUILT:
            yield "NS102", tail.node, dict(names=_names(tail), how=tail.how, sink=use.label)


def _elements(use: Use, items: Iterable[Value]) -> Iterator:
    for item in items:
        if item.kind == BUILT and item.mixes_text:
            yield "NS103", item.node, dict(element=_source_hint(item),
                                           names=_names(item), how=item.how,
                                           sink=use.label)


def _names(value: Value) -> str:
    if not value.names:
        return "a value"
    return ", ".join(f"'{name}'" for name in value.names)


def _source_hint(value: Value) -> str:
    node = value.node
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
        return repr(node.left.value)[:40]
    return "built"
