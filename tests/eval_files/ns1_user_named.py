# flake8-args: --netns-exec-functions=*.cmd:shell,runner:argv,*.popen:argv
"""User-named runners: --netns-exec-functions."""


def topology(node, intf, host):
    node.cmd("ip link del " + intf)  # expect: NS101:4 names=intf sink=node.cmd() fix="run [\"ip\", \"link\", \"del\", intf] without a shell"
    node.cmd("ifconfig", intf, "up")
    node.cmd("ip link show")  # expect: NS105:4 command="'ip link show'"
    node.cmd(host.startCommand)  # expect: NS104:4 what="'host.startCommand'"
    host.popen("ping -c1 %s" % intf)  # expect: NS102:4 sink=host.popen() fix="write [\"ping\", \"-c1\", intf]"
    runner("tc qdisc del dev %s root" % intf)  # expect: NS102


def local_alternatives(node, intf, runCmd=None):
    if not runCmd:
        runCmd = node.cmd
    runCmd("ip link del " + intf)  # expect: NS101
