"""One measured child process: wall time, CPU time and peak RSS of exactly
that child (os.wait4), with its output kept in files so pipes never stall."""
from __future__ import annotations

import dataclasses
import os
import pathlib
import subprocess
import tempfile
import time


@dataclasses.dataclass(frozen=True)
class Run:
    wall: float          # seconds, including interpreter start-up
    cpu: float           # user + system seconds of the child
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


# Installed packages run from cached bytecode; an environment that turns
# the cache off (PYTHONDONTWRITEBYTECODE) would charge every run for compiling
# the plugin. The cache goes to bench/.trees/pycache, not into the sources.
PYCACHE = pathlib.Path(__file__).resolve().parent / ".trees" / "pycache"


def measure(argv: list[str], cwd: pathlib.Path,
            stdin: pathlib.Path | None = None) -> Run:
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            open(stdin or os.devnull, "rb") as feed:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdin=feed, stdout=out,
                                 stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                   peak_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
                   returncode=child.returncode,
                   stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"))
