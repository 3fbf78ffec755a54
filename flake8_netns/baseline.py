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
import json
import os
import subprocess
import sys
import tempfile
import tokenize
import types
import urllib.parse
from typing import IO, Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

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


# a NamedTuple, not a dataclass: every flake8 run imports this module, and a
# dataclass compiles its methods at import
class Baseline(NamedTuple):
    root: str = ""
    counts: Mapping[Key, int] = types.MappingProxyType({})
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


def _entry(path: str, code: str, text: str, count: int) -> str:
    fields = {"path": path, "code": code, "line": text, "count": count}
    readable = json.dumps(fields, ensure_ascii=False)
    try:
        readable.encode("utf-8")
    except UnicodeEncodeError:
        # a file name that is not UTF-8 (its bytes held as surrogate
        # escapes): \udcxx escapes keep it, and json.load gives it back
        return json.dumps(fields)
    return readable


def dump(counts: Mapping[Key, int], handle: IO[str]) -> None:
    # one finding a line, so a reviewer reads a baseline change as a diff
    entries = ",".join("\n  " + _entry(path, code, text, count)
                       for (path, code, text), count in sorted(counts.items()))
    handle.write(f'{{"{FORMAT}": {VERSION}, "findings": [{entries}\n]}}\n')


# The writer: run flake8 the way the user runs it (their config, their
# excludes), with only NS codes and without the current baseline, and key
# each finding by the text of its line. flake8 reads the findings back from
# the plugin's own SARIF log: flake8's text formats cannot print a file name
# that is not UTF-8, a SARIF URI carries its bytes.


class Flake8Failed(RuntimeError):
    pass


def collect(paths: Sequence[str], root: str,
            flake8_args: Sequence[str] = ()) -> dict[Key, int]:
    with tempfile.TemporaryDirectory(prefix="flake8-netns-") as scratch:
        log_file = os.path.join(scratch, "findings.sarif")
        command = [sys.executable, "-m", "flake8", "--select", "NS",
                   f"{OPTION}=", *flake8_args, "--format", "netns-sarif",
                   "--output-file", log_file, *(paths or ["."])]
        run = subprocess.run(command, capture_output=True, text=True,
                             errors="replace")
        # flake8 exits 1 for findings; 2 is a bad option of this plugin, and
        # a log that was not written is a flake8 that stopped early
        try:
            with open(log_file, encoding="utf-8") as handle:
                log = json.load(handle)
        except (OSError, ValueError):
            log = None
        if run.returncode not in (0, 1) or log is None:
            raise Flake8Failed(run.stderr.strip() or f"flake8 exited with "
                                                     f"{run.returncode}")
    counts: collections.Counter[Key] = collections.Counter()
    files: dict[str, list[str]] = {}
    for path, number, code in _sarif_findings(log, os.getcwd()):
        if path not in files:
            files[path] = _read_lines(path)
        counts[(relative_path(path, root), code,
                line_text(files[path], number))] += 1
    return dict(counts)


def _sarif_findings(log: dict[str, Any], cwd: str) -> Iterator[tuple[str, int, str]]:
    """(file name, line, code) of each result of a `netns-sarif` log."""
    for run in log.get("runs", []):
        for result in run.get("results", []):
            physical = result["locations"][0]["physicalLocation"]
            location = physical["artifactLocation"]
            yield (_path(location, cwd), int(physical["region"]["startLine"]),
                   str(result["ruleId"]))


def _path(location: Mapping[str, str], cwd: str) -> str:
    uri = location["uri"]
    if "uriBaseId" not in location:
        uri = uri.removeprefix("file://")
    # bytes as the OS gave them; os.fsdecode keeps a non-UTF-8 name
    return os.path.join(cwd, os.fsdecode(urllib.parse.unquote_to_bytes(uri)))


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
