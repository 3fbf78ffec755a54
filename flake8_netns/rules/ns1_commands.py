"""NS1: commands built from values and handed to a shell or split into argv.

Each use the command model finds is judged on what its command is made of
(`values.py`): a built string read by a shell is NS101, split into argv
NS102; an argv item that interpolates a value into constant text NS103; a
shell given a command it cannot see NS104, a constant one that needs no
shell NS105. NS101, NS102, NS104 and NS105 are reported at the call (the
one call gets the most specific of them); NS103 at the element, where the
fix goes, even when the list was built lines before the call.
"""
from __future__ import annotations

import ast
import json
import shlex
from typing import Iterable, Iterator, NamedTuple

from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.model.summary import ELEMENT, TAIL, Use, argv_texts, shell_command
from flake8_netns.model.sinks import (ARGV, SHELL, SPLIT, runs_remote_shell,
                                      shell_command_index, shell_command_span,
                                      shell_keyword_true)
from flake8_netns.model.values import BUILT, CONST, OPAQUE, Evaluator, Value
from flake8_netns.rules import ns1_fixes as fixes
from flake8_netns.vocab.calls import SHELLS
from flake8_netns.settings import compiled_regex
from flake8_netns.rules.ns1_text import (how_phrase, name_list, names_in, quoted_text,
                                         source_excerpt)

# when one call could be reported several ways, the most specific wins
_PRECEDENCE = ("NS101", "NS102", "NS104", "NS105")

# RULES.md NS105: a constant command that needs a shell is no finding
_SHELL_CHARACTERS = frozenset("|&;<>*?[~$`(")
_SHELL_BUILTINS = frozenset({"cd", "export", "source", ".", "ulimit", "umask", "set",
                             "exec", "eval", "enable", "alias", "trap"})
_ASSIGNMENT = r"[A-Za-z_][A-Za-z0-9_]*="   # compiled when a constant command is judged
_MODEL_NAMES = 4   # how many names values.py keeps for one built string


# a NamedTuple, not a dataclass: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class _Verdict(NamedTuple):
    code: str
    node: ast.AST | None     # where the offending expression starts
    fields: dict[str, object]


def check(context: FileContext) -> list[Finding]:
    if not context.may_run_commands:
        return []
    per_call: dict[int, list[_Verdict]] = {}
    calls: dict[int, ast.Call] = {}
    for use, function in context.commands.uses():
        calls[id(use.call)] = use.call
        judge = _Judge(use, context.commands.evaluator(function))
        per_call.setdefault(id(use.call), []).extend(judge.verdicts())
    results: dict[tuple[int, int, str], Finding] = {}
    for key, verdicts in per_call.items():
        call_level = [v for v in verdicts if v.code != "NS103"]
        chosen = [v for v in verdicts if v.code == "NS103"]
        if call_level:
            chosen.append(min(call_level, key=lambda v: _PRECEDENCE.index(v.code)))
        for verdict in chosen:
            found = _report(verdict, calls[key])
            # a list built once and run by two calls is one element to fix
            results.setdefault((found.line, found.col, found.code), found)
    return list(results.values())


def _report(verdict: _Verdict, call: ast.Call) -> Finding:
    """NS103 at the element (RULES.md: where the fix goes), wherever the
    list was built; the others at the call that runs the command."""
    node = verdict.node if verdict.code == "NS103" else None
    line = getattr(node, "lineno", None)
    if line is None:
        return finding(call.lineno, call.col_offset, verdict.code, **verdict.fields)
    return finding(line, getattr(node, "col_offset", 0), verdict.code, **verdict.fields)


