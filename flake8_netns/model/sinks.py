"""Which callees start a program, and how they read their command.

RULES.md "Command sink": shell sinks read one string through a shell, argv
sinks take a program and its arguments, and some argv sinks split a string
they are given (pexpect). A callee is known by its qualified name (import
aliases resolved by `imports.py`) or, for the `execute` family of helpers,
by the last part of its name.
"""
from __future__ import annotations

import ast
import dataclasses
import fnmatch
import re

from flake8_netns.settings import Settings

SHELL, ARGV, SPLIT = "shell", "argv", "split"

# where the command is: "first" (first positional / keyword), "items" (every
# positional argument is one argv item), "second" (ssh_execute(ssh, cmd))
_SHELL_SINKS = {
    "os.system": "first", "os.popen": "first", "os.popen2": "first",
    "os.popen3": "first", "os.popen4": "first",
    "subprocess.getoutput": "first", "subprocess.getstatusoutput": "first",
    "commands.getoutput": "first", "commands.getstatusoutput": "first",
    "asyncio.create_subprocess_shell": "first", "platform.popen": "first",
    "oslo_concurrency.processutils.ssh_execute": "second",
    "paramiko.SSHClient.exec_command": "first",
}
_POPEN_FAMILY = {
    "subprocess.run", "subprocess.call", "subprocess.check_call",
    "subprocess.check_output", "subprocess.Popen",
    "eventlet.green.subprocess.Popen", "eventlet.green.subprocess.call",
    "eventlet.green.subprocess.check_call", "eventlet.green.subprocess.check_output",
}
_ITEM_SINKS = {
    "asyncio.create_subprocess_exec",
    "oslo_concurrency.processutils.execute",
    "oslo_concurrency.processutils.trycmd",
}
_SPLITTING_SINKS = {"pexpect.spawn", "pexpect.run", "pexpect.spawnu"}
_OS_EXEC = re.compile(r"os\.(exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)")
_NAMED_SINKS = {"execute", "_execute", "trycmd", "execute_with_timeout",
                "run_command", "exec_command"}
# receivers whose `execute` runs SQL or an OVSDB/taskflow transaction
_NOT_COMMAND_RECEIVERS = {"session", "op", "conn", "connection", "cursor",
                          "engine", "txn", "transaction", "db", "bind",
                          "migrate_engine", "context"}


def looks_like_sink(qualified: str | None, last: str) -> bool:
    """A cheap test, before any evaluation, that a call may be a known or
    named runner (`mock.call()` and `thread.run()` are not: the qualified
    name must be a runner's)."""
    if last in _NAMED_SINKS:
        return True
    if not qualified:
        return False
    return (qualified in _SHELL_SINKS or qualified in _POPEN_FAMILY
            or qualified in _ITEM_SINKS or qualified in _SPLITTING_SINKS
            or qualified.endswith((".subprocess.Popen", ".subprocess.call"))
            or bool(_OS_EXEC.fullmatch(qualified)))


SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "ash", "csh", "tcsh", "fish"}


@dataclasses.dataclass(frozen=True)
class Sink:
    """A call that runs a program, and how it reads its command."""

    kind: str            # SHELL, ARGV or SPLIT
    label: str           # how a message names it: "os.system()"
    where: str = "first"  # "first", "second" or "items"
    direct: bool = True  # a known runner, not a wrapper of the project
    splits_string: bool = False  # an argv runner that splits one string it is given


def known_sink(qualified: str | None, written: str | None, call: ast.Call) -> Sink | None:
    """The sink `call` is when its callee is a known runner, else None."""
    name = qualified or written
    if not name:
        return None
    label = f"{written or name}()"
    if name in _SHELL_SINKS:
        return Sink(SHELL, label, _SHELL_SINKS[name])
    if name in _POPEN_FAMILY or name.endswith((".subprocess.Popen", ".subprocess.call")):
        return Sink(SHELL if shell_keyword_true(call) else ARGV, label)
    if name in _ITEM_SINKS:
        return Sink(ARGV, label, "items")
    if name in _SPLITTING_SINKS:
        return Sink(SPLIT, label)
    if _OS_EXEC.fullmatch(name):
        return Sink(ARGV, label, "items")
    return None


def named_sink(qualified: str | None, written: str | None, call: ast.Call) -> Sink | None:
    """The sink `call` is when its callee's last name is one of the
    `execute` family and it is given a command (not `txn.execute()`)."""
    name = qualified or written
    if not name:
        return None
    label = f"{written or name}()"
    last = name.rsplit(".", 1)[-1]
    if last in _NAMED_SINKS and _has_command_argument(call) and not _is_database(written):
        kind = SHELL if shell_keyword_true(call) else ARGV
        return Sink(kind, label, "first" if _single_command(call) else "items",
                    splits_string=True)
    return None


def user_sink(qualified: str | None, written: str | None, call: ast.Call,
              settings: Settings) -> Sink | None:
    for pattern in settings.exec_functions:
        for name in (written, qualified):
            if name and fnmatch.fnmatchcase(name, pattern.pattern):
                if not _has_command_argument(call):
                    return None
                label = f"{written or qualified}()"
                if pattern.kind == "shell":
                    return Sink(SHELL, label, "joined")
                # a user-named argv runner given one string splits it
                return Sink(ARGV, label, "first" if _single_command(call) else "items",
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


def _has_command_argument(call: ast.Call) -> bool:
    if not call.args:
        return False
    first = call.args[0]
    return isinstance(first, (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple,
                              ast.Name, ast.Starred, ast.BinOp, ast.Attribute,
                              ast.Subscript, ast.Call)) and not (
        isinstance(first, ast.Constant) and not isinstance(first.value, str))


def _single_command(call: ast.Call) -> bool:
    return len(call.args) == 1 and not isinstance(call.args[0], ast.Starred)


def _is_database(written: str | None) -> bool:
    if not written or "." not in written:
        return False
    receiver = written.rsplit(".", 2)[-2]
    return receiver.lower().lstrip("_") in _NOT_COMMAND_RECEIVERS


def shell_command_index(items: list[str | None]) -> int | None:
    """Index of the item a shell reads as its command in an argv such as
    ['sudo', 'ip', 'netns', 'exec', ns, 'bash', '-c', CMD]; None if the argv
    does not start a shell with -c. `items` holds each item's constant text
    (None where not constant)."""
    for index, text in enumerate(items[:-1]):
        if text is None:
            continue
        program = text.rsplit("/", 1)[-1]
        if program in SHELLS:
            flag = items[index + 1]
            if flag is not None and re.fullmatch(r"-[a-z]*c[a-z]*", flag):
                return index + 2 if index + 2 < len(items) else None
            return None
    return None
