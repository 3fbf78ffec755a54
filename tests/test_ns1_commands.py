"""The command model across modules, and NS1 through real flake8 runs on a
project tree: wrappers defined in one module and called from another."""
from __future__ import annotations

import textwrap

import pytest

from tests.helpers import api_findings, codes
from tests.runners import Runner

EXEC_MODULE = '''
import shlex
import subprocess


def exec_subprocess(cmd, shell=False):
    temp_cmd = cmd
    if shell is False:
        temp_cmd = cmd.split()
    return subprocess.Popen(temp_cmd, shell=shell)


def exec_exp_commands(cmd):
    return subprocess.Popen(shlex.split(cmd))


def run_privileged(cmd):
    return exec_subprocess("sudo " + cmd)


def sysctl(cmd, namespace=None):
    return subprocess.check_call(["sysctl", "-w"] + cmd)
'''

CALLER = '''
from pkg.engine import exec as engine_exec
from pkg.engine.exec import exec_exp_commands, sysctl
from .exec import exec_subprocess


def configure(ns, dev, value):
    exec_subprocess(f"ip netns exec {ns} ip link set {dev} up")
    exec_subprocess(f"ip netns exec {ns} sysctl -a | grep {dev}", shell=True)
    exec_exp_commands("ping -c1 %s" % dev)
    engine_exec.exec_subprocess("ip link del " + dev)
    sysctl(["net.ipv4.conf.%s.forwarding=%d" % (dev, value)])
    exec_subprocess("ip link show")
    exec_subprocess(dev)
'''


@pytest.fixture()
def project(tmp_path):
    engine = tmp_path / "pkg" / "engine"
    engine.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (engine / "__init__.py").write_text("")
    (engine / "exec.py").write_text(EXEC_MODULE)
    caller = engine / "sysctl.py"
    caller.write_text(CALLER)
    return tmp_path, caller


EXPECTED = [(8, "NS102"), (9, "NS101"), (10, "NS102"), (11, "NS102"), (12, "NS103")]


def test_cross_module_wrappers_through_the_api(project):
    _, caller = project
    found = api_findings(CALLER, "--extend-select", "NS103",
                         filename=str(caller))
    assert codes(found) == EXPECTED


def test_cross_module_wrappers_through_flake8(project, python_m: Runner):
    root, caller = project
    out = python_m("flake8", ["--isolated", "--select", "NS1", "--extend-select", "NS103",
                              "--format", "%(row)d:%(code)s", str(caller.relative_to(root))],
                   cwd=str(root))
    assert [tuple(r.split(":")) for r in out.stdout.split()] == [
        (str(line), code) for line, code in EXPECTED]


def test_stdin_resolves_wrappers_from_the_display_name(project, python_m: Runner):
    root, caller = project
    out = python_m("flake8", ["--isolated", "--select", "NS1", "--extend-select", "NS103",
                              "--format", "%(row)d:%(code)s",
                              "--stdin-display-name", str(caller), "-"],
                   stdin=CALLER, cwd=str(root))
    assert [tuple(r.split(":")) for r in out.stdout.split()] == [
        (str(line), code) for line, code in EXPECTED]


def test_follow_imports_none_keeps_to_the_file(project):
    _, caller = project
    found = api_findings(CALLER, "--netns-follow-imports=none", filename=str(caller))
    assert found == []


def test_wrapper_module_itself(project):
    _, _ = project
    found = api_findings(EXEC_MODULE, filename="exec.py")
    # Popen(temp_cmd, shell=shell): a shell switched by a parameter is a
    # shell sink for the wrapper's own opaque parameter; `"sudo " + cmd`
    # handed to it is a built string, split since shell stays off
    assert codes(found) == [(10, "NS104"), (18, "NS102")]


@pytest.mark.parametrize("source, expected", [
    ("import subprocess as sp\ndef f(x):\n    sp.call('ls ' + x, shell=True)\n",
     [(3, "NS101")]),
    ("from subprocess import Popen as P\ndef f(x):\n    P('ls %s' % x, shell=1)\n",
     [(3, "NS101")]),
    ("from os import system\ndef f(x):\n    system(f'ls {x}')\n", [(3, "NS101")]),
    ("import subprocess\ndef f(x):\n    subprocess.call('ls ' + x, shell=False)\n", []),
    ("import subprocess\ndef f(x):\n    subprocess.call('ls ' + x, shell=None)\n", []),
    ("import subprocess\ndef f(x, s):\n    subprocess.call('ls ' + x, shell=s)\n",
     [(3, "NS101")]),
    ("import functools, subprocess\nrun = functools.partial(subprocess.call, shell=True)\n"
     "def f(x):\n    runner = functools.partial(subprocess.call, shell=True)\n"
     "    runner('ls ' + x)\n", [(5, "NS101")]),
    ("def f(x, runner=None):\n    runner = runner or x.cmd\n    runner('ls ' + x)\n", []),
    ("import os\ndef f(x):\n    cmd = 'ls'\n    cmd = 'ls ' + x\n    cmd = 'ls -l'\n"
     "    os.system(cmd)\n", [(6, "NS105")]),
])
def test_sink_forms(source, expected):
    assert codes(api_findings(source, "--extend-select", "NS105")) == expected


def test_deep_wrapper_chain_in_one_module():
    source = textwrap.dedent('''
        import subprocess

        def level0(cmd):
            return subprocess.call(cmd, shell=True)

        def level1(command):
            return level0(command)

        class Agent:
            def level2(self, c):
                return level1(c)

            def level3(self, c):
                return self.level2(c)

            def use(self, dev):
                self.level3("ip link del %s" % dev)
    ''')
    assert codes(api_findings(source)) == [(5, "NS104"), (18, "NS101")]


def test_recursive_wrappers_end():
    source = textwrap.dedent('''
        import os

        def a(cmd, n):
            return b(cmd, n - 1) if n else os.system(cmd)

        def b(cmd, n):
            return a(cmd, n)

        def use(dev):
            a("ip link del " + dev, 3)
    ''')
    assert codes(api_findings(source)) == [(5, "NS104"), (11, "NS101")]
