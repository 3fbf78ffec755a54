"""NS1 messages, word for word, and where they are reported (issue 12).

Every case runs through the checker API and a real `flake8` process and
must give exactly the findings listed: line, 0-based column, code and the
whole message.
"""
from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given, settings, strategies as st

from flake8_netns.codes import Finding
from flake8_netns.rules.ns1_text import ELLIPSIS, quoted_text, source_excerpt
from tests.helpers import api_results, flake8_results, opt_in_args

# the checker API in the quick loop, a flake8 process in the full suite
RUNS = [api_results, pytest.param(flake8_results, marks=pytest.mark.slow)]
NS101_GENERIC = ("pass an argument list without a shell, or quote each value "
                 "with shlex.quote()")

CASES = {
    "issue example: os.system with %-formatting": ('''
import os


def up(dev):
    os.system("ip link set %s up" % dev)
''', [Finding(6, 4, "NS101",
              "NS101 shell command built from 'dev' with %-formatting reaches "
              "os.system(): write subprocess.run([\"ip\", \"link\", \"set\", dev, "
              "\"up\"], check=True)")]),

    "issue example: a split %-format": ('''
import subprocess


def show(ns):
    subprocess.check_call(("ip netns exec %s ip link" % ns).split())
''', [Finding(6, 4, "NS102",
              "NS102 command string built from 'ns' with %-formatting is split "
              "into arguments for subprocess.check_call(): write [\"ip\", "
              "\"netns\", \"exec\", ns, \"ip\", \"link\"]")]),

    "an attribute named as written, a number placeholder as str()": ('''
import subprocess


class Port:
    def plug(self, mtu):
        subprocess.call("ip link set {} mtu {:d}".format(self.name, mtu), shell=True)
''', [Finding(7, 8, "NS101",
              "NS101 shell command built from 'self.name' with str.format() reaches "
              "subprocess.call(): write subprocess.call([\"ip\", \"link\", \"set\", "
              "self.name, \"mtu\", str(mtu)])")]),

    "a value glued to text: the generic advice": ('''
import os


def sysctl(key, value):
    os.system(f"sysctl -w {key}={value}")
''', [Finding(6, 4, "NS101",
              "NS101 shell command built from 'key' and 'value' with an f-string "
              f"reaches os.system(): {NS101_GENERIC}")]),

    "a shell feature in the text: the generic advice": ('''
import os


def links(dev):
    os.system("ip link show %s | grep UP" % dev)
''', [Finding(6, 4, "NS101",
              "NS101 shell command built from 'dev' with %-formatting reaches "
              f"os.system(): {NS101_GENERIC}")]),

    "a value that is itself a built string: no argv": ('''
import os


def run_in(ns, dev):
    inner = "ip link set %s up" % dev
    os.system("ip netns exec %s %s" % (ns, inner))
''', [Finding(7, 4, "NS101",
              "NS101 shell command built from 'ns' and 'dev' with %-formatting "
              f"reaches os.system(): {NS101_GENERIC}")]),

    "sh -c after a prefix: the prefix stays, the shell goes": ('''
import subprocess


def flush(ns, dev):
    subprocess.call(["ip", "netns", "exec", ns, "sh", "-c", "ip addr flush dev " + dev])
''', [Finding(6, 4, "NS101",
              "NS101 shell command built from 'dev' with '+' reaches "
              "subprocess.call(): write subprocess.call([\"ip\", \"netns\", "
              "\"exec\", ns, \"ip\", \"addr\", \"flush\", \"dev\", dev])")]),

    "NS103 at the element of a list built before the call": ('''
from oslo_concurrency import processutils


def proxy_arp(interface_name):
    cmd = ['sysctl', '-w',
           'net.ipv4.conf.%s.proxy_arp=1' % interface_name]
    processutils.execute(*cmd, check_exit_code=False)
''', [Finding(7, 11, "NS103",
              "NS103 argument 'net.ipv4.conf.%s.proxy_arp=1' of "
              "processutils.execute() mixes 'interface_name' into constant text "
              "with %-formatting: pass the value as its own argument or check it "
              "first")]),

    "NS103 element cut inside its quotes, values named from a dict": ('''
import subprocess


def forwarding(dev_name, enabled):
    subprocess.call(["sysctl", "-w",
                     "net.ipv6.conf.%(dev)s.forwarding=%(enabled)s.and_a_long_tail"
                     % {"dev": dev_name, "enabled": enabled}])
''', [Finding(7, 21, "NS103",
              "NS103 argument 'net.ipv6.conf.%(dev)s.forwarding=%(enabled)s.…' "
              "of subprocess.call() mixes 'dev_name' and 'enabled' into constant "
              "text with %-formatting: pass the value as its own argument or "
              "check it first")]),

    "NS103 built with join, named by its source": ('''
import subprocess


class Bridge:
    def run_ofctl(self, cmd, args):
        return subprocess.check_output(["ovs-ofctl", cmd, "br-int"] + args)

    def add(self, flows):
        self.run_ofctl("add-flows", ["-", "\\n".join(flows)])
''', [Finding(10, 42, "NS103",
              "NS103 argument '\\n'.join(flows) of self.run_ofctl() mixes 'flows' "
              "into constant text with join(): pass the value as its own argument "
              "or check it first")]),

    "NS104 names the attribute": ('''
import os


class Agent:
    def start(self):
        os.system(self.start_command)
''', [Finding(7, 8, "NS104",
              "NS104 os.system() runs 'self.start_command' through a shell: pass "
              "an argument list without a shell")]),

    "NS105 shows the command and the argv": ('''
import os


def show():
    os.system("ovs-vsctl --timeout=10 show")
''', [Finding(6, 4, "NS105",
              "NS105 os.system() runs the constant command 'ovs-vsctl --timeout=10 "
              "show' through a shell it does not need: write subprocess.run("
              "[\"ovs-vsctl\", \"--timeout=10\", \"show\"], check=True)")]),

    "NS105 with a number: what is written, not a stand-in digit": ('''
import os


def stop(pid):
    os.system("kill -TERM %d" % pid)
''', [Finding(6, 4, "NS105",
              "NS105 os.system() runs the constant command 'kill -TERM %d' % pid "
              "through a shell it does not need: write subprocess.run([\"kill\", "
              "\"-TERM\", str(pid)], check=True)")]),

    "a remote shell: quoting is the only fix": ('''
from oslo_concurrency import processutils


def remote(ssh, dev):
    processutils.ssh_execute(ssh, "ip link show %s" % dev)
''', [Finding(6, 4, "NS101",
              "NS101 shell command built from 'dev' with %-formatting reaches "
              "processutils.ssh_execute(): quote each value with shlex.quote() "
              "(a remote shell reads it)")]),
}


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("name", list(CASES))
def test_exact_findings(name, run):
    source, expected = CASES[name]
    assert sorted(run(source, *opt_in_args())) == expected


