"""Finding the project modules a checked file imports, without importing.

Modules are found from the checked file's package root (never by
importing anything); `modules.py` reads and summarises them. The cheap
text gate of the command families (`may_run_commands`) lives here too: a
file that names no runner and imports no project module naming one costs
one regular-expression search.

`--netns-follow-imports`: `none` reads nothing, `project` (default) reads
modules below the checked file's package root, `all` also looks on
`sys.path` for installed packages.
"""
from __future__ import annotations

import ast
import functools
import os
import sys

from flake8_netns.model.imports import module_level_imports
from flake8_netns.settings import Settings
from flake8_netns.vocab import calls as vocab

MAX_MODULE_BYTES = 2_000_000
_ROOTS: dict[str, str | None] = {}
# (importer's folder, module, level, follow-imports) -> the module's file
_PATHS: dict[tuple[str, str, int, str], str | None] = {}


class ProjectIndex:
    def __init__(self, filename: str, settings: Settings) -> None:
        self.settings = settings
        self.filename = os.path.abspath(filename) if filename else ""
        self.directory = os.path.dirname(self.filename)

    def names_runner(self, importer_file: str, module: str, level: int) -> bool:
        """`module` names a runner in its text (one search, kept per process)."""
        path = self._module_path(importer_file, module, level)
        return path is not None and _module_runs(path)

    def module_exists(self, importer_file: str, module: str) -> bool:
        return bool(module) and self._module_path(importer_file, module, 0) is not None

    def _module_path(self, importer_file: str, module: str, level: int) -> str | None:
        # asked for every call of an imported function: kept for the process,
        # by the importer's folder (all a look-up depends on; one per folder)
        key = (os.path.dirname(os.path.abspath(importer_file)), module, level,
               self.settings.follow_imports)
        if key not in _PATHS:
            _PATHS[key] = self._find_module(importer_file, module, level)
        return _PATHS[key]

    def _find_module(self, importer_file: str, module: str, level: int) -> str | None:
        parts = [p for p in module.split(".") if p]
        if level:
            base = os.path.dirname(os.path.abspath(importer_file))
            for _ in range(level - 1):
                base = os.path.dirname(base)
            return _find(base, tuple(parts))
        root = package_root(os.path.dirname(os.path.abspath(importer_file)))
        if root is not None:
            found = _find(root, tuple(parts))
            if found is not None:
                return found
        if self.settings.follow_imports == "all":
            for entry in sys.path:
                if entry and os.path.isdir(entry):
                    found = _find(entry, tuple(parts))
                    if found is not None:
                        return found
        return None


_MODULE_RUNS: dict[str, bool] = {}


def may_run_commands(source: str, tree: ast.Module, filename: str, settings: Settings,
                     names_sink: bool | None = None) -> bool:
    """Whether a file can hold a command at all, decided without walking
    its tree: it names a runner, the user names runners, or it imports from
    a project module that names one (where a wrapper may live)."""
    if text_names_runner(source, settings) if names_sink is None else names_sink:
        return True
    if settings.follow_imports == "none":
        return False
    index = ProjectIndex(filename, settings)
    for node in module_level_imports(tree.body):
        if isinstance(node, ast.ImportFrom):
            modules = [(node.module or "", node.level)] + [
                (f"{node.module}.{a.name}" if node.module else a.name, node.level)
                for a in node.names]
        else:
            modules = [(a.name, 0) for a in node.names]
        for module, level in modules:
            path = index._module_path(filename, module, level)
            if path is not None and _module_runs(path):
                return True
    return False


def text_names_runner(source: str, settings: Settings) -> bool:
    """The text holds a word every module that runs a command contains
    (derived from the sink rows in vocab/calls.py, so a new row can never be
    gated out), or the user names runners of their own."""
    return bool(settings.exec_functions or vocab.GATE.search(source))


def _module_runs(path: str) -> bool:
    if path not in _MODULE_RUNS:
        try:
            with open(path, "rb") as handle:
                text = handle.read(MAX_MODULE_BYTES).decode("utf-8", "replace")
            _MODULE_RUNS[path] = bool(vocab.GATE.search(text))
        except OSError:
            _MODULE_RUNS[path] = False
    return _MODULE_RUNS[path]


def top_package(filename: str) -> str | None:
    """The name of the outermost package holding `filename`, if any."""
    directory = os.path.dirname(os.path.abspath(filename)) if filename else ""
    root = package_root(directory) if directory else None
    if not root or root == directory:
        return None
    return os.path.relpath(directory, root).split(os.sep)[0]


def package_root(directory: str) -> str | None:
    """The folder above the outermost package holding `directory`."""
    if directory in _ROOTS:
        return _ROOTS[directory]
    root = None
    current = directory
    while os.path.isfile(os.path.join(current, "__init__.py")):
        parent = os.path.dirname(current)
        if parent == current:
            break
        root = parent
        current = parent
    if root is None and os.path.isdir(directory):
        root = directory   # a loose script folder: its siblings are the project
    _ROOTS[directory] = root
    return root


@functools.lru_cache(maxsize=8192)
def _find(base: str, parts: tuple[str, ...]) -> str | None:
    """The module file for `parts` below `base`; every file of a tree asks
    about the same few imports, so the answers (file system look-ups) are
    kept for the process."""
    if not parts:
        init = os.path.join(base, "__init__.py")
        return init if os.path.isfile(init) else None
    path = os.path.join(base, *parts)
    for candidate in (path + ".py", os.path.join(path, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None
