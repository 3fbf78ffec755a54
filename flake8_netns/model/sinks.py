"""Which calls start a program, and how they read their command.

The rows are in `vocab/calls.py` (SINKS) (RULES.md "Command sink"); this module
answers questions about one call from them: is its callee a known sink, a
sink by name (`utils.execute`), or one the user named; where is its
command; does its argv start a shell (`sh -c`, `su -c`, `ssh HOST ...`).
"""
from __future__ import annotations

import ast
import dataclasses
import fnmatch
import re

from flake8_netns.settings import Settings, compiled_regex
from flake8_netns.vocab import calls as vocab
from flake8_netns.vocab.calls import (NAMED_HELPERS, NOT_COMMAND_RECEIVER_WORDS,
                                      NOT_COMMAND_RECEIVERS, PREFIX_PROGRAMS, SHELL_LAUNCHERS,
                                      SHELLS, SQL_FIRST_WORDS, Kind, SinkRow, Where)

SHELL, ARGV, SPLIT = Kind.SHELL, Kind.ARGV, Kind.SPLIT


class _Index:
    """The sink rows by name, built from the table as it is: rebuilt only
    when the table object changes (a test or a plugin adding a row)."""

    key: tuple[int, int] = (0, 0)
    qualified: dict[str, SinkRow] = {}
    last: dict[str, SinkRow] = {}
    ends: frozenset[str] = frozenset()   # every row name's last part


def _index() -> type[_Index]:
    key = (id(vocab.QUALIFIED), id(vocab.BY_LAST_NAME))
    if key != _Index.key:
        _Index.qualified = {name: row for row in vocab.QUALIFIED for name in row.names}
        _Index.last = {name: row for row in vocab.BY_LAST_NAME for name in row.names}
        _Index.ends = frozenset([*_Index.last, *(name.rpartition(".")[2]
                                                 for name in _Index.qualified)])
        _Index.key = key
    return _Index


def may_end_a_sink(last: str) -> bool:
    """Whether a dotted callee ending in `last` can be a sink's name, as
    written or qualified (qualifying a dotted name keeps its last part)."""
    return last in _index().ends


def looks_like_sink(qualified: str | None, last: str) -> bool:
    """A cheap test, before any evaluation, that a call may be a known or
    named runner (`mock.call()` and `thread.run()` are not: the qualified
    name must be a runner's)."""
    index = _index()
    return last in index.last or (qualified is not None and qualified in index.qualified)


@dataclasses.dataclass(frozen=True)
class Sink:
    """A call that runs a program, and how it reads its command."""

    kind: Kind
    label: str                 # how a message names it: "os.system()"
    where: Where = Where.ARG
    index: int = 0             # the command argument, or the first argv item
    direct: bool = True        # a known runner, not a wrapper of the project
    splits_string: bool = False  # an argv runner that splits one string it is given
    shell_keyword: bool = False  # a `shell=` keyword (or **kwargs holding one) decides
    by_name: bool = False        # known by its last name only (`utils.execute`)


def _sink(row: SinkRow, label: str, call: ast.Call, by_name: bool = False) -> Sink:
    kind = SHELL if row.shell_keyword and shell_keyword_true(call) else row.kind
    where = row.where
    if where is Where.ITEMS and row.splits_string and _single_command(call, row.index):
        where = Where.ARG   # utils.execute(cmd): one argument that is the command
    return Sink(kind, label, where, row.index, splits_string=row.splits_string,
                shell_keyword=row.shell_keyword, by_name=by_name and row.names[0] in NAMED_HELPERS)


def known_sink(qualified: str | None, written: str | None, call: ast.Call) -> Sink | None:
    """The sink `call` is when its callee is a known runner, else None."""
    name = qualified or written
    row = _index().qualified.get(name) if name else None
    if row is None:
        return None
    return _sink(row, f"{written or name}()", call)


