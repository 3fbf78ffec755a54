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
import urllib.parse
from typing import Any

import flake8
from flake8.formatting.base import BaseFormatter
from flake8.violation import Violation

from flake8_netns import __version__, docs
from flake8_netns.codes import CODES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def rule(code: str) -> dict[str, Any]:
    if code not in CODES:
        return {"id": code}
    entry = CODES[code]
    page = docs.page(code)
    cwes = [f"external/cwe/{cwe.lower()}" for cwe in docs.cwes(code)]
    tags = ["security", *cwes] if cwes else []
    return {
        "id": code,
        "name": "".join(w.capitalize() for w in entry.title.split()
                        if w.isalnum()),
        "shortDescription": {"text": entry.title},
        "fullDescription": {"text": docs.summary(code)},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"enabled": entry.default_on,
                                 "level": "warning"},
        "properties": {"tags": tags},
    }


def artifact(filename: str) -> dict[str, str]:
    """A file URI for an absolute path; else a path under %SRCROOT% (the
    directory flake8 ran in)."""
    path = pathlib.PurePath(filename)
    if path.is_absolute():
        return {"uri": pathlib.Path(filename).as_uri()}
    relative = path.as_posix()
    while relative.startswith("./"):
        relative = relative[2:]
    return {"uri": urllib.parse.quote(relative), "uriBaseId": SRCROOT}


class SarifFormatter(BaseFormatter):
    def after_init(self) -> None:
        self._rules = [rule(code) for code in CODES]
        self._index = {r["id"]: i for i, r in enumerate(self._rules)}
        self._results: list[dict[str, Any]] = []

    def handle(self, error: Violation) -> None:
        if error.code not in self._index:
            self._index[error.code] = len(self._rules)
            self._rules.append(rule(error.code))
        self._results.append({
            "ruleId": error.code,
            "ruleIndex": self._index[error.code],
            "level": "error" if error.code == "E999" else "warning",
            "message": {"text": f"{error.code} {error.text}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact(error.filename),
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

    def stop(self) -> None:
        root = pathlib.Path(os.getcwd()).as_uri().rstrip("/") + "/"
        self._write(json.dumps({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "flake8",
                    "version": flake8.__version__,
                    "informationUri": "https://flake8.pycqa.org/",
                    "rules": self._rules,
                    "properties": {"flake8-netns": __version__},
                }},
                "originalUriBaseIds": {SRCROOT: {"uri": root}},
                "results": self._results,
            }],
        }, indent=2))
        super().stop()
