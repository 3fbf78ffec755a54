"""NS201: a bare except around a command."""
import subprocess


def run(cmd):
    return subprocess.check_output(cmd)


def delete(ns):
    try:
        subprocess.check_call(["ip", "netns", "del", ns])
    except:  # expect: NS201:4 call=subprocess.check_call at=11
        raise
    try:
        run(["ip", "link"])
    except:  # expect: NS201:4 call="run()" at=15
        pass
    try:
        value = int(ns)
    except:
        value = 0
    try:
        def later():
            run(["ip", "link"])
    except:
        pass
    try:
        pass
    except ValueError:
        run(["ip", "link"])
    return value, later
