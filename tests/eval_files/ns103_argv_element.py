"""NS103 (opt-in): an argv item that interpolates a value into constant text.

Reported at the element, where the fix goes, even when the list was built
lines before the call; the message names the sink and the values."""
import subprocess

from oslo_concurrency import processutils

SYSCTL_KEY = "net.ipv4.ip_forward"


def sysctl(cmd, namespace=None):
    return processutils.execute("sysctl", "-w", *cmd)


def direct(interface_name, db, dev):
    processutils.execute("sysctl", "-w", "net.ipv4.conf.%s.proxy_arp=1" % interface_name)  # expect: NS103:41 element="'net.ipv4.conf.%s.proxy_arp=1'" sink=processutils.execute() names=interface_name how=%-formatting
    cmd = ["ovs-vsctl", "--db=%s" % db, "show"]  # expect: NS103:24 sink=processutils.execute() names=db
    processutils.execute(*cmd)
    subprocess.call(["ip", "link", "del", dev])
    subprocess.call(["ip", "link", "del", "%s" % dev])
    subprocess.call(["ip", "link", "del", str(dev)])


def built_before_the_call(dev, dev_name, enabled, vlan):
    args = ["sysctl", "-w"]
    args.append("net.ipv4.conf.%s.forwarding=1" % dev)  # expect: NS103:16 element="'net.ipv4.conf.%s.forwarding=1'" sink=subprocess.call() names=dev
    subprocess.call(args)
    full = ["ip", "link", "add", "link", dev,
            f"{dev}.{vlan}", "type", "vlan"]  # expect: NS103:12 element="f'{dev}.{vlan}'" names="'dev' and 'vlan'" how="an f-string"
    subprocess.check_call(full)
    subprocess.check_call(full)   # the same element, reported once
    sysctl(["net.ipv6.conf.%(dev)s.accept_ra_rt_info_max_plen=%(value)s" % {"dev": dev_name, "value": enabled}])  # expect: NS103:12 element="'net.ipv6.conf.%(dev)s.accept_ra_rt_info_max_…'" names="'dev_name' and 'enabled'"


def numbers(timeout, signal, value, pid):
    """Values that can only be digits carry no space or `;`: constant."""
    processutils.execute("ovs-vsctl", "--timeout=%d" % timeout, "show")
    subprocess.call(["kill", "-%d" % signal, "1"])
    subprocess.call(["sysctl", "-w", "%s=%d" % (SYSCTL_KEY, value)])
    subprocess.call(["renice", "-n", "5", "--pid=%d" % int(pid)])
    for index in range(4):
        subprocess.call(["ip", "link", "set", "dev", "veth%d" % index, "up"])
    for position, name in enumerate(["a", "b"]):
        subprocess.call(["ip", "link", "set", name, "alias", "port%d" % position])


def through_wrapper(dev):
    sysctl(["net.ipv6.conf.%s.disable_ipv6=1" % dev])  # expect: NS103:12 sink=sysctl() names=dev
    sysctl(["net.ipv4.ip_forward=1"])
    for version in (4, 6):
        subprocess.call(["conntrack", "-f", "ipv" + str(version)])


class Bridge:
    def run_ofctl(self, cmd, args):
        full_args = ["ovs-ofctl", cmd, "-O", "OpenFlow13", "br-int"] + args
        return subprocess.check_output(full_args)

    def delete(self, action):
        self.run_ofctl("%s-flows" % action, [])  # expect: NS103:23 element="'%s-flows'" sink=self.run_ofctl() names=action
        self.run_ofctl("dump-flows", [])

    def add(self, flows):
        self.run_ofctl("add-flows", ["-", "\n".join(flows)])  # expect: NS103:42 element="'\\n'.join(flows)" names=flows how=join()
