"""The pinned real tree the benchmark checks: neutron 29.0.0 (about 2,000
files), fetched at run time as the release wheel and never committed."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

PINNED = "neutron==29.0.0"
PACKAGE = "neutron"                      # the folder flake8 and bandit check
EDITOR_FILE = "neutron/agent/linux/ip_lib.py"

HERE = pathlib.Path(__file__).resolve().parent
TREES = HERE / ".trees"
# The development corpus (shared/eval/fetch_corpus.py) unpacks the same wheel
# the same way; reusing it saves a download.
DEV_CORPUS = pathlib.Path.home() / ".cache" / "flake8-netns-corpus"


def _folder_name() -> str:
    name, version = PINNED.split("==")
    return f"{name}-{version}"


def _usable(root: pathlib.Path) -> bool:
    return (root / EDITOR_FILE).is_file()


def pinned_tree(explicit: pathlib.Path | None = None) -> pathlib.Path:
    """The root holding `neutron/`: `explicit`, else a copy already on disk,
    else the wheel downloaded and unpacked into bench/.trees/."""
    if explicit is not None:
        if not _usable(explicit):
            sys.exit(f"bench: {explicit} holds no {EDITOR_FILE}")
        return explicit
    for candidate in (TREES / _folder_name(), DEV_CORPUS / _folder_name()):
        if _usable(candidate):
            return candidate
    return _fetch(TREES / _folder_name())


def _fetch(target: pathlib.Path) -> pathlib.Path:
    print(f"bench: fetching {PINNED} into {target}", file=sys.stderr)
    TREES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=TREES) as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
             "--only-binary", ":all:", "-d", tmp, PINNED],
            capture_output=True, text=True)
        wheels = list(pathlib.Path(tmp).glob("*.whl"))
        if done.returncode or not wheels:
            sys.exit(f"bench: could not download {PINNED}:\n{done.stderr}")
        staging = pathlib.Path(tmp) / "tree"
        with zipfile.ZipFile(wheels[0]) as wheel:
            wheel.extractall(staging, [m for m in wheel.namelist()
                                       if ".dist-info/" not in m
                                       and ".data/" not in m])
        # a half-unpacked tree must never be mistaken for a finished one
        shutil.move(str(staging), target)
    return target


def python_files(root: pathlib.Path) -> list[pathlib.Path]:
    """The files flake8 checks under `root/neutron`, relative to `root`."""
    return sorted(p.relative_to(root) for p in (root / PACKAGE).rglob("*.py")
                  if "__pycache__" not in p.parts)
