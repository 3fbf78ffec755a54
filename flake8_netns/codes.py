"""The one table of flake8-netns codes and their messages.

Every finding the plugin reports is made here, so a message's wording and a
code's default state live in exactly one place.
"""
from __future__ import annotations

from typing import NamedTuple


# NamedTuples, not dataclasses: a dataclass compiles its methods at import,
# a cost every flake8 run would pay
class Code(NamedTuple):
    code: str
    default_on: bool
    title: str
    template: str
    # the CWE ids its page names (CWE-78 is 78); SARIF tags results with them
    cwes: tuple[int, ...] = ()

    def message(self, **fields: object) -> str:
        return f"{self.code} {self.template.format(**fields)}"


_TABLE = (
    Code("NS001", True, "the plugin could not check a file",
         "flake8-netns could not check this file: {error}; "
         "please report it with the file that caused it"),
    Code("NS101", True, "shell command built from values",
         "shell command built from {names} with {how} reaches {sink}: {fix}",
         cwes=(78,)),
    Code("NS102", True, "built command string split into arguments",
         "command string built from {names} with {how} is split into "
         "arguments for {sink}: {fix}",
         cwes=(88,)),
    Code("NS103", False, "argument built by interpolation",
         "argument {element} of {sink} mixes {names} into constant text "
         "with {how}: pass the value as its own argument or check it first",
         cwes=(88,)),
    Code("NS104", True, "shell runs a command it cannot see",
         "{sink} runs {what} through a shell: pass an argument list "
         "without a shell",
         cwes=(78,)),
    Code("NS105", False, "shell not needed",
         "{sink} runs the constant command {command} through a shell it "
         "does not need: {fix}",
         cwes=(78,)),
    Code("NS201", True, "bare except around a command",
         "bare 'except:' around {call} at line {at}: catch the "
         "command's own error (e.g. ProcessExecutionError, OSError)",
         cwes=(396, 390)),
    Code("NS202", True, "broad except swallows a command failure",
         "'except {caught}' around {call} at line {at} swallows the "
         "failure: catch the command's own error, or log at warning or "
         "above, or re-raise",
         cwes=(396, 390)),
    Code("NS203", True, "suppress() hides a command failure",
         "'suppress({caught})' around {call} at line {at} hides every "
         "failure: suppress only the command's own error",
         cwes=(396, 390)),
    Code("NS301", True, "secret passed to a logging call",
         "secret {name} is passed to {logger}: mask it "
         "(e.g. strutils.mask_password) or leave it out",
         cwes=(532,)),
    Code("NS302", True, "value derived from a secret is logged",
         "{name} holds secret {secret} and is passed to {logger}: "
         "mask it or log only what is not secret",
         cwes=(532,)),
    Code("NS303", True, "whole namespace logged",
         "{what} passed to {logger} may hold secrets: log the fields "
         "you need",
         cwes=(532,)),
    Code("NS401", True, "untracked resource TODO",
         "{marker} about {topic} has no tracker reference: add a bug or "
         "issue link (e.g. 'Related-Bug: #1234567')",
         cwes=(772, 546)),
    Code("NS402", False, "untracked TODO",
         "{marker} has no tracker reference: add a bug or issue link",
         cwes=(546,)),
)

CODES: dict[str, Code] = {c.code: c for c in _TABLE}
OPT_IN: tuple[str, ...] = tuple(c.code for c in _TABLE if not c.default_on)


def message(code: str, **fields: object) -> str:
    return CODES[code].message(**fields)


class Finding(NamedTuple):
    """Sorted by line, column, code and text (tuple order)."""

    line: int
    col: int
    code: str
    text: str


def finding(line: int, col: int, code: str, **fields: object) -> Finding:
    return Finding(line, col, code, message(code, **fields))
