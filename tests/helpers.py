"""Two ways to run the plugin on a snippet, both through flake8's own option
parsing: in-process through the checker API, and as a real `flake8` process."""
from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import textwrap
import tokenize

from flake8.options.parse_args import parse_args

from flake8_netns.context import FileContext
from flake8_netns.plugin import NetnsChecker, check, settings_from_options


def settings_for(*argv: str):
    _, options = parse_args(["--isolated", *argv])
    return settings_from_options(options)


def api_findings(source: str, *argv: str, filename: str = "snippet.py"):
    """[(line, col, code)] the checker API reports for `source`."""
    source = textwrap.dedent(source)
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    context = FileContext(ast.parse(source), lines, filename,
                          settings_for(*argv), tokens)
    return [(f.line, f.col, f.code) for f in check(context)]


def api_messages(source: str, *argv: str, filename: str = "snippet.py"):
    source = textwrap.dedent(source)
    context = FileContext(ast.parse(source), source.splitlines(True),
                          filename, settings_for(*argv))
    return [f.text for f in check(context)]


def codes(findings):
    return [(line, code) for line, _col, code in findings]


def flake8_run(args, stdin: str | None = None, cwd: str | None = None):
    """A real `flake8` process (this interpreter's), isolated from user config
    unless `cwd` holds one the test wrote."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "flake8", *args],
                          input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def flake8_findings(source: str, *argv: str, display_name: str = "snippet.py"):
    """[(line, col, code)] a real `flake8 -` run reports (only NS codes)."""
    out = flake8_run(["--isolated", "--select", "NS", *argv,
                      "--stdin-display-name", display_name,
                      "--format", "%(row)d:%(col)d:%(code)s", "-"],
                     stdin=textwrap.dedent(source))
    assert out.returncode in (0, 1), out.stderr
    found = []
    for row in out.stdout.split():
        line, col, code = row.split(":")
        found.append((int(line), int(col) - 1, code))
    return found


# Keep NetnsChecker imported: tests that reach the class go through here.
__all__ = ["NetnsChecker", "api_findings", "api_messages", "codes",
           "flake8_findings", "flake8_run", "settings_for"]
