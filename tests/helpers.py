"""Two ways to run the plugin on a snippet, both through flake8's own option
parsing: in-process through the checker API, and as a real `flake8` process.

Columns are 0-based everywhere here, as the checker API gives them (flake8
prints them one higher)."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap

from flake8.options.parse_args import parse_args

import flake8_netns.codes as code_table
from flake8_netns.codes import Finding
from flake8_netns.context import FileContext
from flake8_netns.plugin import NetnsChecker, check, settings_from_options
from flake8_netns.settings import Settings


def settings_for(*argv: str) -> Settings:
    _, options = parse_args(["--isolated", *argv])
    return settings_from_options(options)


def opt_in_args() -> tuple[str, str]:
    """`--extend-select` with every opt-in code of the code table, read when
    called (so a row added to the table is selected too)."""
    opt_in = [c.code for c in code_table.CODES.values() if not c.default_on]
    return ("--extend-select", ",".join(opt_in))


def api_results(source: str, *argv: str,
                filename: str = "snippet.py") -> list[Finding]:
    """The findings, messages included, the checker API reports for `source`."""
    source = textwrap.dedent(source)
    context = FileContext(ast.parse(source), source.splitlines(keepends=True),
                          filename, settings_for(*argv))
    return check(context)


def api_findings(source: str, *argv: str, filename: str = "snippet.py"):
    """[(line, col, code)] the checker API reports for `source`."""
    return [(f.line, f.col, f.code)
            for f in api_results(source, *argv, filename=filename)]


def api_messages(source: str, *argv: str, filename: str = "snippet.py"):
    return [f.text for f in api_results(source, *argv, filename=filename)]


def codes(findings):
    return [(line, code) for line, _col, code in findings]


def flake8_run(args, stdin: str | None = None, cwd: str | None = None):
    """A real `flake8` process (this interpreter's), isolated from user config
    unless `cwd` holds one the test wrote."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "flake8", *args],
                          input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def flake8_results(source: str, *argv: str,
                   display_name: str = "snippet.py") -> list[Finding]:
    """The NS findings, messages included, of a real `flake8 -` run."""
    out = flake8_run(["--isolated", "--select", "NS", *argv,
                      "--stdin-display-name", display_name,
                      "--format", "%(row)d:%(col)d:%(code)s:%(text)s", "-"],
                     stdin=textwrap.dedent(source))
    assert out.returncode in (0, 1), out.stderr
    found = []
    for row in out.stdout.splitlines():
        line, col, code, text = row.split(":", 3)
        # flake8 splits the code off the plugin's message; put it back
        found.append(Finding(int(line), int(col) - 1, code, f"{code} {text}"))
    return found


def flake8_findings(source: str, *argv: str, display_name: str = "snippet.py"):
    """[(line, col, code)] a real `flake8 -` run reports (only NS codes)."""
    return [(f.line, f.col, f.code)
            for f in flake8_results(source, *argv, display_name=display_name)]


# Keep NetnsChecker imported: tests that reach the class go through here.
__all__ = ["NetnsChecker", "api_findings", "api_messages", "api_results",
           "codes", "flake8_findings", "flake8_results", "flake8_run",
           "opt_in_args", "settings_for"]
