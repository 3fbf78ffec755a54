# flake8-args: --netns-exec-functions=*.cmd:shell
"""NS105 (opt-in): a constant command given to a shell it does not need.

A constant command that uses a shell feature (a pipe, a glob, a redirect,
`&`, `;`, `$`, a builtin, a `VAR=value` prefix) wants its shell: quiet."""
import os
import subprocess

import paramiko

ZOMBIES = "ovs-openflowd ovs-controller"


def clean(pid, port):
    os.system("killall -9 " + ZOMBIES)  # expect: NS105:4 sink=os.system() command="'killall -9 ovs-openflowd ovs-controller'" fix="write subprocess.run([\"killall\", \"-9\", \"ovs-openflowd\", \"ovs-controller\"], check=True)"
    os.system("ip link set eth0 up")  # expect: NS105:4 fix="write subprocess.run([\"ip\", \"link\", \"set\", \"eth0\", \"up\"], check=True)"
    subprocess.call("ip -o link", shell=True)  # expect: NS105:4 fix="write subprocess.call([\"ip\", \"-o\", \"link\"])"
    subprocess.call(["bash", "-c", "ovs-vsctl show"])  # expect: NS105:4 fix="write subprocess.call([\"ovs-vsctl\", \"show\"])"
    os.system("kill -9 %d" % pid)  # expect: NS105:4 sink=os.system() command="'kill -9 %d' % pid" fix="write subprocess.run([\"kill\", \"-9\", str(pid)], check=True)"
    os.system("nc -l {:d}".format(port))  # expect: NS105:4 fix="write subprocess.run([\"nc\", \"-l\", str(port)], check=True)"
    subprocess.call(["ip", "link", "show"])
    subprocess.call("ip link", shell=False)


def jobs(node):
    """A job of the node's own shell (`%ping`) has no argv form."""
    node.cmd("kill %ping")  # expect: NS105:4 fix="pass an argument list without a shell"


def needs_a_shell():
    subprocess.call("ip link show | grep veth", shell=True)
    subprocess.call(["bash", "-c", "echo $UID"])
    os.system("rm -f /var/run/netns/qrouter-*")
    os.system("ip link show > /tmp/links")
    os.system("ip -o addr show < /dev/null")
    os.system("dnsmasq --conf-file=/etc/dnsmasq.conf &")
    os.system("ip link set eth0 down; ip link set eth0 up")
    os.system("ls /sys/class/net/eth?")
    os.system("ls /sys/class/net/eth[0-9]")
    os.system("ls ~/netns")
    os.system("echo `hostname`")
    os.system("(ip link show)")
    os.system("cd /var/lib/neutron && ls")
    os.system("export LANG=C")
    os.system("source /etc/profile")
    os.system(". /etc/profile")
    os.system("ulimit -n 4096")
    os.system("umask 022")
    os.system("set -e")
    os.system("exec ip link")
    os.system("eval ip link")
    os.system("enable -n kill")
    os.system("alias ll=ls")
    os.system("trap true EXIT")
    os.system("LANG=C ip link show")


def remote_constant(host):
    # a remote command is read by the remote login shell: a shell sink, so a
    # constant command with no shell feature is NS105 like any other
    subprocess.run(["ssh", host, "uptime"])  # expect: NS105
    subprocess.run(["sudo", "-u", "me", "ssh", "-n", host, "sudo true"])  # expect: NS105
    client = paramiko.SSHClient()
    client.exec_command("uptime")  # expect: NS105
    subprocess.run(["ssh", host, "ls /tmp/*"])
