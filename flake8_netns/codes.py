"""The one table of flake8-netns codes and their messages.

Every finding the plugin reports is made here, so a message's wording and a
code's default state live in exactly one place.
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Code:
    code: str
    default_on: bool
    title: str
    template: str

    def message(self, **fields: object) -> str:
        return f"{self.code} {self.template.format(**fields)}"


_TABLE = (
    Code("NS001", True, "the plugin could not check a file",
         "flake8-netns could not check this file: {error}; "
         "please report it with the file that caused it"),
    Code("NS101", True, "shell command built from values",
         "shell command built from {names} with {how} reaches {sink}: {fix}"),
    Code("NS102", True, "built command string split into arguments",
         "command string built from {names} with {how} is split into "
         "arguments for {sink}: {fix}"),
    Code("NS103", False, "argument built by interpolation",
         "argument {element} of {sink} mixes {names} into constant text "
         "with {how}: pass the value as its own argument or check it first"),
    Code("NS104", True, "shell runs a command it cannot see",
         "{sink} runs {what} through a shell: pass an argument list "
         "without a shell"),
    Code("NS105", False, "shell not needed",
         "{sink} runs the constant command {command} through a shell it "
         "does not need: {fix}"),
    Code("NS201", True, "bare except around a command",
         "bare 'except:' around {call} at line {at}: catch the "
         "command's own error (e.g. ProcessExecutionError, OSError)"),
    Code("NS202", True, "broad except swallows a command failure",
         "'except {caught}' around {call} at line {at} swallows the "
         "failure: catch the command's own error, or log at warning or "
         "above, or re-raise"),
    Code("NS203", True, "suppress() hides a command failure",
         "'suppress({caught})' around {call} at line {at} hides every "
         "failure: suppress only the command's own error"),
    Code("NS301", True, "secret passed to a logging call",
         "secret {name} is passed to {logger}: mask it "
         "(e.g. strutils.mask_password) or leave it out"),
    Code("NS302", True, "value derived from a secret is logged",
         "{name} holds secret {secret} and is passed to {logger}: "
         "mask it or log only what is not secret"),
    Code("NS303", True, "whole namespace logged",
         "{what} passed to {logger} may hold secrets: log the fields "
         "you need"),
    Code("NS401", True, "untracked resource TODO",
         "{marker} about {topic} has no tracker reference: add a bug or "
         "issue link (e.g. 'Related-Bug: #1234567')"),
    Code("NS402", False, "untracked TODO",
         "{marker} has no tracker reference: add a bug or issue link"),
)

CODES: dict[str, Code] = {c.code: c for c in _TABLE}
OPT_IN: tuple[str, ...] = tuple(c.code for c in _TABLE if not c.default_on)


def message(code: str, **fields: object) -> str:
    return CODES[code].message(**fields)


@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    line: int
    col: int
    code: str
    text: str


def finding(line: int, col: int, code: str, **fields: object) -> Finding:
    return Finding(line, col, code, message(code, **fields))
