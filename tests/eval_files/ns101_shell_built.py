"""NS101: a built string reaches a shell, and the look-alikes that stay quiet."""
import asyncio
import functools
import os
import shlex
import subprocess
import subprocess as sp
from functools import partial
from subprocess import Popen as P

from oslo_concurrency import processutils as putils


def direct(ns, dev, key, val, port):
    os.system("ip netns exec %s ip link" % ns)  # expect: NS101:4 names=ns how=%-formatting sink=os.system() fix="write subprocess.run([\"ip\", \"netns\", \"exec\", ns, \"ip\", \"link\"], check=True)"
    os.popen("ip link show " + dev)  # expect: NS101:4 names=dev how="'+'" fix="write subprocess.run([\"ip\", \"link\", \"show\", dev], capture_output=True, text=True)"
    subprocess.getoutput(f"sysctl -w {key}={val}")  # expect: NS101:4 names="'key' and 'val'" how="an f-string" fix="pass an argument list without a shell, or quote each value with shlex.quote()"
    sp.call("ip link set {} up".format(dev), shell=True)  # expect: NS101:4 how=str.format() fix="write sp.call([\"ip\", \"link\", \"set\", dev, \"up\"])"
    P(" ".join(["ip", "link", "del", dev]), shell=True)  # expect: NS101:4 names=dev how=join() sink=P()
    asyncio.create_subprocess_shell("nc -l %s" % port)  # expect: NS101:4 fix="write asyncio.create_subprocess_exec(\"nc\", \"-l\", port)"
    putils.ssh_execute(None, "ip addr show %s" % dev)  # expect: NS101:4 fix="quote each value with shlex.quote() (a remote shell reads it)"


def through_locals(dev, ns):
    cmd = "ip link set %s" % dev
    cmd += " up"
    subprocess.run(cmd, shell=True)  # expect: NS101
    line = "ip netns exec " + ns
    line = line + " sysctl -a"
    os.system(line)  # expect: NS101


def behind_a_shell(dev, ns):
    subprocess.call(["sh", "-c", "ip link set " + dev])  # expect: NS101
    subprocess.call(["ip", "netns", "exec", ns, "bash", "-c", "ip -o link show %s" % dev])  # expect: NS101:4 names=dev fix="write subprocess.call([\"ip\", \"netns\", \"exec\", ns, \"ip\", \"-o\", \"link\", \"show\", dev])"
    subprocess.call(["sudo", "/bin/sh", "-ec", f"ip route flush dev {dev}"])  # expect: NS101
    subprocess.call(["ip link set %s up" % dev], shell=True)  # expect: NS101:4 fix="write subprocess.call([\"ip\", \"link\", \"set\", dev, \"up\"])"


def quiet(dev):
    os.system("ip link show")  # expect: NS105
    subprocess.call(["ip", "link", "set", dev, "up"])
    subprocess.call("ip link set %s up" % dev, shell=False)
    message = "ip link set %s up" % dev
    print(message)
    for table in ("filter", "nat"):
        os.system("iptables -t " + table + " -L")  # expect: NS105


def run_in_shell(cmd):
    return subprocess.check_output(cmd, shell=True)  # expect: NS104


def via_wrapper(dev):
    run_in_shell("ip link del %s" % dev)  # expect: NS101:4 sink=run_in_shell() fix="run [\"ip\", \"link\", \"del\", dev] without a shell"
    run_in_shell(dev)


class Agent:
    def _shell(self, command):
        return run_in_shell(command)

    def plug(self, dev):
        self._shell("ip link set dev %s up" % dev)  # expect: NS101


class Runner:
    """What an instance attribute holds is looked up with astroid."""

    def __init__(self):
        self._run = subprocess.getoutput
        self.label = "agent"

    def flush(self, dev):
        self._run("ip addr flush dev %s" % dev)  # expect: NS101
        self.label.format("x %s" % dev)


shell_run = functools.partial(subprocess.call, shell=True)
quiet_run = partial(subprocess.call, stdout=subprocess.DEVNULL)


def partials(dev):
    shell_run("ip link del " + dev)  # expect: NS101
    quiet_run(["ip", "link", "del", dev])


def long_and_lambda(ns, dev, mtu, table, rule, prio):
    os.system("ip netns exec " + ns + " ip link set " + dev + " mtu " + mtu  # expect: NS101:4 names="'ns', 'dev', 'mtu', 'rule', 'table' and 'prio'"
              + " && ip rule add " + rule + " table " + table + " priority " + prio
              + " && ip route flush table " + table + " && ip -s link show " + dev)
    later = lambda: os.system("ip link del " + dev)  # expect: NS101
    return later


def make_runner():
    return subprocess.getoutput


class Factory:
    """What a factory returns is inferred with astroid."""

    def __init__(self):
        self._run = make_runner()
        self._plain = make_label()

    def flush(self, dev):
        self._run("ip addr flush dev %s" % dev)  # expect: NS101
        self._plain("x %s" % dev)


def make_label():
    return str


class Namespace:
    """The issue's examples: the argv to write, values named as written."""

    def __init__(self, name):
        self.name = name

    def up(self, dev, dev_name, mtu, peer):
        os.system("ip link set %s up" % dev)  # expect: NS101:8 names=dev fix="write subprocess.run([\"ip\", \"link\", \"set\", dev, \"up\"], check=True)"
        os.system("ip netns delete %s" % self.name)  # expect: NS101:8 names=self.name fix="[\"ip\", \"netns\", \"delete\", self.name]"
        os.system("ip link set %s mtu %d" % (dev_name, mtu))  # expect: NS101:8 names=dev_name fix="[\"ip\", \"link\", \"set\", dev_name, \"mtu\", str(mtu)]"
        os.system("ip link add %s type veth peer name %s" % (dev, peer) + " && ip link set %s up" % dev)  # expect: NS101:8 fix="pass an argument list without a shell"
        os.system("ip link show dev %s 2>/dev/null" % dev)  # expect: NS101:8 fix="pass an argument list without a shell"
        os.system("ssh root@%s uptime" % peer)  # expect: NS101:8 fix="pass an argument list without a shell"


def quoted(dev, ns):
    """Every value shlex.quote'd: the fix NS101 asks for where a shell is needed."""
    os.system("ip link set %s up" % shlex.quote(dev))
    subprocess.call("ip netns exec " + shlex.quote(ns) + " ip link", shell=True)
    os.system(f"ip link del {shlex.quote(dev)} || true")


def long_command(ns, dev, table):
    os.system("ip netns exec %s ip route replace default via 192.0.2.1 dev %s table %s proto static metric 100 onlink" % (ns, dev, table))  # expect: NS101:4 fix="write subprocess.run([\"ip\", \"netns\", \"exec\", ns, \"ip\", \"route\", \"replace\", \"default\", \"via\", …], check=True)"


def shell_only_commands(tool, path):
    """A shell builtin has no program to run from a list: no argv shown."""
    os.system("type %s" % tool)  # expect: NS101:4 fix="pass an argument list without a shell, or quote each value with shlex.quote()"
    os.system("command -v " + tool)  # expect: NS101:4 fix="pass an argument list without a shell, or quote each value with shlex.quote()"
