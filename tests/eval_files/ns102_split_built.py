"""NS102: a built string split into an argv and run."""
import shlex
import subprocess
import subprocess as sp

import pexpect


def direct(dev, key):
    subprocess.run(("ip link set %s up" % dev).split())  # expect: NS102
    subprocess.check_call(shlex.split(f"sysctl -w {key}=1"))  # expect: NS102
    pexpect.spawn("ssh root@%s" % dev)  # expect: NS102
    cmd = "ip addr flush dev " + dev
    subprocess.call(cmd.split(" "))  # expect: NS102


def exec_subprocess(cmd, shell=False):
    temp_cmd = cmd
    if shell is False:
        temp_cmd = cmd.split()
    return subprocess.Popen(temp_cmd, shell=shell)  # expect: NS104


def exec_exp(cmd):
    return subprocess.Popen(shlex.split(cmd))


def callers(ns, dev):
    exec_subprocess(f"ip netns exec {ns} ip link set {dev} up")  # expect: NS102
    exec_subprocess(f"ip netns exec {ns} sysctl -a | grep {dev}", shell=True)  # expect: NS101
    exec_subprocess(f"ip -n {ns} link", False)  # expect: NS102
    exec_exp("ping -c1 %s" % dev)  # expect: NS102
    exec_exp("ping -c1 localhost")
    exec_subprocess("ip link", shell=True)  # expect: NS105
    exec_exp("bash -c 'echo $UID'")  # expect: NS105


def quiet(dev):
    sp.Popen("ip link show %s" % dev)  # one program name: nothing splits it
    subprocess.run("ip link show".split())
    subprocess.run(["ip", "link", "show", dev])
