"""One small source file per code under eval_files/; each line that must be
reported says so in a comment at its end, and every other line must stay
silent. Checked through the checker API and through a real flake8 run
(marked slow), with every opt-in code of the code table selected.

The comment (in the manner of flake8-bugbear's eval files, which give a
code's column the same way):

    # expect: ITEM[, ITEM ...]
    ITEM = CODE[:COL] [FIELD=VALUE ...]

- CODE is a code of the table in flake8_netns/codes.py. Several items may
  name the same code (two findings on one line).
- COL is the 0-based column, as the checker API reports it and as the AST's
  `col_offset` counts (flake8 prints one more; bugbear counts from 0 too).
- FIELD=VALUE checks the message: FIELD is a placeholder of the code's
  message template in the table (`names`, `sink`, `caught`, ...), and the
  check passes when VALUE occurs in the text that filled that placeholder in
  the finding's message (`names=dev` passes for "... built from 'dev' with
  ..."). VALUE is one word with no space, comma or double quote, or a
  double-quoted string that may hold them (`\\"` and `\\\\` inside it stand
  for `"` and `\\`).

How a line's findings of one code are compared with its items: when no item
of that code gives a column (`# expect: NS101`, the original form), the line
must have at least one finding of the code and each item's fields must occur
in one of them; when any item gives a column, the findings of the code on
that line pair off one to one with the items, each matching its column (when
given) and its fields. A malformed comment, an unknown code or a field the
template does not have fails the file.

A file may start with `# flake8-args: ARGS` to run with extra options.
"""
from __future__ import annotations

import dataclasses
import itertools
import pathlib
import re
import shlex
import string
from collections import defaultdict
from typing import Iterable

import pytest

import flake8_netns.codes as code_table
from flake8_netns.codes import Finding
from tests.helpers import api_results, flake8_results, opt_in_args

EVAL_DIR = pathlib.Path(__file__).parent / "eval_files"
FILES = sorted(EVAL_DIR.glob("*.py"))
# NS001 is the plugin's own failure: no eval file can show it on purpose
NOT_A_RULE = {"NS001"}

_MARK = re.compile(r"#\s*expect:(.*)$")
_ITEM = re.compile(r"\s*(NS\d{3})(?::(\d+))?")
_FIELD = re.compile(r'\s+([a-z_]+)=("(?:[^"\\]|\\.)*"|[^\s,"]+)')
_SEPARATOR = re.compile(r"\s*(,|$)")


class ExpectError(ValueError):
    """An `# expect:` comment the runner cannot read."""


@dataclasses.dataclass(frozen=True)
class Expected:
    line: int
    code: str
    col: int | None = None
    fields: tuple[tuple[str, str], ...] = ()


def template_fields(code: str) -> list[str]:
    """The placeholders of `code`'s message template, in order."""
    template = code_table.CODES[code].template
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def parse_expect(text: str, line: int) -> list[Expected]:
    """The items of the `# expect:` comment on `text` (source line `line`)."""
    mark = _MARK.search(text)
    if mark is None:
        return []
    rest, items = mark.group(1), []
    while True:
        item = _ITEM.match(rest)
        if item is None:
            raise ExpectError(f"line {line}: no code at {rest.strip()!r}")
        code, col = item.group(1), item.group(2)
        if code not in code_table.CODES:
            raise ExpectError(f"line {line}: {code} is not in the code table")
        fields, rest = [], rest[item.end():]
        while field := _FIELD.match(rest):
            name, value = field.group(1), field.group(2)
            if name not in template_fields(code):
                raise ExpectError(f"line {line}: {code}'s message has no "
                                  f"field {name!r} ({template_fields(code)})")
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            fields.append((name, value))
            rest = rest[field.end():]
        items.append(Expected(line, code, None if col is None else int(col),
                              tuple(fields)))
        separator = _SEPARATOR.match(rest)
        if separator is None:
            raise ExpectError(f"line {line}: cannot read {rest.strip()!r}")
        if separator.group(1) == "":
            return items
        rest = rest[separator.end():]


def expected_in(source: str) -> list[Expected]:
    return [item for number, text in enumerate(source.splitlines(), start=1)
            for item in parse_expect(text, number)]


def message_fields(finding: Finding) -> dict[str, str] | None:
    """What filled each placeholder of the finding's message, or None when
    the message does not read as its code's template. A placeholder's text is
    the shortest that lets the rest of the message match."""
    template = f"{finding.code} {code_table.CODES[finding.code].template}"
    pattern, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(template):
        pattern.append(re.escape(literal))
        if name:
            pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
    match = re.fullmatch("".join(pattern), finding.text, re.DOTALL)
    return match.groupdict() if match else None


def satisfies(item: Expected, finding: Finding) -> bool:
    if item.col is not None and item.col != finding.col:
        return False
    if not item.fields:
        return True
    filled = message_fields(finding)
    return filled is not None and all(value in filled[name]
                                      for name, value in item.fields)


def _pair_off(items: list[Expected], found: list[Finding]) -> bool:
    """One finding per item and one item per finding (a line holds a few)."""
    return len(items) == len(found) and any(
        all(satisfies(i, f) for i, f in zip(items, order))
        for order in itertools.permutations(found))


