"""The editor path: a real python-lsp-server, with its flake8 plugin on,
runs flake8 on the unsaved buffer through stdin and shows this plugin's
findings as diagnostics; fixing the code clears them. (VS Code's flake8
extension runs flake8 on stdin the same way.)

The server test starts pylsp and flake8 processes, so it is slow-marked;
the quick loop runs pylsp's own flake8 plugin code (its arguments and its
output parser) around flake8's main() in this process."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from pylsp.plugins import flake8_lint

from tests.helpers import api_findings, api_messages
from tests.runners import in_this_process

TIMEOUT = 30.0  # seconds for any one answer from the server

CASES = {
    "NS401": (
        """\
        def unplug(ip_lib, device):
            # TODO: the veth peer leaks when the namespace is gone
            ip_lib.delete_device(device)
        """,
        """\
        def unplug(ip_lib, device):
            # TODO: the veth peer leaks when the namespace is gone, bug 1234567
            ip_lib.delete_device(device)
        """),
    "NS101": (
        """\
        import os


        def show_links(namespace):
            os.system("ip netns exec %s ip link" % namespace)
        """,
        """\
        import subprocess


        def show_links(namespace):
            subprocess.run(["ip", "netns", "exec", namespace, "ip", "link"])
        """),
}


class LanguageServer:
    """A pylsp process spoken to over stdio; every wait is bounded."""

    def __init__(self, root):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pylsp"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is not None:
                self.messages.put(json.loads(stream.read(length)))

    def send(self, method, params, request=False):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()
        return message.get("id")

    def wait_for(self, accept):
        """The first message `accept` returns true for, within TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("pylsp sent no expected message in "
                                     f"{TIMEOUT}s")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if accept(message):
                return message

    def request(self, method, params):
        number = self.send(method, params, request=True)
        return self.wait_for(lambda m: m.get("id") == number)

    def close(self):
        try:
            self.request("shutdown", None)
            self.send("exit", None)
            self.process.wait(timeout=TIMEOUT)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)


def flake8_settings():
    executable = os.path.join(os.path.dirname(sys.executable), "flake8")
    others = ["pycodestyle", "pyflakes", "mccabe", "pydocstyle", "pylint",
              "autopep8", "yapf", "rope_autoimport", "rope_completion",
              "jedi_completion", "jedi_hover", "jedi_symbols"]
    plugins = {name: {"enabled": False} for name in others}
    plugins["flake8"] = {"enabled": True, "executable": executable,
                         "select": ["NS"]}
    return {"pylsp": {"plugins": plugins}}


def flake8_diagnostics(server, uri):
    """The flake8 diagnostics of the next publishDiagnostics for `uri`."""
    message = server.wait_for(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri)
    return [d for d in message["params"]["diagnostics"]
            if d.get("source") == "flake8"]


def expected_diagnostic(source):
    """The one diagnostic pylsp must show for `source`: the checker API's
    finding, at its line and column, to the end of the line."""
    [(line, col, code)] = api_findings(source)
    [message] = api_messages(source)
    document_line = source.splitlines(keepends=True)[line - 1]
    return code, message, {
        "start": {"line": line - 1, "character": col},
        "end": {"line": line - 1, "character": len(document_line)}}


@pytest.mark.parametrize("code", list(CASES))
def test_pylsp_flake8_plugin_shows_the_finding(tmp_path, code):
    defect, fixed = (textwrap.dedent(s) for s in CASES[code])
    # the arguments pylsp's flake8 plugin gives flake8 with the settings
    # above, for an unsaved buffer of the workspace
    args = [*flake8_lint.build_args({"select": ["NS"]}),
            "--stdin-display-name", "agent.py"]
    diagnostics = {}
    for name, source in (("defect", defect), ("fixed", fixed)):
        run = in_this_process("flake8", args, stdin=source, cwd=tmp_path)
        assert run.returncode in (0, 1), run.stderr
        diagnostics[name] = flake8_lint.parse_stdout(source, run.stdout)
    [diagnostic] = diagnostics["defect"]
    found, message, where = expected_diagnostic(defect)
    assert found == code
    assert (diagnostic["source"], diagnostic["code"], diagnostic["message"],
            diagnostic["range"]) == ("flake8", code, message, where)
    assert diagnostics["fixed"] == []


@pytest.fixture
def server(tmp_path):
    started = LanguageServer(tmp_path)
    try:
        answer = started.request("initialize", {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
            "capabilities": {}, "initializationOptions": flake8_settings()})
        assert "capabilities" in answer["result"]
        started.send("initialized", {})
        yield started
    finally:
        started.close()


@pytest.mark.slow  # a pylsp process, which starts flake8 processes
@pytest.mark.parametrize("code", list(CASES))
def test_diagnostic_shows_and_goes_away_when_fixed(server, tmp_path, code):
    defect, fixed = (textwrap.dedent(s) for s in CASES[code])
    found, message, where = expected_diagnostic(defect)
    assert found == code

    uri = (tmp_path / "agent.py").as_uri()
    server.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": defect}})
    [diagnostic] = flake8_diagnostics(server, uri)
    assert diagnostic["code"] == code
    assert diagnostic["message"] == message
    assert diagnostic["range"] == where

    server.send("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": fixed}]})
    assert flake8_diagnostics(server, uri) == []
