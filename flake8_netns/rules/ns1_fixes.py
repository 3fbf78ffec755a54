"""What an NS1 message tells the user to write instead.

When a command string is a %-format, `str.format`, f-string or `+` chain
whose values stand as whole words (`"ip link set %s up" % dev`), the
argument list it stands for can be written out: `["ip", "link", "set", dev,
"up"]`. The message then shows the call to write; otherwise it gives the
generic advice. A word that mixes a value into text (`root@%s`), a word a
shell would read differently from a list item (quotes, `|`, `>`, `$`), or a
value that is itself a built string makes the list unknowable: no argv.
"""
from __future__ import annotations

import ast
import json
import re
import shlex
import string
from typing import NamedTuple, Union

from flake8_netns.analysis.flow import plus_chain
from flake8_netns.model.values import BUILT, CONST, Evaluator
from flake8_netns.model.words import dotted_name
from flake8_netns.rules.ns1_text import ELLIPSIS
from flake8_netns.settings import compiled_regex

SUGGESTION_LIMIT = 120
GENERIC_SHELL = ("pass an argument list without a shell, or quote each value "
                 "with shlex.quote()")
REMOTE_SHELL = "quote each value with shlex.quote() (a remote shell reads it)"
REMOTE_CONSTANT = "keep it free of shell syntax (a remote shell reads it)"
GENERIC_SPLIT = "build the argument list item by item"
GENERIC_CONSTANT = "pass an argument list without a shell"

# a word that means the same as a list item and as shell input (these
# patterns are compiled for the first message: most files have none)
_PLAIN_WORD = r"[\w@%+=:,./-]+"
# linear on hostile text: a width never starts with 0 (that is a flag) and
# a key stops at the next `%`, so no two repeats can share characters
_PERCENT = (
    r"%(?:\((?P<key>[^)%]*)\))?"
    r"(?P<spec>[-#0 +]*(?:[1-9]\d*|\*)?(?:\.(?:\d+|\*))?)(?P<conv>[a-zA-Z%])")
_NUMBER_CONVERSIONS = set("diu")
# commands only a shell has (no program of that name to run from a list)
_SHELL_ONLY = frozenset({"cd", "export", "source", ".", "ulimit", "umask", "set", "exec",
                         "eval", "enable", "alias", "trap", "type", "command", "hash",
                         "read", "wait", "shopt", "declare", "local", "unset", "builtin"})
_QUOTERS = {"shlex.quote", "pipes.quote", "quote"}
# runners that take the argv as their first argument, as written
_ARGV_RUNNERS = {"run", "call", "check_call", "check_output", "Popen"}
# shell-only runners and what replaces them
_REPLACEMENTS = {
    "system": "subprocess.run({argv}, check=True)",
    "popen": "subprocess.run({argv}, capture_output=True, text=True)",
    "getoutput": "subprocess.run({argv}, capture_output=True, text=True)",
    "getstatusoutput": "subprocess.run({argv}, capture_output=True, text=True)",
}
_REMOTE = {"ssh_execute", "exec_command"}


# a NamedTuple, not a dataclass: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class Slot(NamedTuple):
    """A value standing in a command string."""

    node: ast.expr
    number: bool = False   # a %d-style placeholder: the item is str(value)


Piece = Union[str, Slot]


# -- the argv a command string stands for -----------------------------------
def built_argv(node: ast.AST | None, evaluator: Evaluator,
               constant_ok: bool = False) -> list[str] | None:
    """The argv items (as source) the built string `node` stands for; with
    `constant_ok`, also when no value but a number stands in it."""
    pieces = resolved_pieces(node, evaluator)
    return None if pieces is None else _words(pieces, constant_ok)


def holds_number(node: ast.AST | None, evaluator: Evaluator) -> bool:
    """A number stands in the command string `node` (`"kill %d" % pid`):
    the model's text of it is a stand-in, not what runs."""
    pieces = resolved_pieces(node, evaluator)
    return pieces is not None and any(isinstance(p, Slot) and p.number for p in pieces)


def resolved_pieces(node: ast.AST | None, evaluator: Evaluator) -> list[Piece] | None:
    """The command's constant text and values in order, a constant value's
    text put in place; None when the list it stands for cannot be known."""
    parts = _pieces(node)
    if parts is None:
        return None
    resolved: list[Piece] = []
    for part in parts:
        inner = part if isinstance(part, str) else _resolve(part, evaluator)
        if inner is None:
            return None
        resolved.append(inner)
    return resolved


