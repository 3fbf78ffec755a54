"""What a function does with its parameters, and what one call hands on.

A *use* is one call that hands a command to something that runs it; a
`FunctionSummary` says, for each parameter of a function, what the
function's uses make of it (`ParamMode`): the whole command of a shell,
a string that is split, an argv, or argv items. The model computes
summaries (`commands.py`); this module holds their shapes and the pure
functions that map a summary onto a caller's arguments.
"""
from __future__ import annotations

import ast
import enum
from typing import Iterator, Mapping, NamedTuple, Protocol

from flake8_netns.model import sinks as sinks_mod
from flake8_netns.model.index import FunctionInfo
from flake8_netns.model.sinks import ARGV, SHELL, SPLIT
from flake8_netns.model.values import BUILT, CONST, OPAQUE, Value
from flake8_netns.model.words import dotted_name


class Role(str, enum.Enum):
    """What a parameter becomes in a wrapper's command: the command read
    by a shell, a string split into argv, an argv, or argv items."""

    SHELL = "shell"
    SPLIT = "split"
    ARGV = "argv"
    TAIL = "tail"         # some argv items (`execute('ip', *args)`)
    ELEMENT = "element"   # one argv item


ELEMENT, TAIL = Role.ELEMENT, Role.TAIL
# how a runner that joins its argv (`execute(*cmd, shell=True)`) builds
# the command line: each parameter in it is passed on unchanged
JOINED = "the joined arguments"


# NamedTuples, not dataclasses: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class ShellSwitch(NamedTuple):
    """The parameter (or `**kwargs` key) that turns a wrapper's shell on."""

    name: str
    position: int | None      # index among positional parameters, if any
    default_true: bool = False


class ParamMode(NamedTuple):
    kind: str                          # SHELL, SPLIT, ARGV, ELEMENT or TAIL
    switch: ShellSwitch | None = None  # shell only when this is passed true
    otherwise: str = SPLIT             # the kind when the switch is off
    whole: bool = True                 # the parameter is the whole command,
    #                                    not a part built into it


# a record like the others (a NamedTuple costs nothing to define at import,
# where a dataclass compiles its methods); copied with `_replace`
class FunctionSummary(NamedTuple):
    qualname: str
    positional: tuple[str, ...]        # positional parameter names, in order
    vararg: str | None
    is_method: bool
    modes: tuple[tuple[str, ParamMode], ...] = ()
    runs_command: bool = False
    first_command_line: int = 0


class Use(NamedTuple):
    """One call handing a command to something that runs it."""

    call: ast.Call
    label: str             # "os.system()", "exec_subprocess()"
    kind: str              # SHELL, SPLIT, ARGV, ELEMENT or TAIL
    values: tuple[Value, ...]
    direct: bool           # a runner itself, not a wrapper of the project
    splits_string: bool = False   # an ARGV runner that splits a lone string
    switch: ShellSwitch | None = None   # shell=... given by the caller's own parameter
    otherwise: str = ARGV  # what the command is when that switch is off


class Importer(Protocol):
    """The module analysis asking about another module."""

    filename: str


class ProjectLookup(Protocol):
    """What the model asks of the project's other modules (`modules.py`)."""

    def function(self, importer: Importer, module: str, level: int,
                 name: str) -> FunctionSummary | None: ...

    def summaries_if_read(self, importer: Importer, module: str,
                          level: int) -> Mapping[str, FunctionSummary] | None: ...

    def method(self, importer: Importer, module: str, level: int, class_name: str,
               attr: str) -> FunctionSummary | None: ...

    def module_exists(self, importer_file: str, module: str) -> bool: ...

    def names_runner(self, importer_file: str, module: str, level: int) -> bool: ...


def empty_summary(qualname: str) -> FunctionSummary:
    return FunctionSummary(qualname, (), None, False)


def bare_summary(function: FunctionInfo) -> FunctionSummary:
    args = function.node.args
    positional = tuple(a.arg for a in [*args.posonlyargs, *args.args])
    is_method = function.class_name is not None and not function.is_static
    return FunctionSummary(function.qualname, positional,
                           args.vararg.arg if args.vararg else None, is_method)


def arguments_for(call: ast.Call, summary: FunctionSummary, param: str,
                  bound: dict[str, ast.expr], skip: int) -> list[ast.expr]:
    positional = list(summary.positional)[skip:]
    if param == summary.vararg:
        return list(call.args[len(positional):])
    for keyword in call.keywords:
        if keyword.arg == param:
            return [keyword.value]
    if param in bound:
        return [bound[param]]
    if param in positional:
        index = positional.index(param)
        if index < len(call.args) and not any(
                isinstance(a, ast.Starred) for a in call.args[:index + 1]):
            return [call.args[index]]
    return []


def switch_value(call: ast.Call, summary: FunctionSummary, switch: ShellSwitch,
                 bound: dict[str, ast.expr], skip: int) -> bool | None:
    """True/False when the call passes a literal (or leaves the default);
    None when it passes something that is not a literal."""
    args = arguments_for(call, summary, switch.name, bound, skip)
    if not args:
        if any(k.arg is None for k in call.keywords):
            return None
        return switch.default_true
    value = args[0]
    if isinstance(value, ast.Constant):
        return bool(value.value)
    return None


