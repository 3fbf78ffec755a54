"""`flake8 --format=sarif`: the whole run as one SARIF 2.1.0 log.

Code-scanning UIs read SARIF. The two flake8 SARIF formatters on PyPI do not
fit: flake8-sarif (2022, looking for maintainers) lists rules by id only and
names flake8 4.0.1 as the tool; flake8-sarif-formatter fetches rule texts
from the network on every run, fails without it, and describes codes it does
not know, such as every NS code, by the code alone. This one describes each
NS rule from its page in `flake8_netns.docs` and lists other plugins' codes
by id.
"""
from __future__ import annotations

import json
import os
import pathlib
import sys
import urllib.parse
from typing import Any

import flake8
from flake8.formatting.base import BaseFormatter
from flake8.violation import Violation

from flake8_netns import __version__
from flake8_netns.codes import CODES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
COMPONENT = "flake8-netns"

# GitHub code scanning ranks a security result by `security-severity`
# (0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high). A command a value can rewrite
# (NS1) is high; a secret in a log (NS3) needs log access to exploit, medium;
# a swallowed failure (NS2) is low. NS105 runs a constant command, which no
# value can change: low. NS4 (untracked TODOs) and NS001 are not security
# findings and carry no severity.
SECURITY_SEVERITY = {"NS1": "8.0", "NS2": "3.0", "NS3": "5.0"}
SEVERITY_OVERRIDES = {"NS105": "2.0"}
FAMILY_TAGS = {"NS1": "security", "NS2": "security", "NS3": "security",
               "NS4": "maintainability"}


def properties(code: str) -> dict[str, Any]:
    family = code[:3]
    cwes = [f"external/cwe/cwe-{cwe}" for cwe in CODES[code].cwes]
    kind = FAMILY_TAGS.get(family)
    found: dict[str, Any] = {"tags": [kind, *cwes] if kind else cwes}
    severity = SEVERITY_OVERRIDES.get(code, SECURITY_SEVERITY.get(family))
    if severity is not None:
        found["security-severity"] = severity
    return found


def rule(code: str) -> dict[str, Any]:
    if code not in CODES:
        return {"id": code}
    # flake8 imports every installed formatter on every run; the pages are
    # read only when this one writes a log
    from flake8_netns import docs

    entry = CODES[code]
    page = docs.page(code)
    return {
        "id": code,
        "name": "".join(w.capitalize() for w in entry.title.split()
                        if w.isalnum()),
        "shortDescription": {"text": entry.title},
        "fullDescription": {"text": docs.summary(code)},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"enabled": entry.default_on,
                                 "level": "warning"},
        "properties": properties(code),
    }


def _quote(path: str) -> str:
    # os.fsencode gives back the bytes of a name that is not UTF-8 (held
    # as surrogate escapes); a URI carries them percent-encoded
    return urllib.parse.quote(os.fsencode(path), safe="/:")


def artifact(filename: str, root: str | None = None) -> dict[str, str]:
    """A path under `root` (the folder flake8 ran in, %SRCROOT%) relative to
    it; any other path, `../a.py` included, as an absolute file URI."""
    root = os.path.abspath(root if root is not None else os.curdir)
    absolute = os.path.abspath(filename)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        posix = pathlib.PurePath(absolute).as_posix()
        if not posix.startswith("/"):  # C:/x on Windows
            posix = "/" + posix
        return {"uri": "file://" + _quote(posix)}
    return {"uri": _quote(pathlib.PurePath(relative).as_posix()),
            "uriBaseId": SRCROOT}


class SarifFormatter(BaseFormatter):
    """Rules of other plugins sit in the driver (flake8), NS rules in an
    extension of their own, as code-scanning tools expect of a plug-in."""

    def after_init(self) -> None:
        self._ns_rules = [rule(code) for code in CODES]
        self._ns_index = {r["id"]: i for i, r in enumerate(self._ns_rules)}
        self._rules: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._results: list[dict[str, Any]] = []
        self._root = os.getcwd()

    def start(self) -> None:
        # flake8 appends to --output-file; a second log after the first
        # would not be JSON
        if self.filename:
            directory = os.path.dirname(os.path.abspath(self.filename))
            os.makedirs(directory, exist_ok=True)
            self.output_fd = open(self.filename, "w", encoding="utf-8")

    def _rule_reference(self, code: str) -> dict[str, Any]:
        if code in self._ns_index:
            index = self._ns_index[code]
            return {"ruleIndex": index, "rule": {
                "id": code, "index": index,
                "toolComponent": {"name": COMPONENT, "index": 0}}}
        if code not in self._index:
            self._index[code] = len(self._rules)
            self._rules.append(rule(code))
        return {"ruleIndex": self._index[code]}

    def handle(self, error: Violation) -> None:
        self._results.append({
            "ruleId": error.code,
            **self._rule_reference(error.code),
            "level": "error" if error.code == "E999" else "warning",
            "message": {"text": f"{error.code} {error.text}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact(error.filename, self._root),
                "region": {"startLine": max(1, error.line_number),
                           "startColumn": max(1, error.column_number)},
            }}],
        })

    def format(self, error: Violation) -> str | None:
        return None  # `handle` collects; the log is written once, in stop

    # Text after the JSON would make the log unreadable.
    def show_statistics(self, statistics: Any) -> None:
        pass

    def show_benchmarks(self, benchmarks: Any) -> None:
        pass

    def log(self) -> dict[str, Any]:
        root = pathlib.Path(self._root).as_uri().rstrip("/") + "/"
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "flake8",
                        "version": flake8.__version__,
                        "informationUri": "https://flake8.pycqa.org/",
                        "rules": self._rules,
                    },
                    "extensions": [{
                        "name": COMPONENT,
                        "version": __version__,
                        "rules": self._ns_rules,
                    }],
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root}},
                "results": self._results,
            }],
        }

    def stop(self) -> None:
        self._write(json.dumps(self.log(), indent=2))
        to_stdout = self.output_fd is None or self.options.tee
        if to_stdout and getattr(self.options, "count", False):
            # flake8 prints --count on stdout after the formatter stops,
            # after the JSON: the number (every result handled here) goes
            # to stderr instead; with --output-file stdout keeps it
            self.options.count = False
            print(len(self._results), file=sys.stderr)
        super().stop()
