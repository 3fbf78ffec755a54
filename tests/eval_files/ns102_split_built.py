"""NS102: a built string split into an argv and run."""
import shlex
import subprocess
import subprocess as sp

import pexpect


def direct(dev, key, port, ns):
    subprocess.run(("ip link set %s up" % dev).split())  # expect: NS102:4 names=dev how=%-formatting sink=subprocess.run() fix="write [\"ip\", \"link\", \"set\", dev, \"up\"]"
    subprocess.check_call(shlex.split(f"sysctl -w {key}=1"))  # expect: NS102:4 names=key how="an f-string" fix="build the argument list item by item"
    pexpect.spawn("ssh root@%s" % dev)  # expect: NS102:4 fix="build the argument list item by item"
    pexpect.spawn("ssh -p %s %s" % (port, dev))  # expect: NS102:4 names="'port' and 'dev'" fix="write pexpect.spawn(\"ssh\", [\"-p\", port, dev])"
    cmd = "ip addr flush dev " + dev
    subprocess.call(cmd.split(" "))  # expect: NS102:4 names=dev fix="write [\"ip\", \"addr\", \"flush\", \"dev\", dev]"
    subprocess.call(("ip netns exec %s ip link" % ns).split())  # expect: NS102:4 names=ns fix="write [\"ip\", \"netns\", \"exec\", ns, \"ip\", \"link\"]"
    subprocess.call(("ip link set %s up" % shlex.quote(dev)).split())  # expect: NS102:4 fix="write [\"ip\", \"link\", \"set\", dev, \"up\"]"
    subprocess.call(("%s,%s" % (dev, key)).split(","))  # expect: NS102:4 fix="build the argument list item by item"


def exec_subprocess(cmd, shell=False):
    temp_cmd = cmd
    if shell is False:
        temp_cmd = cmd.split()
    return subprocess.Popen(temp_cmd, shell=shell)  # expect: NS104


def exec_exp(cmd):
    return subprocess.Popen(shlex.split(cmd))


def callers(ns, dev):
    exec_subprocess(f"ip netns exec {ns} ip link set {dev} up")  # expect: NS102:4 sink=exec_subprocess() fix="build the argument list item by item, as [\"ip\", \"netns\", \"exec\", ns, \"ip\", \"link\", \"set\", dev, \"up\"]"
    exec_subprocess(f"ip netns exec {ns} sysctl -a | grep {dev}", shell=True)  # expect: NS101
    exec_subprocess(f"ip -n {ns} link", False)  # expect: NS102
    exec_exp("ping -c1 %s" % dev)  # expect: NS102
    exec_exp("ping -c1 localhost")
    exec_subprocess("ip link", shell=True)  # expect: NS105:4 command="'ip link'" fix="run [\"ip\", \"link\"] without a shell"
    exec_exp("bash -c 'echo $UID'")  # a shell feature: the shell is wanted
    exec_exp("bash -c 'ip link show'")  # expect: NS105:4 command="\"bash -c 'ip link show'\"" fix="run [\"ip\", \"link\", \"show\"] without a shell"


def quiet(dev):
    sp.Popen("ip link show %s" % dev)  # one program name: nothing splits it
    subprocess.run("ip link show".split())
    subprocess.run(["ip", "link", "show", dev])
