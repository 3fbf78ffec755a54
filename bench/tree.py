"""The pinned real trees the benchmark checks, fetched at run time as release
wheels and never committed: neutron 29.0.0 (its whole package, about 2,000
files) and four folders of nova 34.0.0 (virt, network, privsep, compute).

The pins are those of tests/test_real_trees.py (a test keeps them equal), and
a tree is unpacked into bench/.trees/NAME-VERSION/ as bench/real_trees.py
unpacks it, so whichever of the two fetches a tree first, the other reuses it.
"""
from __future__ import annotations

import dataclasses
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
TREES_DIR = HERE / ".trees"
# The development corpus (shared/eval/fetch_corpus.py) unpacks the same
# neutron wheel the same way; reusing it saves a download.
DEV_CORPUS = pathlib.Path.home() / ".cache" / "flake8-netns-corpus"


@dataclasses.dataclass(frozen=True)
class Tree:
    name: str                  # the distribution, and its top-level package
    version: str
    paths: tuple[str, ...]     # what flake8, bandit and scaling check
    sample: str                # one file of it: proves a root holds this tree

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"

    def title(self) -> str:
        """"nova 34.0.0: nova/virt, nova/network, ..." for reports."""
        return f"{self.name} {self.version}: {', '.join(self.paths)}"


NEUTRON = Tree("neutron", "29.0.0", ("neutron",),
               "neutron/agent/linux/ip_lib.py")
NOVA = Tree("nova", "34.0.0",
            ("nova/virt", "nova/network", "nova/privsep", "nova/compute"),
            "nova/compute/manager.py")
TREES = {tree.name: tree for tree in (NEUTRON, NOVA)}
# the editor figure checks one large file of neutron, as an editor would
EDITOR_TREE, EDITOR_FILE = NEUTRON, NEUTRON.sample


def usable(tree: Tree, root: pathlib.Path) -> bool:
    return (root / tree.sample).is_file() and \
        all((root / path).is_dir() for path in tree.paths)


def pinned_tree(tree: Tree, explicit: pathlib.Path | None = None
                ) -> pathlib.Path:
    """The root holding the tree's folders: `explicit`, else a copy already
    on disk, else the wheel downloaded and unpacked into bench/.trees/."""
    if explicit is not None:
        if not usable(tree, explicit):
            sys.exit(f"bench: {explicit} holds no {tree.sample} or misses "
                     f"one of {', '.join(tree.paths)}")
        return explicit
    for candidate in (TREES_DIR / tree.folder, DEV_CORPUS / tree.folder):
        if usable(tree, candidate):
            return candidate
    return _fetch(tree, TREES_DIR / tree.folder)


def _fetch(tree: Tree, target: pathlib.Path) -> pathlib.Path:
    print(f"bench: fetching {tree.pin} into {target}", file=sys.stderr)
    TREES_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=TREES_DIR) as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
             "--only-binary", ":all:", "-d", tmp, tree.pin],
            capture_output=True, text=True)
        wheels = list(pathlib.Path(tmp).glob("*.whl"))
        if done.returncode or not wheels:
            sys.exit(f"bench: could not download {tree.pin}:\n{done.stderr}")
        staging = pathlib.Path(tmp) / "tree"
        with zipfile.ZipFile(wheels[0]) as wheel:
            wheel.extractall(staging, [m for m in wheel.namelist()
                                       if ".dist-info/" not in m
                                       and ".data/" not in m])
        # a half-unpacked tree must never be mistaken for a finished one
        shutil.move(str(staging), target)
    return target


def python_files(root: pathlib.Path, paths: tuple[str, ...] = (".",)
                 ) -> list[pathlib.Path]:
    """The files flake8 checks under `root/path` for each of `paths`,
    relative to `root` (the whole root by default)."""
    found = {p.relative_to(root) for path in paths
             for p in (root / path).rglob("*.py")
             if "__pycache__" not in p.parts}
    return sorted(found)
