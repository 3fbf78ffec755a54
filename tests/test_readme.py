"""The README's recipes, run as written where they need no network: the
pre-commit `local` hook's command, the tox lint environment's command, and
what the README says about opt-in codes and the `N` prefix. A recipe's
`flake8` runs through `python_m` (conftest.py): in this process in the quick
loop, and in the full suite as the `flake8` executable on PATH, as a shell
would run it."""
from __future__ import annotations

import configparser
import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest
import yaml

from tests.helpers import api_results, opt_in_args
from tests.runners import in_this_process
from tests.test_eval_files import expected_in, mismatches

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = pathlib.Path(sys.executable).parent

DEFECT = "import os\n\n\ndef up(dev):\n    os.system('ip link set %s up' % dev)\n"
CLEAN = "VALUE = 1\n"
# line 1 NS401 (on by default), line 2 NS402 (opt-in)
TODOS = "# TODO: the port leaks\n# TODO: rename this\n"


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def section(title):
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def on_path(command, cwd):
    """A recipe's command as a shell would run it, with this venv's flake8
    (the one the plugin is installed in) first on PATH."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def run_here(python_m):
    """`run_here(command, cwd)`: a recipe's `flake8 ARGS` command, through
    flake8's main() in this process or as the executable on PATH."""
    def run(command, cwd):
        if python_m is not in_this_process:
            return on_path(command, cwd)
        assert command[0] == "flake8", command
        return python_m("flake8", command[1:], cwd=cwd)
    return run


def project(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_pre_commit_local_hook_runs_as_written(tmp_path, run_here):
    [config] = [yaml.safe_load(b) for b in blocks("yaml")
                if "repo: local" in b]
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert hook["language"] == "system" and hook["types"] == ["python"]
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    tree = project(tmp_path, {"pkg/agent.py": DEFECT, "pkg/ok.py": CLEAN})
    # pre-commit appends the staged Python files to the command
    found = run_here([*command, "pkg/agent.py", "pkg/ok.py"], tree)
    assert found.returncode == 1, found.stderr
    assert ":5:5: NS101 " in found.stdout
    clean = run_here([*command, "pkg/ok.py"], tree)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_tox_lint_command_runs_as_written(tmp_path, run_here):
    [block] = [b for b in blocks("ini") if b.startswith("[testenv:lint]")]
    tox = configparser.ConfigParser(interpolation=None)
    tox.read_string(block)
    env = tox["testenv:lint"]
    deps = env["deps"].split()
    # flake8-netns is not on the index yet: the recipe installs a path
    assert "flake8>=7" in deps and "flake8-netns" not in deps
    assert [d for d in deps if "flake8-netns" in d] == [
        "{toxinidir}/../flake8-netns"]
    # tox replaces {posargs:DEFAULT} with DEFAULT when given no arguments
    command = re.sub(r"\{posargs:([^}]*)\}", r"\1", env["commands"])
    tree = project(tmp_path, {"src/agent.py": DEFECT,
                              "tests/test_agent.py": CLEAN})
    found = run_here(shlex.split(command), tree)
    assert found.returncode == 1, found.stderr
    assert "src/agent.py:5:5: NS101 " in found.stdout


def test_release_only_forms_are_said_to_be_so():
    # until the package is on the index, every index install is introduced
    # as the form for once it is released
    for form in ("pip install flake8-netns\n",
                 "additional_dependencies: [flake8-netns]"):
        starts = [m.start() for m in re.finditer(re.escape(form), README)]
        assert starts, form
        for start in starts:
            assert "released" in README[max(0, start - 400):start], form
    assert "not on PyPI yet" in section("Install")


def flake8_codes(python_m, tmp_path, *args):
    tree = project(tmp_path, {"agent.py": TODOS})
    found = python_m("flake8", ["--isolated", "--format", "%(code)s", *args,
                                "agent.py"], cwd=tree)
    assert found.returncode in (0, 1), found.stderr
    return sorted(set(found.stdout.split()))


@pytest.mark.parametrize("args, expected", [
    ((), ["NS401"]),
    (("--extend-ignore=N",), []),           # hides every NS code
    (("--extend-ignore=N8",), ["NS401"]),   # pep8-naming alone
    (("--select=E,F,W,N",), ["NS401"]),     # NS on, opt-in codes off
    (("--select=E,F,W,N8",), []),
    (("--select=E,F,W,N8,NS",), ["NS401"]),
    (("--select=E,F,W,NS,NS402",), ["NS401", "NS402"]),
    (("--extend-select", "NS103,NS105,NS402"), ["NS401", "NS402"]),
])
def test_prefix_and_opt_in_claims(python_m, tmp_path, args, expected):
    assert flake8_codes(python_m, tmp_path, *args) == expected
    for arg in args:
        assert arg.split("=")[-1] in README


def test_eval_file_example_passes_as_written():
    # the README's example of the `# expect:` syntax is an eval file that
    # passes, checked the way tests/test_eval_files.py checks one
    [example] = [b for b in re.findall(r"```python\n(.*?)```",
                                       section("Run the tests"), re.S)
                 if "# expect:" in b]
    expected = expected_in(example)
    assert len(expected) == 2 and all(
        item.col is not None and item.fields for item in expected)
    assert mismatches(expected, api_results(example, *opt_in_args())) == []
