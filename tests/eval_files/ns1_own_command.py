"""A function that builds its own command line from a parameter is where the
finding goes; its callers' arguments are no commands (RULES.md: a wrapper
passes a parameter unchanged or split). `os.path.join` is a call result,
not a string's join."""
import os

from oslo_concurrency import processutils


def exists(path, as_root=False):
    if as_root:
        cmd = "test -f %s && echo 1 || echo 0" % path
        return processutils.execute(cmd, shell=True)  # expect: NS101:15 names=path
    return os.path.isfile(path)


def run(cmd):
    return processutils.execute(cmd, shell=True)  # expect: NS104


def callers(datadir, name):
    exists(os.path.join(datadir, name), as_root=True)
    exists(f"{datadir}/recovery.signal", as_root=True)
    run(os.path.join(datadir, name))
    run("rm -rf %s" % datadir)  # expect: NS101:4 names=datadir
