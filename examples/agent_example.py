"""A small network agent with one defect of every default-on flake8-netns kind.

    flake8 --select NS examples/

reports each line marked with its code below. None of this is code to copy:
`python -m flake8_netns explain NS101` shows what to write instead.
"""
import contextlib
import logging
import os
import subprocess

LOG = logging.getLogger(__name__)


def set_link_up(namespace, device):
    # NS101: the device name goes through a shell
    os.system("ip netns exec %s ip link set %s up" % (namespace, device))


def set_mtu(device, mtu):
    # NS102: a device name with a space becomes two arguments
    subprocess.check_call(("ip link set %s mtu %d" % (device, mtu)).split())


def run_shell(command):
    # NS104: whatever the callers pass runs through a shell
    return subprocess.call(command, shell=True)


def delete_device(device):
    try:
        subprocess.check_call(["ip", "link", "del", device])
    except:  # NS201: also catches KeyboardInterrupt and SystemExit
        pass


def flush_conntrack(zone):
    try:
        subprocess.check_call(["conntrack", "-D", "-w", zone])
    except Exception:  # NS202: the failure is only logged at debug level
        LOG.debug("conntrack flush failed")


def delete_namespace(namespace):
    with contextlib.suppress(Exception):  # NS203: every failure is hidden
        subprocess.check_call(["ip", "netns", "delete", namespace])


def connect(host, password):
    # NS301: the password itself is logged
    LOG.info("connecting to %s with password %s", host, password)


def login(user, password):
    request = {"user": user, "password": password}
    # NS302: the dict holds the password
    LOG.info("login request: %s", request)


def plug(port, mac):
    # NS303: every local variable is logged, secrets included
    LOG.debug("plugging %(port)s with %(mac)s", locals())
    # NS401: a resource leak known and tracked nowhere
    # TODO: the veth pair leaks when plugging fails
    set_link_up("qrouter", port)