def constant_argv(text: str | None) -> list[str] | None:
    """The argv items of a constant command line (no shell feature in it)."""
    if not text:
        return None
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or words[0] in _SHELL_ONLY or any(w.startswith("%") for w in words):
        return None   # a builtin, or a job (`kill %ping`): only that shell knows it
    return [json.dumps(word, ensure_ascii=False) for word in words]


def _pieces(node: ast.AST | None) -> list[Piece] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            return _percent(node.left.value, node.right)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _plus(node)
    elif isinstance(node, ast.JoinedStr):
        return _fstring(node)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
          and isinstance(node.func.value.value, str)):
        return _format(node.func.value.value, node)
    return None


def _percent(template: str, right: ast.expr) -> list[Piece] | None:
    fields = list(compiled_regex(_PERCENT).finditer(template))
    named = {}
    if any(f.group("key") is not None for f in fields):
        if not isinstance(right, ast.Dict):
            return None
        named = {k.value: v for k, v in zip(right.keys, right.values)
                 if isinstance(k, ast.Constant)}
    operands = list(right.elts) if isinstance(right, ast.Tuple) else [right]
    pieces: list[Piece] = []
    position = 0
    used = 0
    for field in fields:
        pieces.append(template[position:field.start()])
        position = field.end()
        conversion, key = field.group("conv"), field.group("key")
        if conversion == "%" and key is None and not field.group("spec"):
            pieces.append("%")
            continue
        if field.group("spec") or conversion not in _NUMBER_CONVERSIONS | {"s"}:
            return None
        if key is not None:
            operand = named.get(key)
        else:
            operand = operands[used] if used < len(operands) else None
            used += 1
        if operand is None or isinstance(operand, ast.Starred):
            return None
        pieces.append(Slot(operand, conversion in _NUMBER_CONVERSIONS))
    if not named and used != len(operands):
        return None
    pieces.append(template[position:])
    return pieces


def _format(template: str, call: ast.Call) -> list[Piece] | None:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    pieces: list[Piece] = []
    automatic = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, field, spec, conversion in parsed:
        pieces.append(literal)
        if field is None:
            continue
        if conversion is not None or spec not in ("", "d"):
            return None
        if field == "":
            index, automatic = automatic, automatic + 1
            operand = call.args[index] if index < len(call.args) else None
        elif field.isdigit():
            operand = call.args[int(field)] if int(field) < len(call.args) else None
        else:
            operand = keywords.get(field)
        if operand is None:
            return None
        pieces.append(Slot(operand, spec == "d"))
    return pieces


def _fstring(node: ast.JoinedStr) -> list[Piece] | None:
    pieces: list[Piece] = []
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            pieces.append(part.value)
        elif isinstance(part, ast.FormattedValue) and part.conversion == -1:
            spec = part.format_spec
            if spec is None:
                pieces.append(Slot(part.value))
            elif (isinstance(spec, ast.JoinedStr) and len(spec.values) == 1
                  and isinstance(spec.values[0], ast.Constant)
                  and spec.values[0].value == "d"):
                pieces.append(Slot(part.value, number=True))
            else:
                return None
        else:
            return None
    return pieces


def _plus(node: ast.BinOp) -> list[Piece] | None:
    pieces: list[Piece] = []
    for operand in plus_chain(node):
        if isinstance(operand, ast.Constant):
            if not isinstance(operand.value, str):
                return None
            pieces.append(operand.value)
        else:
            pieces.append(Slot(operand))
    return pieces


def _resolve(slot: Slot, evaluator: Evaluator) -> Piece | None:
    """A value stays one item unless it is a constant (then its text joins
    the words around it); a value that is itself built has words of its own
    that the list cannot show: None."""
    node = _unquoted(slot.node)
    if isinstance(node, ast.Constant):
        return str(node.value)
    values = evaluator.values(node)
    if not values or any(v.kind == BUILT or v.is_sequence for v in values):
        return None
    if all(v.kind == CONST and getattr(v, "number", False) for v in values):
        return Slot(node, number=True)   # an item is a string: str(value)
    texts = {v.text for v in values}
    if all(v.kind == CONST for v in values) and len(texts) == 1 and None not in texts:
        return texts.pop()
    return slot._replace(node=node)


