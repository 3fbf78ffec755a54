"""`flake8 --format=sarif` writes one SARIF 2.1.0 log that code-scanning UIs
can read: every NS rule described, every finding with its rule, file, line
and column."""
from __future__ import annotations

import json
import textwrap

import pytest

from flake8_netns import docs
from flake8_netns.codes import CODES
from flake8_netns.sarif import artifact
from tests.helpers import flake8_run

SOURCE = textwrap.dedent("""\
    import os


    def unplug(device):
        # TODO: the veth peer leaks when the namespace is gone
        return device
    # FIXME: stale port cleanup
""")


def check_shape(log):
    """The parts of the SARIF 2.1.0 schema a code-scanning upload needs."""
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flake8"
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"].startswith(result["ruleId"] + " ")
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and " " not in uri
        base = physical["artifactLocation"].get("uriBaseId")
        if base is not None:
            assert run["originalUriBaseIds"][base]["uri"].endswith("/")
        region = physical["region"]
        assert (isinstance(region["startLine"], int)
                and region["startLine"] >= 1)
        assert (isinstance(region["startColumn"], int)
                and region["startColumn"] >= 1)
    return run


def sarif_run(cwd, *args, stdin=None):
    out = flake8_run(["--isolated", *args], stdin=stdin, cwd=cwd)
    assert out.returncode in (0, 1), out.stderr
    return out


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "agent.py").write_text(SOURCE)
    return tmp_path


@pytest.mark.parametrize("name", ["sarif", "netns-sarif"])
def test_findings_come_through_with_rule_file_line_and_column(tree, name):
    text = sarif_run(tree, "--select", "NS,F401", "--format", name, "pkg")
    default = sarif_run(tree, "--select", "NS,F401", "--format",
                        "%(path)s|%(row)d|%(col)d|%(code)s|%(text)s", "pkg")
    run = check_shape(json.loads(text.stdout))
    got = []
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        got.append("|".join([
            physical["artifactLocation"]["uri"], str(region["startLine"]),
            str(region["startColumn"]), result["ruleId"],
            result["message"]["text"].split(" ", 1)[1]]))
    assert got == default.stdout.splitlines()
    assert [r["ruleId"] for r in run["results"]] == ["F401", "NS401", "NS401"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uriBaseId"] for r in run["results"]} == {"%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == \
        tree.as_uri() + "/"


def test_every_ns_rule_is_described_from_its_page(tree):
    run = check_shape(json.loads(
        sarif_run(tree, "--select", "NS,F401", "--format", "sarif",
                  "pkg").stdout))
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(CODES) | {"F401"}
    assert rules["F401"] == {"id": "F401"}
    for code, entry in CODES.items():
        described = rules[code]
        assert described["shortDescription"]["text"] == entry.title
        assert described["fullDescription"]["text"] == docs.summary(code)
        assert described["fullDescription"]["text"]
        assert described["help"]["markdown"] == docs.page(code)
        assert described["defaultConfiguration"]["enabled"] is \
            entry.default_on
        tags = described["properties"]["tags"]
        assert {t for t in tags if "cwe" in t} == {
            f"external/cwe/{c.lower()}" for c in docs.cwes(code)}
    assert "external/cwe/cwe-78" in rules["NS101"]["properties"]["tags"]
    assert rules["NS001"]["properties"]["tags"] == []


def test_clean_run_is_an_empty_log(tree):
    (tree / "pkg" / "agent.py").write_text("x = 1\n")
    out = sarif_run(tree, "--select", "NS", "--format", "sarif", "pkg")
    assert out.returncode == 0
    run = check_shape(json.loads(out.stdout))
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(CODES)


def test_stdin_and_output_file_and_statistics(tree):
    out = sarif_run(tree, "--select", "NS", "--format", "sarif",
                    "--statistics", "--output-file", "out.sarif",
                    "--stdin-display-name", "dir with space/agent.py", "-",
                    stdin=SOURCE)
    assert out.stdout == ""
    run = check_shape(json.loads((tree / "out.sarif").read_text()))
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"], r["locations"][0]["physicalLocation"]["region"]
             ["startLine"]) for r in run["results"]] == [
        ("dir%20with%20space/agent.py", 5), ("dir%20with%20space/agent.py", 7)]


def test_absolute_paths_are_file_uris(tree):
    out = sarif_run(tree, "--select", "NS", "--format", "sarif",
                    str(tree / "pkg" / "agent.py"))
    run = check_shape(json.loads(out.stdout))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                 for r in run["results"]]
    assert locations == [{"uri": (tree / "pkg" / "agent.py").as_uri()}] * 2


def test_artifact_paths():
    assert artifact("./pkg/a.py") == {"uri": "pkg/a.py",
                                      "uriBaseId": "%SRCROOT%"}
    assert artifact("pkg/a#1.py")["uri"] == "pkg/a%231.py"
    assert artifact("/srv/a b.py") == {"uri": "file:///srv/a%20b.py"}