def named_sink(qualified: str | None, written: str | None, call: ast.Call) -> Sink | None:
    """The sink `call` is by the last part of its callee's name (`execute`
    helpers, an event loop's subprocess methods), given a command: not
    `txn.execute()`, `session.execute(stmt)` or `cur.execute("SELECT ...")`."""
    name = qualified or written
    if not name:
        return None
    last = name.rsplit(".", 1)[-1]
    row = _index().last.get(last)
    if row is None or not _has_command_argument(call, row.index):
        return None
    if last in NAMED_HELPERS and (_is_database(written) or _reads_as_sql(call)):
        return None
    return _sink(row, f"{written or name}()", call, by_name=True)


def user_sink(qualified: str | None, written: str | None, call: ast.Call,
              settings: Settings) -> Sink | None:
    for pattern in settings.exec_functions:
        for name in (written, qualified):
            if name and fnmatch.fnmatchcase(name, pattern.pattern):
                if not _has_command_argument(call, 0):
                    return None
                label = f"{written or qualified}()"
                if pattern.kind == "shell":
                    return Sink(SHELL, label, Where.JOINED)
                # a user-named argv runner given one string splits it
                return Sink(ARGV, label, Where.ARG if _single_command(call, 0) else Where.ITEMS,
                            splits_string=True)
    return None


def shell_keyword(call: ast.Call) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "shell":
            return keyword.value
    return None


def shell_keyword_true(call: ast.Call) -> bool:
    """`shell=` anything but a literal false value (RULES.md)."""
    value = shell_keyword(call)
    if value is None:
        return False
    return not (isinstance(value, ast.Constant) and not value.value)


def _has_command_argument(call: ast.Call, index: int) -> bool:
    if len(call.args) <= index:
        return False
    first = call.args[index]
    return isinstance(first, (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple,
                              ast.Name, ast.Starred, ast.BinOp, ast.Attribute,
                              ast.Subscript, ast.Call)) and not (
        isinstance(first, ast.Constant) and not isinstance(first.value, str))


def _single_command(call: ast.Call, index: int) -> bool:
    return len(call.args) == index + 1 and not isinstance(call.args[index], ast.Starred)


def _is_database(written: str | None) -> bool:
    if not written or "." not in written:
        return False
    receiver = written.rsplit(".", 2)[-2].lower().lstrip("_")
    return receiver in NOT_COMMAND_RECEIVERS or any(
        word in receiver.split("_") for word in NOT_COMMAND_RECEIVER_WORDS) or \
        receiver.endswith("cursor")


def reads_as_sql(text: str | None) -> bool:
    """A string whose first word is an SQL verb (`SELECT 1;`)."""
    words = (text or "").split(None, 1)
    return bool(words) and words[0].lower().rstrip(";") in SQL_FIRST_WORDS


def _reads_as_sql(call: ast.Call) -> bool:
    """`execute("SELECT ...")`: a string whose first word is an SQL verb."""
    first = call.args[0] if call.args else None
    text = None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        text = first.value
    elif isinstance(first, ast.JoinedStr) and first.values and isinstance(
            first.values[0], ast.Constant):
        text = str(first.values[0].value)
    elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant) and \
            isinstance(first.left.value, str):
        text = first.left.value
    elif isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute) and \
            isinstance(first.func.value, ast.Constant) and isinstance(first.func.value.value, str):
        text = first.func.value.value
    if not text:
        return False
    words = text.split(None, 1)
    return bool(words) and words[0].lower() in SQL_FIRST_WORDS


_SHELL_FLAG = r"-[a-z]*c[a-z]*"   # compiled when an argv starts a shell
_SUDO_OPTIONS_WITH_VALUE = frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"})


def shell_command_span(items: list[str | None]) -> tuple[int, int] | None:
    """The items (start, end) a shell reads as one command line: the one
    after `sh -c`/`su -c`, or for `ssh HOST CMD...` every word after the
    host (the remote login shell reads them joined)."""
    start = shell_command_index(items)
    if start is None:
        return None
    if runs_remote_shell(items):
        return start, len(items)
    return start, start + 1


def runs_remote_shell(items: list[str | None]) -> bool:
    """`ssh HOST CMD...`: the command runs in the remote login shell, which
    no argument list can avoid (so a constant one is no NS105)."""
    position = _after_prefixes(items)
    return position is not None and position < len(items) and \
        (items[position] or "").rsplit("/", 1)[-1] == "ssh"


