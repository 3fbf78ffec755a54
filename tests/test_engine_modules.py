"""Wrappers across the modules of one project, read from disk as flake8
would see them: inherited methods, wrappers of wrappers two modules away,
**kwargs forwarding, partials of an imported wrapper (RULES.md "wrapper
sinks", "Resolving methods")."""
from __future__ import annotations

import textwrap

import pytest

from tests.helpers import api_findings, flake8_run

MODULES = {
    "pkg/__init__.py": "",
    "pkg/priv.py": '''
        from oslo_concurrency import processutils


        def ovs_vsctl(args, timeout=None):
            return processutils.execute("ovs-vsctl", *args)
        ''',
    "pkg/ovs.py": '''
        from pkg import priv


        def add_port(bridge, port_spec):
            return priv.ovs_vsctl(["add-port", bridge, port_spec])
        ''',
    "pkg/utils.py": '''
        import subprocess

        from oslo_concurrency import processutils


        def execute(*cmd, **kwargs):
            return processutils.execute(*cmd, **kwargs)


        def run_command(log, cmd, shell=False):
            log.debug(cmd)
            return subprocess.Popen(cmd, shell=shell)


        class Base:
            def execute_process(self, args, shell=True):
                return subprocess.Popen(args, shell=shell)
        ''',
    "pkg/agent.py": '''
        import functools

        from pkg import ovs
        from pkg import utils
        from pkg.utils import Base

        run = functools.partial(utils.run_command, None)


        class Agent(Base):
            def add(self, addr, plen, dev):
                self.execute_process(
                    ["ip", "addr", "add", "%s/%s" % (addr, plen), "dev", dev], shell=False)

            def up(self, dev):
                self.execute_process("ip link set %s up" % dev)

            def down(self, dev):
                super().execute_process("ip link set %s down" % dev)


        def mount(root):
            utils.execute("chroot %s sh -c 'mount -a'" % root, shell=True)
            utils.execute("ip", "link", "show", root)


        def plug(bridge, dev):
            ovs.add_port(bridge, "tag=%s" % dev)
            ovs.add_port(bridge, dev)


        def restart(name):
            run("systemctl restart %s" % name, shell=True)
        ''',
}

EXPECTED = [(13, 34, "NS103"), (16, 8, "NS101"), (19, 8, "NS101"), (23, 4, "NS101"),
            (28, 25, "NS103"), (33, 4, "NS101")]


@pytest.fixture
def project(tmp_path):
    for name, text in MODULES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return tmp_path


def test_through_the_api(project):
    agent = project / "pkg" / "agent.py"
    found = api_findings(agent.read_text(), "--extend-select", "NS103", filename=str(agent))
    assert found == EXPECTED


def test_through_flake8(project):
    out = flake8_run(["--isolated", "--select", "NS", "--extend-select", "NS103",
                      "--format", "%(row)d:%(col)d:%(code)s", "pkg/agent.py"],
                     cwd=str(project))
    assert out.returncode == 1, out.stderr
    assert [tuple(r.split(":")) for r in out.stdout.split()] == [
        (str(line), str(col + 1), code) for line, col, code in EXPECTED]


def test_follow_imports_none_keeps_to_the_file(project):
    # only the by-name rules remain: `utils.execute(..., shell=True)` and
    # `run_command` (through the partial) are shell sinks by their names
    agent = project / "pkg" / "agent.py"
    found = api_findings(agent.read_text(), "--extend-select", "NS103",
                         "--netns-follow-imports", "none", filename=str(agent))
    assert found == [(23, 4, "NS101"), (33, 4, "NS101")]
