"""NS203: contextlib.suppress(Exception) around a command."""
import contextlib
import subprocess
from contextlib import suppress as ignoring


def cleanup(dev):
    with contextlib.suppress(Exception):  # expect: NS203:4 caught=Exception at=9
        subprocess.check_call(["ip", "link", "del", dev])
    with ignoring(OSError, BaseException):  # expect: NS203:4 caught=BaseException call=check_call
        subprocess.check_call(["ip", "link", "del", dev])
    with contextlib.suppress(subprocess.CalledProcessError):
        subprocess.check_call(["ip", "link", "del", dev])
    with contextlib.suppress(Exception):
        int(dev)
