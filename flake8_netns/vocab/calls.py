"""What a call does with the values it is given: one table for every family.

SINKS are the calls that start a program (RULES.md "Command sink"): a row
names a callee by its qualified name (import aliases resolved first) or by
the last part of its name, and says where its command is. The cheap text
gate (`GATE`) that lets a file naming no runner cost one search is derived
from the rows, so adding a row is all a new sink takes.

The flow evaluator (`analysis/flow.py`) asks `CallBehaviour.of_call` how a
value goes through a call: kept (PASS_THROUGH), split into an argv
(SPLITTERS), put into a string (FORMATTING, JOINS), turned into a number
(NUMBERS), quoted for a shell (QUOTING), made safe to show (SANITISERS),
one entry taken out (ENTRIES), or stored into its receiver (FILLING,
REMOVING). NAMESPACES are the values that hold every name of a scope;
LOGGERS the receivers and methods of a logging call. A name is matched on
the callee's last part unless a row says it is qualified (import aliases
resolved).
"""
from __future__ import annotations

import ast
import enum
import fnmatch
import functools
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from flake8_netns.model.words import dotted_name

if TYPE_CHECKING:
    from flake8_netns.model.imports import ImportTable
    from flake8_netns.settings import Settings

# == SINKS ===================================================================


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


# NamedTuples, not dataclasses: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class SinkRow(NamedTuple):
    names: tuple[str, ...]
    kind: Kind
    where: Where = Where.ARG
    # the command argument, or the first argv item (shadows tuple.index)
    index: int = 0  # type: ignore[assignment]
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


def _gate_word(name: str) -> str:
    """The word any file that calls the sink `name` must contain: its last
    name, or its module for names too common to search for (`run`, `call`)."""
    parts = name.split(".")
    last = parts[-1]
    return parts[-2] if len(last) < 5 and len(parts) > 1 else last.lstrip("_")


class Gate:
    """Whether a text may call a sink, from the rows: a row's word as a
    whole name (leading underscores allowed: `self._execute`), the only way
    code can name a sink (attribute, import or `getattr` string), so that
    `system_metadata`, `filesystem` and `executed` do not open it; and for a
    row known by its qualified name, also the top module it is imported
    from (`os.system` is a sink only where `os` is imported, so `system` in
    a comment does not open it). Rows known by their last name
    (`utils.execute`) need the word alone.

    A few anchors, substrings that every word holds one of (`exec` for
    `execute`, `execv` and `exec_command`), are looked for (`str.find`, far
    quicker than a regular expression of alternatives; a search of the whole
    text is what costs, and most files hold none), and the whole name
    around each hit is read after it."""

    def __init__(self, rows: tuple[SinkRow, ...]) -> None:
        alone: set[str] = set()                 # words enough by themselves
        modules: dict[str, set[str]] = {}       # word -> modules, one to be named too
        for row in rows:
            for name in row.names:
                word = _gate_word(name)
                if row in QUALIFIED and "." in name:
                    modules.setdefault(word, set()).add(name.split(".")[0])
                else:
                    alone.add(word)
        self._needs = frozenset(alone | modules.keys())
        self._modules = {word: tuple(sorted(found))
                         for word, found in modules.items() if word not in alone}
        # a word holding another adds nothing to the search: anchors for the rest
        self._anchors = _anchors({w for w in self._needs
                                  if not any(o != w and o in w for o in self._needs)})

    def search(self, text: str) -> bool:
        judged: set[str] = set()
        for word in self._anchors:
            at = text.find(word)
            while at >= 0:
                start, end = _name_around(text, at, at + len(word))
                name = text[start:end].lstrip("_")
                if name in self._needs and name not in judged:
                    judged.add(name)
                    modules = self._modules.get(name)
                    if modules is None or any(_names(text, m) for m in modules):
                        return True
                at = text.find(word, end)
        return False


def _anchors(words: set[str], length: int = 4) -> tuple[str, ...]:
    """Few substrings that every word holds one of: greedily, the
    `length`-letter piece most of the words not yet covered hold, while one
    covers two or more (`exec` for `execute`, `execv` and `exec_command`);
    each word left is its own anchor. Any such set finds every word; fewer
    searches cost less, and four letters keep hits of common text (`open(`)
    few enough to read. Made at import, so kept cheap (pieces of one length)."""
    holders: dict[str, set[str]] = {}
    for word in words:
        for start in range(len(word) - length + 1):
            holders.setdefault(word[start:start + length], set()).add(word)
    uncovered = set(words)
    chosen: list[str] = []
    while holders:
        best = min(holders, key=lambda piece: (-len(holders[piece] & uncovered), piece))
        if len(holders[best] & uncovered) < 2:
            break
        chosen.append(best)
        uncovered -= holders.pop(best)
    return tuple(sorted([*chosen, *uncovered]))