def _unquoted(node: ast.expr) -> ast.expr:
    """`shlex.quote(dev)` is `dev` as a list item: no shell reads it."""
    if (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
            and dotted_name(node.func) in _QUOTERS):
        return node.args[0]
    return node


def _words(pieces: list[Piece], constant_ok: bool = False) -> list[str] | None:
    words: list[list[Piece]] = [[]]
    for piece in pieces:
        if isinstance(piece, Slot):
            words[-1].append(piece)
            continue
        for part in re.split(r"(\s+)", piece):
            if not part:
                continue
            if part.isspace():
                words.append([])
            else:
                words[-1].append(part)
    items = []
    for word in (w for w in words if w):
        if len(word) == 1 and isinstance(word[0], Slot):
            source = ast.unparse(word[0].node)
            items.append(f"str({source})" if word[0].number else source)
        elif all(isinstance(p, str) for p in word):
            text = "".join(word)   # type: ignore[arg-type]
            if not compiled_regex(_PLAIN_WORD).fullmatch(text):
                return None
            items.append(f'"{text}"')
        else:
            return None   # a value glued to text (`root@%s`): no whole item
    if not constant_ok and all(item.startswith('"') for item in items):
        return None   # no value stands as a word: nothing to show
    if items and items[0].strip('"') in _SHELL_ONLY:
        return None   # `type {tool}`: only a shell runs it
    return items


# -- the sentence -------------------------------------------------------------
def argv_list(items: list[str], room: int, brackets: bool = True) -> str:
    """`["ip", "link", dev]`, cut at an item with `…` to fit `room`."""
    def shown(kept: list[str]) -> str:
        joined = ", ".join(kept)
        return f"[{joined}]" if brackets else joined

    if len(shown(items)) <= room:
        return shown(items)
    kept: list[str] = []
    for item in items:
        if len(shown([*kept, item, ELLIPSIS])) > room:
            break
        kept.append(item)
    return shown([*kept, ELLIPSIS])


def _fill(template: str, items: list[str], brackets: bool = True) -> str:
    """`template` with its `{argv}` filled, the whole at most
    SUGGESTION_LIMIT characters (items may hold braces: no str.format)."""
    room = SUGGESTION_LIMIT - len(template.replace("{argv}", ""))
    return template.replace("{argv}", argv_list(items, max(room, 20), brackets))


def shell_fix(callee: str, direct: bool, items: list[str] | None,
              prefix: list[str] | None, argv_form: bool,
              generic: str = GENERIC_SHELL) -> str:
    """What to write for a command a shell reads: the runner without a shell
    and the argv, when both are known. `prefix` holds the argv items before
    `sh -c` (None when they cannot be shown); `argv_form` says the runner
    already takes a list (`shell=True`, or a shell inside the argv)."""
    if items is None or prefix is None:
        return generic
    items = [*prefix, *items]
    last = callee.rsplit(".", 1)[-1]
    if direct and last in _ARGV_RUNNERS and argv_form:
        return _fill("write " + callee + "({argv})", items)
    if direct and not argv_form and last in _REPLACEMENTS:
        return _fill("write " + _REPLACEMENTS[last], items)
    if direct and not argv_form and last == "create_subprocess_shell":
        call = callee[: -len("shell")] + "exec"
        return _fill("write " + call + "({argv})", items, brackets=False)
    return _fill("run {argv} without a shell", items)


def split_fix(callee: str, direct: bool, splitter: bool, items: list[str] | None) -> str:
    """What to write for a built string split into an argv: the list, or
    for a wrapper of the project that splits its parameter, the list it
    should be given instead of a string."""
    if items is None:
        return GENERIC_SPLIT
    if not direct:
        return _fill(GENERIC_SPLIT + ", as {argv}", items)
    if splitter and len(items) > 1:
        # pexpect.spawn(command, args)
        return _fill(f"write {callee}({items[0]}, " + "{argv})", items[1:])
    return _fill("write {argv}", items)


def is_remote(callee: str) -> bool:
    return callee.rsplit(".", 1)[-1] in _REMOTE
