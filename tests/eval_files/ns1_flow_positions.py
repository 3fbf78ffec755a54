# flake8-args: --extend-select NS103
"""NS103 where the element stands as written (RULES.md: at the argv element,
where the fix goes, even when the list was built before the call): a local
bound to a built string is reported where it is put into the argv or handed
to a wrapper, not where the string was built; the message still shows the
built string. `*args` is a tuple whose items are argv elements, `list()`,
`tuple()` and `map(str, ...)` keep a list's items, and `str()` makes text."""
import subprocess

from oslo_concurrency import processutils

import constants

VLAN_PREFIX = "vlan-"


def add_vlan(dev, vlan):
    dev_name = f"{dev}.{vlan}"
    cmd = ["ip", "link", "add", "link", dev, "name", dev_name,  # expect: NS103:53 element="f'{dev}.{vlan}'" names="'dev' and 'vlan'" how="an f-string" sink=processutils.execute()
           "type", "vlan", "id", vlan]
    processutils.execute(*cmd)


def appended(dev, addr, prefix):
    cidr = "%s/%s" % (addr, prefix)
    args = ["ip", "addr", "add"]
    args.append(cidr)  # expect: NS103:16 element="'%s/%s'" names="'addr' and 'prefix'"
    args.insert(0, cidr)  # expect: NS103:19 element="'%s/%s'"
    args += ["dev", dev]
    subprocess.check_call(args)


def extended(bridge, port):
    option = "tag=%s" % port
    args = ["ovs-vsctl", "add-port", bridge]
    args += [port, option]  # expect: NS103:19 element="'tag=%s'" names=port
    args.extend(["--", option])  # expect: NS103:23 element="'tag=%s'"
    processutils.execute(*args)


def ovs_ofctl(args):
    return processutils.execute("ovs-ofctl", *args)


def get_port(name):
    return processutils.execute("ovs-vsctl", "get", "Interface", name, "ofport")


def flows(bridge, cookie, patch):
    flow = "cookie={}".format(cookie)
    ovs_ofctl(["add-flow", bridge, flow])  # expect: NS103:35 element="'cookie={}'" names=cookie sink=ovs_ofctl()
    ovs_ofctl(["del-flows", bridge, flow])  # expect: NS103:36 element="'cookie={}'"
    patch_name = "patch-{}-to-br-int".format(patch)
    get_port(patch_name)  # expect: NS103:13 element="'patch-{}-to-br-int'" names=patch sink=get_port()
    get_port(patch)
    fixed = "cookie={}/-1".format(constants.OVS_RULE_COOKIE)
    ovs_ofctl(["del-flows", bridge, fixed])


def shell_cmd(cmd, options, *args):
    flags = ["-" + option for option in options]
    cmd_args = list(flags) + list(args)
    return processutils.execute(cmd, *cmd_args)


def chown(path, user, group):
    owner = "%s:%s" % (user, group)
    shell_cmd("chown", ["R"], owner, path)  # expect: NS103:30 element="'%s:%s'" sink=shell_cmd()


def recovery(datadir):
    signal_file = f"{datadir}/recovery.signal"
    chown(signal_file, "postgres", "postgres")  # expect: NS103:10 element="f'{datadir}/recovery.signal'" names=datadir sink=chown()
    chown(datadir, "postgres", "postgres")


def run_all(*argv):
    return subprocess.check_call(tuple(argv))


def through_varargs(dev):
    run_all("sysctl", "-w", "net.ipv4.conf.%s.forwarding=1" % dev)  # expect: NS103:28 sink=run_all() names=dev
    run_all("ip", "link", "set", dev, "up")


def mapped(dev, addl_env):
    cmd = ["ip", "link", "set", "%s.1" % dev, "up"]  # expect: NS103:32 element="'%s.1'"
    cmd = list(map(str, addl_env + cmd))
    processutils.execute(*cmd)
    plain = list(map(str, ["ip", "link", "set", dev, "up"]))
    processutils.execute(*plain)


def prefixed(vni, bridge):
    vlan_name = constants.OVN_EVPN_VLAN_PREFIX + str(vni)
    processutils.execute("ovs-vsctl", "add-port", bridge, vlan_name)  # expect: NS103:58 names=vni how="'+'"
    local_name = VLAN_PREFIX + str(vni)
    processutils.execute("ip", "link", "del", local_name)  # expect: NS103:46
    processutils.execute("ip", "link", "del", str(vni))


# A wrapper whose items reach a sink that a **kwargs shell switch may turn
# into a shell: its callers' items are still argv elements (trove's chown).
def execute_shell_cmd(cmd, options, *args, **kwargs):
    exec_args = {"shell": kwargs.pop("shell", False)}
    return processutils.execute(cmd, *list(options), *args, **exec_args)


def chown_as(path, user, **kwargs):
    return execute_shell_cmd("chown", ["-R"], user, path, **kwargs)


def owners(datadir, user):
    chown_as(f"{datadir}/recovery.signal", user)  # expect: NS103:13 sink=chown_as()
    chown_as(datadir, user)


# A local list made from parameters and handed to another module's wrapper
# makes this function a wrapper too (ovn-bgp-agent's get_bridge_flows).
def bridge_flows(bridge, filter_=None):
    args = ["dump-flows", bridge]
    if filter_ is not None:
        args.append(filter_)
    return processutils.execute("ovs-ofctl", *args)


def cookie_flows(bridge, cookie):
    bridge_flows(bridge, "cookie={}/-1".format(cookie))  # expect: NS103:25 sink=bridge_flows()