_RANKS = {SHELL: 0, SPLIT: 1, ARGV: 2, TAIL: 3, ELEMENT: 4}


def rank(mode: ParamMode) -> float:
    return _RANKS.get(mode.kind, 9) - (0.5 if mode.switch else 0)


def joined_argv(argv: Value, node: ast.AST | None) -> Value:
    """The command line a shell reads when a runner joins its argv with
    spaces (`processutils.execute(*cmd, shell=True)`)."""
    parts = [*(argv.items or ()), *argv.tails]
    if len(parts) == 1 and not parts[0].is_sequence:
        return parts[0]   # one argument: the command line is that argument
    variable = [p for p in parts if p.kind != CONST]
    if not variable:
        texts = [p.text for p in parts]
        text = " ".join(t for t in texts if t is not None) if None not in texts else None
        return Value(CONST, text=text, node=node)
    names: list[str] = []
    for part in variable:
        written = dotted_name(part.node) if part.node is not None else None
        names.extend(part.names or ((written,) if written else ()))
    params: frozenset[str] = frozenset()
    for part in parts:
        params |= part.params
    return Value(BUILT, how=JOINED, names=tuple(dict.fromkeys(names))[:4],
                 mixes_text=len(parts) > 1, params=params, node=variable[0].node or node)


def shell_command(value: Value) -> Value | None:
    """What a shell reads as its command: the string itself, the first item
    of an argv given with shell=True, the item after `sh -c`/`su -c`, or the
    words after the host of `ssh HOST CMD...` joined."""
    items = value.items
    if items is None:
        return value
    span = sinks_mod.shell_command_span(argv_texts(value))
    if span is None:
        if not items and value.tails:
            return joined_argv(value, value.node)   # `(*cmd, shell=True)`: joined
        return items[0] if items else None
    start, end = span
    if end - start == 1:
        return items[start]
    remote = Value(OPAQUE, items=tuple(items[start:end]), node=items[start].node)
    return joined_argv(remote, items[start].node or value.node)


def argv_texts(value: Value) -> list[str | None]:
    """Each argv item's constant text (None where not constant), with the
    user's shell (`os.environ['SHELL']`, `os.getenv('SHELL')`) marked."""
    texts = []
    for item in value.items or ():
        if item.kind == CONST:
            texts.append(item.text)
        else:
            texts.append(sinks_mod.SHELL_VARIABLE if _is_shell_variable(item.node) else None)
    return texts


def _is_shell_variable(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Subscript):
        key = node.slice
        return (dotted_name(node.value) in ("os.environ", "environ")
                and isinstance(key, ast.Constant) and key.value == "SHELL")
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        return (dotted_name(node.func) in ("os.environ.get", "environ.get", "os.getenv", "getenv")
                and isinstance(first, ast.Constant) and first.value == "SHELL")
    return False


def param_modes(use: Use, params: set[str]) -> Iterator[tuple[str, ParamMode]]:
    """What a use inside a function makes of that function's parameters."""
    for given in use.values:
        kind = use.kind
        command = shell_command(given) if kind == SHELL else given
        if command is None:
            continue
        value = command
        if use.switch is not None and kind in (ARGV, TAIL) and value.items is not None:
            # a shell only when the caller's `shell=` says so (**kwargs)
            for item in value.items:
                if item.whole_param in params:
                    yield item.whole_param, ParamMode(SHELL, use.switch, ELEMENT, False)
            for tail in value.tails:
                if tail.whole_param in params:
                    yield tail.whole_param, ParamMode(SHELL, use.switch, TAIL, False)
        elif use.switch is not None and not use.direct:
            kind = SHELL
        if kind in (SHELL, SPLIT) or (kind == ARGV and (value.split or (
                use.splits_string and not value.is_sequence and value.kind == BUILT))):
            mode_kind = SHELL if kind == SHELL else SPLIT
            for param in value.params & params:
                whole = value.whole_param == param
                if not whole and value.kind == BUILT and value.how != JOINED:
                    # `'test -f %s' % path`: the function builds its own
                    # command (its finding is here); a parameter spliced into
                    # it is no command of its callers (RULES.md: a wrapper
                    # passes a parameter unchanged or split)
                    continue
                if use.switch is not None and mode_kind == SHELL:
                    yield param, ParamMode(SHELL, use.switch, use.otherwise, whole)
                else:
                    yield param, ParamMode(mode_kind, whole=whole)
            continue
        if kind in (ARGV, TAIL, ELEMENT):
            if value.items is not None:
                span = sinks_mod.shell_command_span(argv_texts(value))
                for position, item in enumerate(value.items):
                    if item.whole_param in params:
                        in_shell = span is not None and span[0] <= position < span[1]
                        alone = span is not None and span[1] - span[0] == 1
                        yield item.whole_param, ParamMode(SHELL if in_shell else ELEMENT,
                                                          whole=in_shell and alone)
                for tail in value.tails:
                    if tail.whole_param in params:
                        # ['pfctl'] + shlex.split(args): split, then spliced in
                        yield tail.whole_param, ParamMode(SPLIT if tail.split else TAIL)
            elif value.whole_param in params:
                # a parameter passed on whole as a wrapper's argv, argv
                # items or one item is that to this function's callers too
                if use.splits_string or kind in (ARGV, TAIL, ELEMENT):
                    yield value.whole_param, ParamMode(kind)
