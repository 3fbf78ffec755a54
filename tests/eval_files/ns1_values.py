# flake8-args: --extend-select NS103,NS105
"""NS1 value semantics: numbers are constant, pass-through calls keep a
built string built, quoted parts are shell-safe."""
import os
import pipes
import shlex
import subprocess
from shlex import quote


def numbers(pid, sig, count, devs, mtu, delay):
    os.system("kill -%d %d" % (sig, pid))  # expect: NS105
    os.system("kill -%s %s" % (sig, pid))  # expect: NS101 names=sig
    os.system("sleep {:d}".format(delay))  # expect: NS105
    os.system(f"sleep {int(delay)}")  # expect: NS105
    os.system("sleep %s" % len(devs))  # expect: NS105
    os.system("sleep %.1f" % (delay * 1.5))  # expect: NS105
    subprocess.call(["kill", "-%d" % sig, str(pid)])
    subprocess.call(["sysctl", "-w", "net.core.somaxconn=%d" % count])
    subprocess.call(["ip", "link", "set", "mtu", "{:d}".format(mtu)])
    subprocess.call(["ip", "link", "set", "mtu", f"{mtu:d}"])
    for i in range(count):
        subprocess.call(["ip", "link", "add", "veth%s" % i, "type", "veth"])
    for index, dev in enumerate(devs):
        subprocess.call(["ip", "link", "add", "vlan%s" % index, "link", dev])
        subprocess.call(["ip", "link", "set", "%s.%d" % (dev, index), "up"])  # expect: NS103:46 names=dev


def pass_through(dev):
    os.system(("ip link set %s up" % dev).lower())  # expect: NS101 names=dev
    os.system(("ip link set %s up" % dev).strip())  # expect: NS101 names=dev
    os.system(str("ip link set %s up" % dev).upper())  # expect: NS101 names=dev
    subprocess.call(("ip link set %s up" % dev).encode().decode().split())  # expect: NS102 names=dev
    command = "ip link set %s up" % dev
    lowered = command.lower()
    os.system(lowered)  # expect: NS101 names=dev


def quoted(dev, ns):
    os.system("ip link set %s up" % shlex.quote(dev))
    os.system("ip link set %s up" % pipes.quote(dev))
    os.system(f"ip netns exec {quote(ns)} ip link set {quote(dev)} mtu {9000:d}")
    os.system(shlex.join(["ip", "link", "set", dev, "up"]))
    os.system("ip netns exec %s ip link set %s up" % (quote(ns), dev))  # expect: NS101 names=dev
    subprocess.call(("ip link set %s up" % shlex.quote(dev)).split())  # expect: NS102
    subprocess.call(["sysctl", "-w", "net.ipv4.conf.%s.rp_filter=1" % shlex.quote(dev)])  # expect: NS103
