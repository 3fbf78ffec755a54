"""The command sinks of RULES.md, as rows: adding a row is all it takes.

Everything else about sinks is derived from these rows: which calls the
model looks at, how it reads their command, and the cheap text gate that
lets a file naming no runner cost one regular-expression search
(`GATE`). A row names a callee by its qualified name (import aliases are
resolved before the look-up), by the last part of its name (`execute`
helpers, event-loop methods), and says where its command is.
"""
from __future__ import annotations

import dataclasses
import enum
import re


class Kind(str, enum.Enum):
    """How a sink reads its command."""

    SHELL = "shell"   # one string, read by a shell
    ARGV = "argv"     # a program and its arguments
    SPLIT = "split"   # one string, split on spaces into an argv


class Where(str, enum.Enum):
    """Which arguments of the call are the command."""

    ARG = "arg"        # one positional argument (index `SinkRow.index`)
    ITEMS = "items"    # every positional argument from `index` on is one argv item
    JOINED = "joined"  # a user-named shell runner: the arguments are joined


@dataclasses.dataclass(frozen=True)
class SinkRow:
    names: tuple[str, ...]
    kind: Kind
    where: Where = Where.ARG
    index: int = 0                 # the command argument, or the first argv item
    shell_keyword: bool = False    # `shell=` not literally false makes it a shell sink
    splits_string: bool = False    # an argv sink that splits a lone string it is given


# The green (eventlet) and gevent subprocess modules are drop-in replacements
# that OpenStack and network tools use in subprocess's place (RULES.md).
_SUBPROCESS_MODULES = ("subprocess", "eventlet.green.subprocess", "gevent.subprocess")


def _in(modules: tuple[str, ...], *names: str) -> tuple[str, ...]:
    return tuple(f"{module}.{name}" for module in modules for name in names)


QUALIFIED: tuple[SinkRow, ...] = (
    SinkRow(("os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4",
             "platform.popen", "commands.getoutput", "commands.getstatusoutput",
             "asyncio.create_subprocess_shell",
             "asyncio.subprocess.create_subprocess_shell",
             "paramiko.SSHClient.exec_command", "paramiko.client.SSHClient.exec_command")
            + _in(_SUBPROCESS_MODULES, "getoutput", "getstatusoutput"),
            Kind.SHELL),
    SinkRow(("oslo_concurrency.processutils.ssh_execute",), Kind.SHELL, index=1),
    SinkRow(_in(_SUBPROCESS_MODULES, "run", "call", "check_call", "check_output", "Popen"),
            Kind.ARGV, shell_keyword=True),
    SinkRow(("oslo_concurrency.processutils.execute", "oslo_concurrency.processutils.trycmd"),
            Kind.ARGV, Where.ITEMS, shell_keyword=True),
    SinkRow(("asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"),
            Kind.ARGV, Where.ITEMS),
    # os.exec*/os.spawn*: the argv starts after the program path (and the
    # spawn mode), so `os.execlp('sh', 'sh', '-c', cmd)` is `sh -c cmd`
    SinkRow(("os.execl", "os.execle", "os.execlp", "os.execlpe"), Kind.ARGV, Where.ITEMS, 1),
    SinkRow(("os.execv", "os.execve", "os.execvp", "os.execvpe",
             "os.posix_spawn", "os.posix_spawnp"), Kind.ARGV, Where.ARG, 1),
    SinkRow(("os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe"), Kind.ARGV, Where.ITEMS, 2),
    SinkRow(("os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe"), Kind.ARGV, Where.ARG, 2),
    SinkRow(("pexpect.spawn", "pexpect.spawnu", "pexpect.run"), Kind.SPLIT),
)

# By the last part of the callee's name, whatever the receiver: the
# `execute` helpers of OpenStack agents (`utils.execute`,
# `ip_wrapper.netns.execute`, `self._execute`, `priv_execute`) and an event
# loop's subprocess methods. Only with a positional command argument, and
# not on a database receiver or with SQL text (see `NOT_COMMAND_RECEIVERS`).
BY_LAST_NAME: tuple[SinkRow, ...] = (
    SinkRow(("execute", "_execute", "trycmd", "execute_with_timeout", "run_command",
             "exec_command"), Kind.ARGV, Where.ITEMS, shell_keyword=True,
            splits_string=True),
    SinkRow(("subprocess_shell",), Kind.SHELL, index=1),
    SinkRow(("subprocess_exec",), Kind.ARGV, Where.ITEMS, 1),
)
# the rows whose receiver must not be a database object
NAMED_HELPERS = frozenset(BY_LAST_NAME[0].names)

# Receivers whose `execute` runs SQL, an OVSDB/taskflow transaction or a
# migration (SQLAlchemy, alembic, ovsdbapp, taskflow, DB-API, Django).
NOT_COMMAND_RECEIVERS = frozenset({
    "session", "op", "conn", "connection", "engine", "txn", "transaction", "db",
    "schema_editor", "bind", "migrate_engine", "context"})
NOT_COMMAND_RECEIVER_WORDS = ("cursor", "curs", "cur")
SQL_FIRST_WORDS = frozenset({
    "select", "insert", "update", "delete", "create", "alter", "drop", "truncate",
    "grant", "revoke", "with", "set", "show", "begin", "commit", "pragma"})

# Programs that read the next argument(s) as a shell command line.
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "csh", "tcsh", "fish"})
# Launchers whose `-c` argument is a command line for a shell.
SHELL_LAUNCHERS = frozenset({"su", "runuser"})
# Prefixes after which a launcher still counts: `ip netns exec NAME`,
# `sudo [options]`, `env [VAR=value]`, `nsenter [options]`.
PREFIX_PROGRAMS = frozenset({"sudo", "env", "nsenter", "ip", "doas", "chroot", "timeout",
                             "nice", "ionice", "setsid", "stdbuf", "unshare"})

ROWS: tuple[SinkRow, ...] = QUALIFIED + BY_LAST_NAME


def _gate_words(rows: tuple[SinkRow, ...]) -> list[str]:
    """A word any file that calls a sink must contain: the row's last name,
    or the module for names too common to search for (`run`, `call`)."""
    words = set()
    for row in rows:
        for name in row.names:
            parts = name.split(".")
            last = parts[-1]
            words.add(parts[-2] if len(last) < 5 and len(parts) > 1 else last.lstrip("_"))
    # the search is for substrings: a word holding another adds nothing
    return sorted(w for w in words if not any(o != w and o in w for o in words))


def build_gate(rows: tuple[SinkRow, ...] | None = None) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in _gate_words(rows or ROWS)))


GATE = build_gate()