def mismatches(expected: Iterable[Expected],
               found: Iterable[Finding]) -> list[str]:
    """What differs between a file's `# expect:` items and its findings, one
    line of text each; [] when the findings are what the file expects."""
    items: dict[tuple[int, str], list[Expected]] = defaultdict(list)
    findings: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for item in expected:
        items[item.line, item.code].append(item)
    for finding in found:
        findings[finding.line, finding.code].append(finding)
    problems = []
    for key in sorted(set(items) | set(findings)):
        want, got = items.get(key, []), findings.get(key, [])
        if any(item.col is not None for item in want):
            ok = _pair_off(want, got)
        else:
            ok = bool(want) and bool(got) and all(
                any(satisfies(item, f) for f in got) for item in want)
        if not ok:
            shown = [f"{f.col}: {f.text}" for f in got] or "nothing"
            problems.append(f"line {key[0]} {key[1]}: expected "
                            f"{[_shown(i) for i in want] or 'nothing'}, "
                            f"reported {shown}")
    return problems


def _shown(item: Expected) -> str:
    col = "" if item.col is None else f":{item.col}"
    return item.code + col + "".join(f" {n}={v!r}" for n, v in item.fields)


def extra_args(source: str) -> list[str]:
    first = source.splitlines()[0] if source else ""
    if first.startswith("# flake8-args:"):
        return shlex.split(first.split(":", 1)[1])
    return []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_checker_api(path):
    source = path.read_text()
    got = api_results(source, *opt_in_args(), *extra_args(source),
                      filename=str(path))
    assert mismatches(expected_in(source), got) == []


# one flake8 process per file; the checker API above sees the same findings
# in-process, so the quick loop (`-m "not slow"`) keeps only that one
@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_flake8(path):
    source = path.read_text()
    got = flake8_results(source, *opt_in_args(), *extra_args(source),
                         display_name=str(path))
    assert mismatches(expected_in(source), got) == []


def rules_without_eval_file() -> list[str]:
    """Codes of the table that no eval file expects: adding a code means
    adding its eval file."""
    shown = {item.code for path in FILES for item in expected_in(path.read_text())}
    return [code for code in code_table.CODES
            if code not in shown and code not in NOT_A_RULE]


def test_every_rule_has_an_eval_file():
    assert rules_without_eval_file() == []


# -- the comparison itself ----------------------------------------------------

NS201 = ("NS201 bare 'except:' around subprocess.check_call() at line 11: "
         "catch the command's own error (e.g. ProcessExecutionError, OSError)")


def _finding(col: int = 4, text: str = NS201) -> Finding:
    return Finding(12, col, "NS201", text)


@pytest.mark.parametrize("comment, ok", [
    ("# expect: NS201", True),
    ("# expect: NS201:4", True),
    ("# expect: NS201:5", False),                       # wrong column
    ("# expect: NS201:4 call=subprocess.check_call", True),
    ("# expect: NS201 call=check_call at=11", True),
    ("# expect: NS201:4 call=os.system", False),        # wrong field value
    ("# expect: NS201 at=12", False),                   # value in another field
    ('# expect: NS201 call="subprocess.check_call()"', True),
    ("# expect: NS201:4, NS201:4", False),              # two expected, one found
    ("# expect: NS201, NS202", False),                  # NS202 not reported
    ("# expect: NS202", False),
    ("", False),                                        # reported, not expected
])
def test_mismatches_checks_column_and_fields(comment, ok):
    problems = mismatches(parse_expect(comment, 12), [_finding()])
    assert (problems == []) is ok, problems


def test_columns_pair_off_findings_one_to_one():
    found = [_finding(4), _finding(20)]
    assert mismatches(parse_expect("# expect: NS201:20, NS201:4", 12), found) == []
    assert mismatches(parse_expect("# expect: NS201", 12), found) == []
    assert mismatches(parse_expect("# expect: NS201:4", 12), found) != []
    assert mismatches(parse_expect("# expect: NS201:4, NS201:4", 12), found) != []


def test_parse_expect_reads_codes_columns_and_quoted_fields():
    comment = 'x = 1  # expect: NS101:8 names=dev sink="os.system, \\"q\\"", NS103'
    assert parse_expect(comment, 3) == [
        Expected(3, "NS101", 8, (("names", "dev"), ("sink", 'os.system, "q"'))),
        Expected(3, "NS103")]


@pytest.mark.parametrize("comment", [
    "# expect: NS999",            # not a code of the table
    "# expect: NS101:x",
    "# expect: NS101 dev=x",      # not a field of NS101's message
    "# expect: NS101 names=",
    "# expect: NS101; NS102",
    "# expect: ",
])
def test_parse_expect_rejects_what_it_cannot_check(comment):
    with pytest.raises(ExpectError):
        parse_expect(comment, 1)


def test_message_fields_split_a_message_by_its_template():
    assert message_fields(_finding()) == {
        "call": "subprocess.check_call()", "at": "11"}
    assert message_fields(_finding(text="NS201 something else")) is None
