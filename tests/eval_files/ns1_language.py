"""NS1 from the language: how a callee, a command and its arguments travel."""
import functools
import os
import shlex
import subprocess

from oslo_concurrency import processutils


def execute(*cmd, **kwargs):
    return processutils.execute(*cmd, **kwargs)


def through_kwargs(root):
    execute("chroot %s sh -c 'mount -a'" % root, shell=True)  # expect: NS101
    execute("ip", "link", "show", root)


def starred_split(template, dev):
    processutils.execute(*(template % {"dev": dev}).split())  # expect: NS102


def pfctl(args):
    return subprocess.Popen(["pfctl"] + shlex.split(args))


def split_and_joined(anchor):
    pfctl("-a %s -F all" % anchor)  # expect: NS102
    pfctl("-s rules")


def ipt(family, table, *args):
    return processutils.execute("iptables", "-t", table, *args)


def setup(family, table, name):
    def _ipt(*args):
        return ipt(family, table, *args)
    _ipt("-N", "chain-%s" % name)  # expect: NS103
    _ipt("-N", name)


class Base:
    def execute_process(self, args, shell=True):
        return subprocess.Popen(args, shell=shell)  # expect: NS104


class Utils(Base):
    def add(self, addr, plen, dev):
        self.execute_process(["ip", "addr", "add", "%s/%s" % (addr, plen), "dev", dev], shell=False)  # expect: NS103

    def up(self, dev):
        self.execute_process("ip link set %s up" % dev)  # expect: NS101

    def execute(self, msg, cmd, *args):
        print(msg)
        processutils.execute(cmd, *args)

    def down(self, dev):
        self.execute("taking %s down" % dev, "ip", "link", "set", dev, "down")


def again_chain_0(cmd):
    return os.system(cmd)  # expect: NS104


def again_chain_1(cmd):
    return again_chain_0(cmd)


def again_chain_2(cmd):
    return again_chain_1(cmd)


def again_chain_3(cmd):
    return again_chain_2(cmd)


def again_chain_4(cmd):
    return again_chain_3(cmd)


def again_chain_5(cmd):
    return again_chain_4(cmd)


def again_chain_6(cmd):
    return again_chain_5(cmd)


def again_chain_7(cmd):
    return again_chain_6(cmd)


def again_chain_8(cmd):
    return again_chain_7(cmd)


def deep(dev):
    again_chain_8("ip link del " + dev)  # expect: NS101


run = functools.partial(again_chain_1)


def through_partial(dev):
    run("ip link del %s" % dev)  # expect: NS101


if os.name == "posix":
    shell_run = os.system
else:
    shell_run = os.popen


def conditional_alias(dev):
    shell_run("ip link del " + dev)  # expect: NS101


def dynamic(dev):
    getattr(os, "system")("ip link del " + dev)  # expect: NS101
    __import__("os").system("ip link del %s" % dev)  # expect: NS101
    run_it = getattr(os, "system")
    run_it(f"ip link del {dev}")  # expect: NS101


def launcher(dev, user, host):
    subprocess.run(["su", user, "-c", "ip link del %s" % dev])  # expect: NS101
    subprocess.run(["sudo", "ip", "netns", "exec", "ns1", "bash", "-c", "ip link del " + dev])  # expect: NS101
    subprocess.run(["ssh", "-o", "BatchMode=yes", host, "ip", "link", "del", dev])  # expect: NS101
    subprocess.run([os.environ["SHELL"], "-c", "ip link del " + dev])  # expect: NS101
    os.execlp("sh", "sh", "-c", "ip link del " + dev)  # expect: NS101
    subprocess.run(["ssh", host, "uptime"])  # expect: NS105


class A:
    def again(self):
        return self()