LONG = '''
import os


def route(ns, dev, table, via):
    os.system("ip netns exec %s ip route replace default via %s dev %s table %s "
              "proto static metric 100 onlink" % (ns, via, dev, table))
'''


@pytest.mark.parametrize("run", RUNS)
def test_a_long_argv_is_cut_at_an_item(run):
    [found] = run(LONG)
    fix = found.text.split(": ", 1)[1]
    assert fix == ('write subprocess.run(["ip", "netns", "exec", ns, "ip", "route", '
                   '"replace", "default", "via", via, "dev", …], check=True)')
    assert len(fix) <= 120


def test_one_list_run_twice_is_one_element_to_fix():
    source = '''
import subprocess


def add(dev, vlan):
    full = ["ip", "link", "add", "link", dev, "%s.%s" % (dev, vlan), "type", "vlan"]
    subprocess.check_call(full)
    subprocess.check_call(full)
'''
    assert [(f.line, f.col, f.code) for f in api_results(source, *opt_in_args())] == [
        (6, 46, "NS103")]


# -- every message: one line, its code first, no open quote --------------------

SNIPPETS = [source for source, _ in CASES.values()] + [LONG]


@pytest.mark.parametrize("source", SNIPPETS)
def test_messages_are_one_line_and_never_say_a_value(source):
    for found in api_results(source, *opt_in_args()):
        assert "\n" not in found.text
        assert found.text.startswith(found.code + " ")
        assert "a value" not in found.text
        assert "built of" not in found.text


# -- cutting text -------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=120), limit=st.integers(4, 80))
def test_quoted_text_is_a_closed_literal_of_a_prefix(text, limit):
    shown = quoted_text(text, limit)
    cut = shown.replace(ELLIPSIS, "") if ELLIPSIS not in text else None
    if cut is not None:
        value = ast.literal_eval(cut)     # quotes closed, no escape split
        assert text.startswith(value)
        assert (shown == repr(text)) == (value == text)
    if len(text) > limit:
        assert shown[-2] == ELLIPSIS


@pytest.mark.parametrize("template", [
    "net.ipv6.conf.%(dev)s.forwarding=%(enable)s",
    "ovs-vsctl -- --may-exist add-port {bridge} {port} -- set Interface {port}",
])
def test_a_cut_never_splits_a_placeholder(template):
    for limit in range(8, len(template)):
        body = quoted_text(template, limit)[1:-2]
        assert not re.search(r"%\([^)]*$|\{[^}]*$", body), (limit, body)


def test_source_excerpt_closes_a_cut_string():
    node = ast.parse("'\\t'.join(['first-very-long-item', 'second-very-long-item', x])",
                     mode="eval").body
    shown = source_excerpt(node, 30)
    assert shown.endswith(ELLIPSIS + "'") or shown.endswith(ELLIPSIS)
    assert len(shown) <= 31
    assert shown.count("'") % 2 == 0