class _Judge:
    """The verdicts on one use, with the evaluator of the function it is in
    (a message that shows the argv to write looks at the values again)."""

    def __init__(self, use: Use, evaluator: Evaluator) -> None:
        self.use = use
        self.evaluator = evaluator
        self.sink = use.label
        self.callee = use.label[:-2] if use.label.endswith("()") else use.label

    def verdicts(self) -> Iterator[_Verdict]:
        use = self.use
        for value in use.values:
            if use.kind == SHELL:
                yield from self._shell(shell_command(value), value)
            elif use.kind == SPLIT or value.split or (
                    use.kind == ARGV and use.splits_string and not value.is_sequence):
                yield from self._split(value)
            elif use.kind in (ARGV, TAIL) and value.is_sequence:
                yield from self._argv(value)
            elif use.kind == ELEMENT:
                yield from self._elements([value])

    # -- a shell reads the command -----------------------------------------
    def _shell(self, command: Value | None, whole: Value) -> Iterator[_Verdict]:
        if command is None:
            return
        if command.kind == BUILT:
            if getattr(command, "shell_safe", False):
                return   # every value shlex.quote'd: the fix NS101 asks for
            items = fixes.built_argv(command.node, self.evaluator)
            yield _Verdict("NS101", command.node, dict(
                names=_names(command), how=how_phrase(command.how), sink=self.sink,
                fix=self._shell_fix(whole, items, fixes.GENERIC_SHELL)))
        elif command.kind == OPAQUE and (self.use.direct or whole.is_sequence):
            yield _Verdict("NS104", command.node, dict(sink=self.sink, what=_opaque(command)))
        elif command.kind == CONST and not command.is_sequence:
            # a remote command (`ssh HOST CMD`, `exec_command`) is a shell
            # sink too (RULES.md): a constant one is NS105 like any other
            text = _visible_text(command)
            if text is None or needs_shell(text):
                return
            if fixes.holds_number(command.node, self.evaluator):
                # "kill -9 %d" % pid: the model reads the number as a
                # stand-in digit; show and split what is written
                shown = source_excerpt(command.node)
                items = fixes.built_argv(command.node, self.evaluator, constant_ok=True)
            elif command.text is not None:
                shown, items = quoted_text(command.text), fixes.constant_argv(command.text)
            else:
                shown, items = source_excerpt(command.node), None
            yield _Verdict("NS105", command.node, dict(
                sink=self.sink, command=shown,
                fix=self._shell_fix(whole, items, fixes.GENERIC_CONSTANT)))

    def _remote(self, whole: Value) -> bool:
        if whole.is_sequence:
            return runs_remote_shell(argv_texts(whole))
        return fixes.is_remote(self.callee)

    def _shell_fix(self, whole: Value, items: list[str] | None, generic: str) -> str:
        use = self.use
        if self._remote(whole):
            constant = generic == fixes.GENERIC_CONSTANT
            return fixes.REMOTE_CONSTANT if constant else fixes.REMOTE_SHELL
        prefix: list[str] | None = []
        if whole.is_sequence:
            prefix = _shell_prefix(whole)
        return fixes.shell_fix(self.callee, use.direct, items, prefix,
                               argv_form=whole.is_sequence or shell_keyword_true(use.call),
                               generic=generic)

    # -- a string split into an argv ---------------------------------------
    def _split(self, value: Value) -> Iterator[_Verdict]:
        if value.is_sequence:
            yield from self._argv(value)
        elif value.kind == BUILT:
            yield self._ns102(value)
        elif value.kind == CONST and value.text:
            yield from self._split_constant(value, value.text)

    def _ns102(self, value: Value) -> _Verdict:
        items = fixes.built_argv(self._split_source(value), self.evaluator)
        return _Verdict("NS102", value.node, dict(
            names=_names(value), how=how_phrase(value.how), sink=self.sink,
            fix=fixes.split_fix(self.callee, self.use.direct, self.use.kind == SPLIT, items)))

    def _split_source(self, value: Value) -> ast.AST | None:
        """The built string a split value was split from, as written."""
        node = value.node
        if isinstance(node, ast.Call):
            source = _split_receiver(node)
            if source is None:
                return None
            node = source
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            built = [v for v in self.evaluator.values(node) if v.kind == BUILT]
            return built[0].node if len(built) == 1 else None
        return node

    def _split_constant(self, value: Value, text: str) -> Iterator[_Verdict]:
        """`exec_exp("bash -c 'ip link'")`: a constant command line that
        starts a shell once split."""
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.split()
        texts: list[str | None] = list(words)
        index = shell_command_index(texts)
        if index is None:
            return
        command = " ".join(words[index:])
        if needs_shell(command):
            return
        yield _Verdict("NS105", value.node, dict(
            sink=self.sink, command=quoted_text(text),
            fix=fixes.shell_fix(self.callee, False, fixes.constant_argv(words[index]), [],
                                argv_form=False, generic=fixes.GENERIC_CONSTANT)))

    # -- an argument list ----------------------------------------------------
    def _argv(self, value: Value) -> Iterator[_Verdict]:
        span = shell_command_span(argv_texts(value))
        if span is not None:
            yield from self._shell(shell_command(value), value)
        yield from self._elements([item for position, item in enumerate(value.items or ())
                                   if span is None or not span[0] <= position < span[1]])
        for tail in value.tails:
            # processutils.execute(*(template % dev).split()): split, then spliced in
            if tail.split and tail.kind == BUILT:
                yield self._ns102(tail)

    def _elements(self, items: Iterable[Value]) -> Iterator[_Verdict]:
        for item in items:
            if item.kind == BUILT and item.mixes_text:
                # at the element as written (`dev_name` in the list, the
                # wrapper's argument); the message shows the built string
                yield _Verdict("NS103", item.at or item.node, dict(
                    element=_element_text(item), names=_names(item),
                    how=how_phrase(item.how), sink=self.sink))


