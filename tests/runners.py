"""`python -m flake8` and `python -m flake8_netns` run two ways: in a child
process, as a user runs them, and in this process through the same `main()`
the child would call.

The in-process run goes through everything flake8 does in a child (plugin
loading, option and config-file parsing, the decision engine, noqa, the
formatter, the exit code) and costs milliseconds instead of the second an
interpreter start with astroid costs. The suite runs each command test both
ways: the in-process run in the quick loop (`-m "not slow"`), the child
process in the full suite (the `python_m` fixture in conftest.py).
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Callable, Sequence

from flake8 import utils as flake8_utils
from flake8.main import cli as flake8_cli

import flake8_netns.__main__ as netns_cli
from flake8_netns import baseline
from flake8_netns.plugin import NetnsChecker
from tests.helpers import flake8_run

Result = subprocess.CompletedProcess  # what both runners return (text)
Runner = Callable[..., "subprocess.CompletedProcess[str]"]

# what `parse_options` leaves on the class; put back after each run so the
# next test (and the checker API helpers) start from the defaults
_CHECKER_STATE = ("settings", "baseline", "options", "extensions")


def in_a_process(module: str, args: Sequence[str], stdin: str | None = None,
                 cwd: str | os.PathLike[str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    """`python -m MODULE ARGS`, a child process of this interpreter."""
    if module == "flake8":
        return flake8_run(list(args), stdin=stdin, cwd=cwd)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", module, *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    # flake8 writes its report to sys.stdout.buffer and reads
    # sys.stdin.buffer; write_through keeps text and byte writes in order
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                            write_through=True)


class _BaselineSubprocess:
    """Stands in for the `subprocess` module inside flake8_netns.baseline
    during an in-process `python -m flake8_netns baseline`: the writer's
    flake8 child runs in this process too, through flake8's `main()`."""

    @staticmethod
    def run(command: Sequence[str], **_ignored: object
            ) -> subprocess.CompletedProcess[str]:
        assert list(command[:3]) == [sys.executable, "-m", "flake8"], command
        return in_this_process("flake8", command[3:])


def _main(module: str) -> Callable[[list[str]], int]:
    if module == "flake8":
        # several files would make flake8 fork its worker pool out of the
        # test process: one job (a later `-j` would override it, so refuse)
        return lambda argv: flake8_cli.main(["--jobs=1", *argv])
    if module == "flake8_netns":
        return netns_cli.main
    raise ValueError(f"no in-process main for {module!r}")


def in_this_process(module: str, args: Sequence[str],
                    stdin: str | None = None,
                    cwd: str | os.PathLike[str] | None = None
                    ) -> subprocess.CompletedProcess[str]:
    """`python -m MODULE ARGS` run through the module's `main()` here, with
    its own working folder, arguments, stdin, stdout and stderr; the exit
    status is what the child's would be."""
    argv = list(args)
    if module == "flake8":
        assert not any(a in ("-j", "--jobs") or a.startswith(("-j", "--jobs="))
                       for a in argv), "parallel runs need a child process"
    main = _main(module)
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_argv = sys.argv
    saved_state = {name: getattr(NetnsChecker, name) for name in _CHECKER_STATE}
    saved_cwd = os.getcwd()
    saved_subprocess = baseline.subprocess
    out, err = _stream(), _stream()
    sys.stdin = _stream((stdin or "").encode())
    sys.stdout, sys.stderr = out, err
    # the plugin reads `--enable-extensions` from the process's arguments
    # (flake8 does not hand it on), as the child's would be
    sys.argv = [f"{module}/__main__.py", *argv]
    flake8_utils.stdin_get_value.cache_clear()  # flake8 reads stdin once
    baseline.subprocess = _BaselineSubprocess  # type: ignore[assignment]
    try:
        if cwd is not None:
            os.chdir(cwd)
        try:
            status = main(argv)
        except SystemExit as stop:
            # as the interpreter does: a string is printed, status 1
            if isinstance(stop.code, str):
                print(stop.code, file=sys.stderr)
            status = stop.code if isinstance(stop.code, int) else (
                0 if stop.code is None else 1)
    finally:
        baseline.subprocess = saved_subprocess
        flake8_utils.stdin_get_value.cache_clear()
        os.chdir(saved_cwd)
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        for name, value in saved_state.items():
            setattr(NetnsChecker, name, value)
    return subprocess.CompletedProcess(
        [sys.executable, "-m", module, *argv], status,
        out.buffer.getvalue().decode(), err.buffer.getvalue().decode())


RUNNERS: dict[str, Runner] = {"in-process": in_this_process,
                              "process": in_a_process}
