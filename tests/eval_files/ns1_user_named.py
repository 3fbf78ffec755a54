# flake8-args: --netns-exec-functions=*.cmd:shell,runner:argv,*.popen:argv
"""User-named runners: --netns-exec-functions."""


def topology(node, intf, host):
    node.cmd("ip link del " + intf)  # expect: NS101
    node.cmd("ifconfig", intf, "up")
    node.cmd("ip link show")  # expect: NS105
    node.cmd(host.startCommand)  # expect: NS104
    host.popen("ping -c1 %s" % intf)  # expect: NS102
    runner("tc qdisc del dev %s root" % intf)  # expect: NS102


def local_alternatives(node, intf, runCmd=None):
    if not runCmd:
        runCmd = node.cmd
    runCmd("ip link del " + intf)  # expect: NS101