def _name_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the whole name (letters, digits, `_`) holding text[start:end]."""
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return start, end


def _names(text: str, name: str) -> bool:
    """`name` stands in the text as a whole name (`import os`, not `host`)."""
    at = text.find(name)
    while at >= 0:
        if _name_around(text, at, at + len(name)) == (at, at + len(name)):
            return True
        at = text.find(name, at + len(name))
    return False


def build_gate(rows: tuple[SinkRow, ...] | None = None) -> Gate:
    return Gate(rows or ROWS)


GATE = build_gate()


# == PASS_THROUGH =============================================================
# The result is the input in another shape. TEXT calls make a string of
# their input (a built string stays built, `.lower()` as `.strip()`); SAME
# calls give the input back (a list stays the list); SOURCES calls keep
# only what flows in (`d.items()`, `dict(user=u)`): the names that reach the
# result, not its kind.
#
# Builtins, matched only when called by their bare name (`conf.set(...)`
# and `client.list()` are methods of their own).
PASS_THROUGH_BUILTINS: dict[str, str] = {
    "str": "text", "repr": "text", "ascii": "text", "bytes": "text",
    "format": "text",
    "list": "same", "tuple": "same", "sorted": "same", "reversed": "same",
    "iter": "same", "set": "sources", "frozenset": "sources",
    "dict": "sources", "zip": "sources", "enumerate": "sources",
    # `map(str, cmd)`: the items of its second argument, each made text
    "map": "same",
    # translation markers return the same text in another language
    "_": "same", "_LE": "same", "_LI": "same", "_LW": "same", "_LC": "same",
    "gettext": "same", "ugettext": "same", "gettext_lazy": "same",
    "ugettext_lazy": "same",
}
# Module functions, on any receiver (`json.dumps`, `jsonutils.dumps`,
# `copy.deepcopy`, `parse.urlencode`): their first argument passes.
PASS_THROUGH_FUNCTIONS: dict[str, str] = {
    "dumps": "text", "pformat": "text", "safe_encode": "text",
    "safe_decode": "text", "to_utf8": "text", "text_type": "text",
    "b64encode": "text", "urlencode": "text", "quote_plus": "text",
    "urlunparse": "text", "urlunsplit": "text", "copy": "same",
    "deepcopy": "same", "OrderedDict": "sources", "defaultdict": "sources",
    "chain": "sources", "namedtuple": "sources",
}
# Functions whose every positional argument passes (the others: the first).
ALL_ARGUMENTS = frozenset({"zip", "chain", "urlunparse", "urlunsplit",
                           "set", "frozenset", "dict", "OrderedDict"})
# Functions whose passing argument is not the first: `map(func, items)`.
PASSING_ARGUMENT: dict[str, int] = {"map": 1}
# Functions whose keyword arguments are entries of the result (`dict(a=1)`).
KEYWORD_ENTRIES = frozenset({"dict", "OrderedDict"})
# Methods: the receiver passes (a built string stays built).
PASS_THROUGH_METHODS: dict[str, str] = {
    "strip": "text", "lstrip": "text", "rstrip": "text", "lower": "text",
    "upper": "text", "casefold": "text", "title": "text",
    "capitalize": "text", "swapcase": "text", "encode": "text",
    "decode": "text", "expandtabs": "text", "center": "text",
    "ljust": "text", "rjust": "text", "zfill": "text", "replace": "text",
    "copy": "same", "items": "sources", "values": "sources",
    "splitlines": "sources", "partition": "sources",
    "rpartition": "sources",
}
# `msg.replace(password, '***')`: what the first argument holds is taken
# out of the receiver, the second argument put in.
REPLACING_METHODS = frozenset({"replace"})

# == SPLITTERS ================================================================
# A string split into an argv: `x.split()`, `shlex.split(x)`, `split(x)`.
SPLITTING_METHODS = frozenset({"split", "rsplit"})
SPLITTING_FUNCTIONS = frozenset({"shlex.split"})          # qualified
SPLITTING_BARE_NAMES = frozenset({"split"})               # `from shlex import split`

# == FORMATTING ===============================================================
# `template.format(...)`, `template.format_map(mapping)`; `%` is the operator.
FORMAT_METHODS = frozenset({"format", "format_map"})
# Conversions that can only print a number (`%d`, `{:x}`); `c` prints a
# character and `s`/`r`/`a` any text.
NUMERIC_PERCENT = frozenset("diuoxXeEfFgG")
NUMERIC_FORMAT_SPEC = frozenset("bdoxXneEfFgG%")

# == JOINS ====================================================================
# `separator.join(items)`: one string of every item.
JOIN_METHODS = frozenset({"join"})

# == NUMBERS ==================================================================
# Builtins whose result is a number: it cannot carry a space or a `;`.
NUMBER_FUNCTIONS = frozenset({"int", "float", "len", "abs", "round"})
# Iterables whose items are numbers (`for i in range(n)`).
NUMBER_ITERABLES = frozenset({"range"})

# == QUOTING ==================================================================
# A part quoted for a shell (qualified names): the shell reads it as one word.
SHELL_QUOTES = frozenset({"shlex.quote", "pipes.quote"})
SHELL_JOINS = frozenset({"shlex.join"})

# == SANITISERS ===============================================================
# A value passed through one shows nothing of what went in (RULES.md
# "Sanitiser"); extended by --netns-sanitizers.
SANITISER_NAMES = frozenset({"mask_password", "mask_dict_password", "len",
                             "bool", "type", "id", "dir"})
SANITISER_PREFIXES = ("mask", "redact", "sanitize", "sanitise", "scrub",
                      "hash")
SANITISER_MODULES = ("hashlib.",)

# == ENTRIES ==================================================================
# Methods that take one entry by key: the key, not the container, is what
# the caller gets.
ENTRY_METHODS = frozenset({"get", "pop", "setdefault", "__getitem__"})

# == FILLING / REMOVING =======================================================
# Methods that put their arguments into their receiver (a local now holds
# them), and those that take an entry or an item out of it.
FILLING_METHODS = frozenset({"update", "append", "extend", "insert", "add",
                             "setdefault", "appendleft", "extendleft",
                             "__setitem__"})
# Methods that add items to an argv in order (`cmd.append(x)`).
ARGV_FILLING_METHODS = frozenset({"append", "extend", "insert"})
REMOVING_METHODS = frozenset({"pop", "remove", "discard", "__delitem__"})

# == NAMESPACES ===============================================================
# Values that hold every name of a scope, every variable of the process's
# environment or every header of a request.
NAMESPACE_CALLS = frozenset({"locals", "globals", "vars"})
NAMESPACE_ATTRIBUTES = frozenset({"__dict__"})
NAMESPACE_QUALIFIED = frozenset({"os.environ"})
REQUEST_RECEIVERS = frozenset({"request", "req"})
REQUEST_NAMESPACES = frozenset({"headers"})

# == LOGGERS ==================================================================
LOGGER_METHODS = frozenset({"debug", "info", "warning", "warn", "error",
                            "exception", "critical", "fatal", "log"})
# Receivers that are loggers by convention; more with --netns-loggers.
LOGGER_RECEIVERS = frozenset({"LOG", "log", "LOGGER", "logger", "_LOG",
                              "_log", "_logger", "self.log", "self.logger",
                              "self.LOG", "cls.logger"})
# Qualified callees whose result is a logger. `getLogger`/`get_logger` on
# any receiver also count: projects wrap oslo_log and stdlib the same way.
LOGGER_FACTORIES = frozenset({"logging.getLogger", "logging.LoggerAdapter",
                              "logging.Logger", "logging.root",
                              "oslo_log.log.getLogger",
                              "oslo_log.log.KeywordArgumentAdapter"})
LOGGER_FACTORY_NAMES = frozenset({"getLogger", "get_logger", "getChild",
                                  "LoggerAdapter", "KeywordArgumentAdapter"})
LOGGING_MODULES = frozenset({"logging", "oslo_log.log"})


class Does(str, enum.Enum):
    """What a call does with the values it is given."""

    PASS = "pass"          # kept: `str(x)`, `x.strip()`, `json.dumps(x)`
    SPLIT = "split"        # split into an argv
    FORMAT = "format"      # `template.format(...)`
    JOIN = "join"          # `sep.join(items)`
    NUMBER = "number"      # `int(x)`, `len(x)`
    QUOTE = "quote"        # `shlex.quote(x)`
    SHELL_JOIN = "shell_join"   # `shlex.join(argv)`
    ENTRY = "entry"        # `d.get('key')`
    NAMESPACE = "namespace"     # `locals()`, `vars(x)`
    OTHER = "other"        # anything else: its result is something new


class Behaviour(NamedTuple):
    does: Does
    shape: str = "text"        # for PASS: "text", "same" or "sources"
    from_receiver: bool = False   # the receiver passes (not the arguments)
    all_arguments: bool = False   # every positional argument passes
    keyword_entries: bool = False  # keywords are entries of the result
    argument: int = 0          # the positional argument that passes
    sanitises: bool = False    # the result shows nothing of its input


_OTHER = Behaviour(Does.OTHER)


class CallBehaviour:
    """The table, with a run's options and a module's imports: `of_call`
    answers for one call."""

    def __init__(self, sanitisers: Iterable[str] = (),
                 qualify: Callable[[ast.AST], str | None] | None = None) -> None:
        self.sanitisers = tuple(sanitisers)
        self._qualify = qualify

    @classmethod
    def of(cls, settings: Settings, imports: ImportTable | None = None) -> "CallBehaviour":
        """The behaviour for one file: its settings' sanitisers, its imports."""
        return cls(settings.sanitizers, imports.qualify if imports else None)

    def qualified(self, func: ast.AST) -> str | None:
        if self._qualify is not None:
            return self._qualify(func)
        return dotted_name(func)

    def of_call(self, call: ast.Call) -> Behaviour:
        func = call.func
        if isinstance(func, ast.Name):
            name, method = func.id, None
        elif isinstance(func, ast.Attribute):
            name, method = func.attr, func.attr
        else:
            return _OTHER
        behaviour = self._classify(call, func, name, method)
        if self.is_sanitiser(call):
            return behaviour._replace(sanitises=True)
        return behaviour

    def _classify(self, call: ast.Call, func: ast.Name | ast.Attribute, name: str,
                  method: str | None) -> Behaviour:
        if method is None:
            if name in NUMBER_FUNCTIONS:
                return Behaviour(Does.NUMBER)
            if name in NAMESPACE_CALLS:
                if len(call.args) <= 1 and not call.keywords:
                    return Behaviour(Does.NAMESPACE)
                return _OTHER
            if name in PASS_THROUGH_BUILTINS:
                return _pass(PASS_THROUGH_BUILTINS[name], name)
        if name in PASS_THROUGH_FUNCTIONS and (method is None or call.args
                                               or method not in PASS_THROUGH_METHODS):
            return _pass(PASS_THROUGH_FUNCTIONS[name], name)
        qualified = None
        if name in ("quote", "join", "split") or (method is None and name in SPLITTING_BARE_NAMES):
            qualified = self.qualified(func)
            if qualified in SHELL_QUOTES:
                return Behaviour(Does.QUOTE)
            if qualified in SHELL_JOINS:
                return Behaviour(Does.SHELL_JOIN)
            if qualified in SPLITTING_FUNCTIONS or (
                    method is None and name in SPLITTING_BARE_NAMES):
                return Behaviour(Does.SPLIT)
        if method is None:
            return _OTHER
        if method in FORMAT_METHODS:
            return Behaviour(Does.FORMAT, from_receiver=True)
        if method in JOIN_METHODS and call.args:
            return Behaviour(Does.JOIN, from_receiver=True)
        if method in SPLITTING_METHODS:
            return Behaviour(Does.SPLIT, from_receiver=True)
        if method in ENTRY_METHODS and call.args:
            return Behaviour(Does.ENTRY, from_receiver=True)
        if method in PASS_THROUGH_METHODS:
            return Behaviour(Does.PASS, PASS_THROUGH_METHODS[method], from_receiver=True)
        return _OTHER

    def is_sanitiser(self, call: ast.Call) -> bool:
        dotted = dotted_name(call.func)
        if dotted is None:
            return False
        last = dotted.rsplit(".", 1)[-1]
        if _sanitiser_name(last):
            return True
        qualified = self.qualified(call.func) or dotted
        if qualified.startswith(SANITISER_MODULES):
            return True
        return any(fnmatch.fnmatchcase(name, pattern)
                   for pattern in self.sanitisers
                   for name in (dotted, qualified, last))


@functools.lru_cache(maxsize=4096)
def _sanitiser_name(last: str) -> bool:
    return last in SANITISER_NAMES or last.lower().lstrip("_").startswith(
        SANITISER_PREFIXES)


def _pass(shape: str, name: str) -> Behaviour:
    return Behaviour(Does.PASS, shape, all_arguments=name in ALL_ARGUMENTS,
                     keyword_entries=name in KEYWORD_ENTRIES,
                     argument=PASSING_ARGUMENT.get(name, 0))
