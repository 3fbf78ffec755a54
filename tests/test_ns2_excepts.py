"""NS2 through functions of other project modules, and message contents."""
from __future__ import annotations

import textwrap

from tests.helpers import api_findings, api_messages, codes
from tests.runners import Runner

LIB = '''
import subprocess


def delete_device(dev):
    subprocess.check_call(["ip", "link", "del", dev])


def describe(dev):
    return "device %s" % dev
'''

AGENT = '''
from agent import lib
from agent.lib import delete_device, describe


def cleanup(dev):
    try:
        delete_device(dev)
    except Exception:
        pass
    try:
        lib.delete_device(dev)
    except:
        pass
    try:
        describe(dev)
    except Exception:
        pass
'''


def _project(tmp_path):
    package = tmp_path / "agent"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "lib.py").write_text(LIB)
    module = package / "main.py"
    module.write_text(AGENT)
    return module


def test_commands_run_by_another_project_module(tmp_path):
    module = _project(tmp_path)
    assert codes(api_findings(AGENT, filename=str(module))) == [(9, "NS202"), (13, "NS201")]


def test_same_through_flake8(tmp_path, python_m: Runner):
    _project(tmp_path)
    out = python_m("flake8", ["--isolated", "--select", "NS2", "--format", "%(row)d:%(code)s",
                              "agent/main.py"], cwd=str(tmp_path))
    assert out.stdout.split() == ["9:NS202", "13:NS201"]


def test_follow_imports_none_sees_only_the_file(tmp_path):
    module = _project(tmp_path)
    assert api_findings(AGENT, "--netns-follow-imports=none", filename=str(module)) == []


def test_message_names_the_guarded_call_and_its_line():
    source = textwrap.dedent('''
        import subprocess

        def f(ns):
            try:
                subprocess.check_call(["ip", "netns", "del", ns])
            except Exception:
                pass
    ''')
    assert api_messages(source) == [
        "NS202 'except Exception' around subprocess.check_call() at line 6 swallows the "
        "failure: catch the command's own error, or log at warning or above, or re-raise"]


def test_nested_try_and_handler_in_a_loop():
    source = textwrap.dedent('''
        import subprocess

        def f(devices):
            for dev in devices:
                try:
                    try:
                        subprocess.check_call(["ip", "link", "del", dev])
                    except subprocess.CalledProcessError:
                        continue
                except Exception:
                    continue
    ''')
    assert codes(api_findings(source)) == [(11, "NS202")]


def test_except_star_and_async_with():
    source = textwrap.dedent('''
        import asyncio
        import contextlib

        async def f(dev):
            async with contextlib.AsyncExitStack():
                pass
            try:
                await asyncio.create_subprocess_exec("ip", "link", "del", dev)
            except* Exception:
                pass
    ''')
    assert codes(api_findings(source)) == [(10, "NS202")]