def shell_command_index(items: list[str | None]) -> int | None:
    """Index of the item a shell reads as its command in an argv such as
    ['sudo', 'ip', 'netns', 'exec', ns, 'bash', '-c', CMD]; None if the argv
    starts no shell. `items` holds each item's constant text (None where
    not constant, or `SHELL_VARIABLE` for the user's `$SHELL`).

    Shells (`sh -c`), `su [USER] -c`, `runuser ... -c` and the user's
    shell count after the prefixes `ip netns exec NAME`, `sudo [options]`,
    `env [VAR=value]`, `nsenter ...`. For `ssh [options] HOST CMD...` the
    index of the first word of the remote command is returned (see
    `ssh_command_start`)."""
    position = _after_prefixes(items)
    if position is None or position >= len(items):
        return None
    text = items[position]
    program = (text or "").rsplit("/", 1)[-1]
    if program in SHELLS or text == SHELL_VARIABLE:
        if position + 2 < len(items) and _is_flag(items[position + 1], compiled_regex(_SHELL_FLAG)):
            return position + 2
        return None
    if program in SHELL_LAUNCHERS:
        for index in range(position + 1, len(items) - 1):
            if items[index] in ("-c", "--command"):
                return index + 1
        return None
    if program == "ssh":
        return ssh_command_start(items, position)
    return None


SHELL_VARIABLE = "\0$SHELL"   # the item text standing for os.environ['SHELL']


def _is_flag(text: str | None, pattern: re.Pattern[str]) -> bool:
    return text is not None and bool(pattern.fullmatch(text))


def _after_prefixes(items: list[str | None]) -> int | None:
    """Where the real program starts after `sudo`, `env`, `ip netns exec
    NAME`, `nsenter ...` prefixes (bounded: prefixes repeat at most a few
    times)."""
    position = 0
    for _ in range(6):
        if position >= len(items):
            return None
        text = items[position]
        program = (text or "").rsplit("/", 1)[-1]
        if program == "ip":
            if items[position + 1:position + 3] == ["netns", "exec"]:
                position += 4   # ip netns exec NAME
                continue
            return position
        if program == "sudo" or program == "doas":
            position += 1
            while position < len(items) and (items[position] or "").startswith("-"):
                flag = items[position]
                position += 2 if flag in _SUDO_OPTIONS_WITH_VALUE else 1
            continue
        if program == "env":
            position += 1
            while position < len(items) and (
                    "=" in (items[position] or "") or (items[position] or "").startswith("-")):
                position += 1
            continue
        if program == "nsenter":
            position += 1
            while position < len(items) and (items[position] or "").startswith("-"):
                position += 1
            if position < len(items) and items[position] == "--":
                position += 1
            continue
        if program in PREFIX_PROGRAMS - {"ip", "sudo", "doas", "env", "nsenter"}:
            position += 1
            while position < len(items) and (items[position] or "").startswith("-"):
                position += 1
            if program == "chroot" or program == "timeout":
                position += 1   # the new root / the duration
            continue
        return position
    return position


# ssh options that take a value (OpenSSH's getopt string)
_SSH_VALUE_OPTIONS = frozenset("BbcDEeFIiJLlmOoPpQRSWw")


def ssh_command_start(items: list[str | None], position: int) -> int | None:
    """The first word of the remote command in `ssh [options] HOST CMD...`
    (`position` is where `ssh` stands), or None when no command follows."""
    index = position + 1
    while index < len(items):
        text = items[index]
        if text is None or not text.startswith("-") or text == "-":
            break
        if text == "--":
            index += 1
            break
        letters = text[1:]
        takes_value = bool(letters) and letters[-1] in _SSH_VALUE_OPTIONS
        index += 2 if takes_value and len(letters) == 1 or (
            takes_value and all(c not in _SSH_VALUE_OPTIONS for c in letters[:-1])
            and len(letters) == 1) else 1
    host = index
    return host + 1 if host + 1 < len(items) else None