def needs_shell(command: str) -> bool:
    """RULES.md NS105: the command uses a shell feature (a pipe, a glob, a
    redirect, `$`, a builtin, a `VAR=value` prefix), so a shell is wanted."""
    if _SHELL_CHARACTERS.intersection(command):
        return True
    words = command.split()
    return bool(words) and (words[0] in _SHELL_BUILTINS
                            or bool(compiled_regex(_ASSIGNMENT).match(words[0])))


def _visible_text(command: Value) -> str | None:
    """A constant command's text; when the model knows it only as constant
    (a loop over constants, a number), the string literals written in it,
    in source order. None when no text at all can be seen."""
    if command.text is not None:
        return command.text
    if command.node is None:
        return None
    literals = sorted(((n.lineno, n.col_offset), n.value) for n in ast.walk(command.node)
                      if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return " ".join(text for _, text in literals) or None


def _split_receiver(call: ast.Call) -> ast.AST | None:
    """`x` of `x.split()` / `shlex.split(x)`; None for a split on another
    separator (`x.split(',')`), whose items the list cannot show."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("split", "rsplit"):
        if call.keywords or len(call.args) > 1:
            return None
        if call.args and not (isinstance(call.args[0], ast.Constant)
                              and call.args[0].value in (" ", None)):
            return None
        if isinstance(func.value, ast.Name) and func.value.id == "shlex":
            return call.args[0] if call.args else None
        return func.value
    if isinstance(func, ast.Name) and func.id == "split" and call.args:
        return call.args[0]
    return None


def _shell_prefix(whole: Value) -> list[str] | None:
    """The argv items before `sh -c` (`ip netns exec NS`), as source, when
    the command after `-c` is the argv's last item and a plain shell reads
    it; None when the list without the shell cannot be shown."""
    texts = argv_texts(whole)
    span = shell_command_span(texts)
    items = list(whole.items or ())
    if span is None:
        # shell=True with a list: its first item is the command
        return [] if len(items) == 1 and not whole.tails else None
    start, end = span
    if end != len(items) or whole.tails or start < 2:
        return None
    program = (texts[start - 2] or "").rsplit("/", 1)[-1]
    if program not in SHELLS:
        return None   # su -c, runuser -c, $SHELL: the list would drop the user
    prefix = []
    for item in items[:start - 2]:
        if item.kind == CONST and item.text is not None:
            prefix.append(_quoted_item(item.text))
        elif item.kind == OPAQUE and not item.is_sequence and item.node is not None:
            prefix.append(ast.unparse(item.node))
        else:
            return None
    return prefix


def _quoted_item(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _names(value: Value) -> str:
    """Every value built in, by its source name. The model keeps a few; when
    it kept its most, the rest are read from the expression itself."""
    names = list(value.names)
    if not names or len(names) >= _MODEL_NAMES:
        names = list(dict.fromkeys([*names, *names_in(value.node)]))
    return name_list(names) if names else "a value"


def _opaque(command: Value) -> str:
    if command.whole_param:
        return f"parameter '{command.whole_param}'"
    if command.node is not None:
        shown = source_excerpt(command.node)
        # source that holds strings has quotes of its own: shown as it is
        return shown if "'" in shown or '"' in shown else f"'{shown}'"
    return "a command it cannot see"


def _element_text(item: Value) -> str:
    """The element as its constant text (`'net.ipv4.conf.%s.proxy_arp=1'`)
    when it is a template, else its source, cut."""
    node = item.node
    template = None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        template = node.left
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr == "format"):
        template = node.func.value
    if isinstance(template, ast.Constant) and isinstance(template.value, str):
        return quoted_text(template.value)
    if isinstance(node, ast.AugAssign):
        node = node.target   # opt += ',' + extra: the element is `opt`
    if node is None or isinstance(node, ast.stmt):
        return "built with " + how_phrase(item.how)
    return source_excerpt(node)
