"""NS103 (opt-in): an argv item that interpolates a value into constant text."""
import subprocess

from oslo_concurrency import processutils


def sysctl(cmd, namespace=None):
    return processutils.execute("sysctl", "-w", *cmd)


def direct(interface_name, timeout, signal, dev):
    processutils.execute("sysctl", "-w", "net.ipv4.conf.%s.proxy_arp=1" % interface_name)  # expect: NS103
    cmd = ["ovs-vsctl", "--timeout=%d" % timeout, "show"]
    processutils.execute(*cmd)  # expect: NS103
    subprocess.call(["kill", "-%d" % signal, "1"])  # expect: NS103
    subprocess.call(["ip", "link", "del", dev])
    subprocess.call(["ip", "link", "del", "%s" % dev])
    subprocess.call(["ip", "link", "del", str(dev)])


def through_wrapper(dev):
    sysctl(["net.ipv6.conf.%s.disable_ipv6=1" % dev])  # expect: NS103
    sysctl(["net.ipv4.ip_forward=1"])
    for version in (4, 6):
        subprocess.call(["conntrack", "-f", "ipv" + str(version)])


class Bridge:
    def run_ofctl(self, cmd, args):
        full_args = ["ovs-ofctl", cmd, "-O", "OpenFlow13", "br-int"] + args
        return subprocess.check_output(full_args)

    def delete(self, action):
        self.run_ofctl("%s-flows" % action, [])  # expect: NS103
        self.run_ofctl("dump-flows", [])
