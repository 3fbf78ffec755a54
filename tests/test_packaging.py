"""Release-ready: `python -m build` makes an sdist and a wheel that
`twine check` accepts, the wheel holds every module, page and entry point,
and the wheel alone, installed in a fresh venv, runs the README's example
and `explain`.

No network: the build uses this venv's setuptools (`--no-isolation`, the
test extra installs it) and the fresh venv gets only the wheel (`--no-deps
--no-index`); flake8 and astroid are reached through a `.pth` file naming
this venv's site-packages, after the venv's own, so the wheel's
flake8_netns is the one imported.

Building and the fresh venv take processes and seconds: those tests are
slow-marked. The quick loop keeps the check that needs neither, that
setuptools' package search, as pyproject.toml sets it up, finds every
module and page of the source tree.
"""
from __future__ import annotations

import email.parser
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile

import pytest

from flake8_netns import __version__, docs
from flake8_netns.codes import CODES

ROOT = pathlib.Path(__file__).resolve().parent.parent
# what a checkout holds that is not source (and may be large)
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", ".corpus", ".trees", ".tox", ".pytest_cache", "build",
    "dist", "*.egg-info", "__pycache__", "*.pyc")
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# what pyproject.toml's [tool.setuptools.packages.find] and package-data say
PACKAGES = {"include": ["flake8_netns*"]}
PACKAGE_DATA = {"flake8_netns.docs": "*.md"}


def test_package_search_finds_every_module_and_page():
    import setuptools  # only this test needs it; not at collection

    # `namespaces = false`: a folder of modules without __init__.py would
    # be left out of the wheel without a word
    packages = set(setuptools.find_packages(str(ROOT), **PACKAGES))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'include = ["flake8_netns*"]\nnamespaces = false' in pyproject
    assert '"flake8_netns.docs" = ["*.md"]' in pyproject
    package_dir = ROOT / "flake8_netns"
    for path in package_dir.rglob("*"):
        if "__pycache__" in path.parts or path.suffix not in (".py", ".md"):
            continue
        package = ".".join(path.parent.relative_to(ROOT).parts)
        assert package in packages, path
        if path.suffix == ".md":
            assert path.match(PACKAGE_DATA[package]), path
    assert {f"flake8_netns/docs/{code}.md" for code in CODES} <= {
        p.relative_to(ROOT).as_posix() for p in package_dir.rglob("*.md")}


def run(*command, cwd=None, env=None):
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """sdist and wheel built from a copy of the checkout (building writes
    egg-info and build/ into the source folder); the wheel is built from
    the sdist, so a file the sdist forgets fails the build."""
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = base / "dist"
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out,
        source)
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    return source, sdist, wheel


@pytest.mark.slow
def test_twine_accepts_both(dist):
    _, sdist, wheel = dist
    done = run(sys.executable, "-m", "twine", "check", "--strict", sdist,
               wheel)
    assert done.stdout.count("PASSED") == 2, done.stdout


@pytest.mark.slow
def test_wheel_holds_every_module_page_and_entry_point(dist):
    source, _, wheel = dist
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"flake8_netns-{__version__}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = email.parser.Parser().parsestr(
            archive.read(f"{info}/METADATA").decode())
    package = source / "flake8_netns"
    wanted = {p.relative_to(source).as_posix()
              for p in package.rglob("*") if p.suffix in (".py", ".md")}
    assert wanted - names == set()
    assert {f"flake8_netns/docs/{code}.md" for code in CODES} <= names
    assert f"{info}/licenses/LICENSE" in names
    assert "NS = flake8_netns.plugin:NetnsChecker" in entry_points
    assert "sarif = flake8_netns.sarif:SarifFormatter" in entry_points
    assert "netns-sarif = flake8_netns.sarif:SarifFormatter" in entry_points
    assert metadata["Name"] == "flake8-netns"
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.10"
    classifiers = metadata.get_all("Classifier")
    assert "Framework :: Flake8" in classifiers
    assert [c for c in classifiers if c.startswith(
        "Programming Language :: Python :: 3.")] == [
        f"Programming Language :: Python :: {v}" for v in PYTHONS]
    assert metadata.get_content_type() == "text/plain"  # headers only
    assert metadata["Description-Content-Type"] == "text/markdown"


@pytest.mark.slow
def test_sdist_holds_what_the_tests_need(dist):
    _, sdist, _ = dist
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml",
                   "examples/agent_example.py", "tests/helpers.py",
                   "tests/conftest.py", "tox.ini"):
        assert needed in names, needed
    assert any(n.startswith("tests/eval_files/") for n in names)
    assert not any("__pycache__" in n for n in names)


@pytest.fixture(scope="module")
def fresh(dist, tmp_path_factory):
    """A new venv holding the wheel and nothing else of this project."""
    _, _, wheel = dist
    base = tmp_path_factory.mktemp("fresh")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install",
        "--no-deps", "--no-index", "--no-cache-dir", "--quiet", wheel)
    site = run(python, "-c",
               "import sysconfig; print(sysconfig.get_paths()['purelib'])"
               ).stdout.strip()
    # flake8, astroid and their dependencies from this venv; a .pth line is
    # put on sys.path after the venv's own site-packages, and the .pth files
    # in that folder (this checkout's editable install) are not run
    deps = dict.fromkeys([sysconfig.get_paths()["purelib"],
                          sysconfig.get_paths()["platlib"]])
    pathlib.Path(site, "deps-from-test-venv.pth").write_text(
        "\n".join(deps) + "\n")
    work = base / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return venv, work, env


@pytest.mark.slow
def test_the_wheel_is_what_runs(fresh):
    venv, work, env = fresh
    done = run(venv / "bin" / "python", "-c",
               "import flake8_netns, importlib.metadata as m;"
               "print(flake8_netns.__file__);"
               "print(m.version('flake8-netns'))", cwd=work, env=env)
    where, version = done.stdout.split()
    assert pathlib.Path(where).is_relative_to(venv)
    assert version == __version__
    done = run(venv / "bin" / "python", "-m", "flake8", "--version", cwd=work,
               env=env)
    assert f"flake8-netns: {__version__}" in " ".join(done.stdout.split())


@pytest.mark.slow
def test_the_wheel_runs_the_readme_example(fresh):
    venv, work, env = fresh
    done = subprocess.run(
        [venv / "bin" / "python", "-m", "flake8", "--select", "NS", "--format",
         "%(row)d:%(code)s", "examples/"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # findings
    found = sorted(row.split(":")[1] for row in done.stdout.split())
    assert found == sorted(c for c, spec in CODES.items()
                           if spec.default_on and c != "NS001")


@pytest.mark.slow
def test_the_wheel_explains(fresh):
    venv, work, env = fresh
    done = run(venv / "bin" / "python", "-m", "flake8_netns", "explain",
               "NS101", cwd=work, env=env)
    assert done.stdout == docs.page("NS101")
    done = run(venv / "bin" / "python", "-m", "flake8_netns", "--version",
               cwd=work, env=env)
    assert done.stdout.strip() == f"flake8-netns {__version__}"
