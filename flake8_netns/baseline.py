"""Adopting the plugin on an old tree: hide the findings it already had.

A baseline file records each finding by path, code and the stripped text of
the reported line, with how often that triple occurs. Line numbers are left
out on purpose, so a recorded finding stays hidden when code above it is
added or removed; a finding whose line is new, or one more occurrence of a
recorded line, still shows.

Paths are stored relative to the baseline file's directory, so the same
file works whether flake8 runs from the top of the tree, from a
subdirectory, or from an editor that checks stdin under a display name.
"""
from __future__ import annotations

import collections
import dataclasses
import json
import os
import subprocess
import sys
import tokenize
from typing import IO, Iterable, Mapping, Sequence

from flake8_netns.codes import Finding
from flake8_netns.settings import SettingsError

FORMAT = "flake8-netns-baseline"
VERSION = 1
OPTION = "--netns-baseline"

Key = tuple[str, str, str]  # path, code, stripped line text


def line_text(lines: Sequence[str], number: int) -> str:
    if 1 <= number <= len(lines):
        return lines[number - 1].strip()
    return ""


def relative_path(filename: str, root: str) -> str:
    absolute = os.path.abspath(filename)
    try:
        path = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        path = absolute
    return path.replace(os.sep, "/")


@dataclasses.dataclass(frozen=True)
class Baseline:
    root: str = ""
    counts: Mapping[Key, int] = dataclasses.field(default_factory=dict)
    paths: frozenset[str] = frozenset()

    @classmethod
    def load(cls, filename: str) -> "Baseline":
        """Read a baseline file; '' means none. Raise `SettingsError`."""
        if not filename:
            return EMPTY
        try:
            with open(filename, encoding="utf-8") as handle:
                data = json.load(handle)
            counts = _counts(data)
        except (OSError, ValueError, RecursionError) as exc:
            raise SettingsError(OPTION, f"{filename}: {exc}") from None
        return cls(os.path.dirname(os.path.abspath(filename)), counts,
                   frozenset(path for path, _, _ in counts))

    def filter(self, filename: str, lines: Sequence[str],
               findings: Iterable[Finding]) -> list[Finding]:
        """The findings not recorded; the first N occurrences of a recorded
        (code, line text) are the recorded ones."""
        findings = list(findings)
        if not self.paths:
            return findings
        path = relative_path(filename, self.root)
        if path not in self.paths:
            return findings
        seen: collections.Counter[Key] = collections.Counter()
        kept = []
        for found in sorted(findings):
            key = (path, found.code, line_text(lines, found.line))
            seen[key] += 1
            if seen[key] > self.counts.get(key, 0):
                kept.append(found)
        return kept


EMPTY = Baseline()


def _counts(data: object) -> dict[Key, int]:
    if not isinstance(data, dict) or data.get(FORMAT) != VERSION:
        raise ValueError(f"not a version {VERSION} {FORMAT} file "
                         f"(write one with: python -m flake8_netns baseline)")
    entries = data.get("findings", [])
    if not isinstance(entries, list):
        raise ValueError("'findings' is not a list")
    counts: dict[Key, int] = {}
    for entry in entries:
        try:
            key = (str(entry["path"]), str(entry["code"]), str(entry["line"]))
            count = int(entry.get("count", 1))
        except (TypeError, KeyError, AttributeError, ValueError):
            raise ValueError(f"bad entry {entry!r}") from None
        counts[key] = counts.get(key, 0) + count
    return counts


def dump(counts: Mapping[Key, int], handle: IO[str]) -> None:
    # one finding a line, so a reviewer reads a baseline change as a diff
    entries = ",".join(
        "\n  " + json.dumps({"path": path, "code": code, "line": text,
                             "count": count}, ensure_ascii=False)
        for (path, code, text), count in sorted(counts.items()))
    handle.write(f'{{"{FORMAT}": {VERSION}, "findings": [{entries}\n]}}\n')


# The writer: run flake8 the way the user runs it (their config, their
# excludes), with only NS codes and without the current baseline, and key
# each finding by the text of its line.

_FIELDS = "%(path)s\t%(row)d\t%(code)s"


class Flake8Failed(RuntimeError):
    pass


def collect(paths: Sequence[str], root: str,
            flake8_args: Sequence[str] = ()) -> dict[Key, int]:
    command = [sys.executable, "-m", "flake8", "--select", "NS",
               f"{OPTION}=", *flake8_args, "--format", _FIELDS,
               *(paths or ["."])]
    run = subprocess.run(command, capture_output=True, text=True)
    # flake8 exits 1 both for findings and for a bad option: only the first
    # prints findings
    if run.returncode not in (0, 1) or (run.returncode and not run.stdout):
        raise Flake8Failed(run.stderr.strip() or f"flake8 exited with "
                                                 f"{run.returncode}")
    counts: collections.Counter[Key] = collections.Counter()
    files: dict[str, list[str]] = {}
    for row in run.stdout.splitlines():
        try:
            path, number, code = row.rsplit("\t", 2)
            number_int = int(number)
        except ValueError:
            continue
        if path not in files:
            files[path] = _read_lines(path)
        counts[(relative_path(path, root), code,
                line_text(files[path], number_int))] += 1
    return dict(counts)


def _read_lines(path: str) -> list[str]:
    try:
        with tokenize.open(path) as handle:
            return handle.readlines()
    except (OSError, SyntaxError, UnicodeDecodeError):
        try:
            with open(path, encoding="latin-1") as handle:
                return handle.readlines()
        except OSError:
            return []
