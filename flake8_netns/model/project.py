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
        self._named = filename   # as given: most questions come from this file
        # (importer, module, level) -> the module's file: the same few
        # imports are asked about for every call of an imported function
        self._paths: dict[tuple[str, str, int], str | None] = {}

    def names_runner(self, importer_file: str, module: str, level: int) -> bool:
        """`module` names a runner in its text (one search, kept per process)."""
        path = self._module_path(importer_file, module, level)
        return path is not None and _module_runs(path)

    def module_exists(self, importer_file: str, module: str) -> bool:
        return bool(module) and self._module_path(importer_file, module, 0) is not None

    def _module_path(self, importer_file: str, module: str, level: int) -> str | None:
        mine = (importer_file, module, level)
        if mine in self._paths:
            return self._paths[mine]
        # kept for the process too, by the importer's folder (all a look-up
        # depends on; one per folder)
        folder = (self.directory if importer_file and importer_file == self._named
                  else folder_of(importer_file))
        key = (folder, module, level, self.settings.follow_imports)
        if key not in _PATHS:
            _PATHS[key] = self._find_module(importer_file, module, level)
        found = self._paths[mine] = _PATHS[key]
        return found

    def _find_module(self, importer_file: str, module: str, level: int) -> str | None:
        parts = [p for p in module.split(".") if p]
        if level:
            base = folder_of(importer_file)
            for _ in range(level - 1):
                base = os.path.dirname(base)
            return _find(base, tuple(parts))
        root = package_root(folder_of(importer_file))
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


def absolute(path: str) -> str:
    """`os.path.abspath`, kept: asked with the same few paths for every
    call of an imported function (a kept answer is many times cheaper). A
    relative path is kept with the folder it was relative to."""
    return _absolute(path, "" if path.startswith(os.sep) else os.getcwd())


def folder_of(path: str) -> str:
    """The absolute folder of a file, kept as `absolute`."""
    return _folder(path, "" if path.startswith(os.sep) else os.getcwd())


@functools.lru_cache(maxsize=8192)
def _absolute(path: str, cwd: str) -> str:
    return os.path.normpath(os.path.join(cwd, path))


@functools.lru_cache(maxsize=8192)
def _folder(path: str, cwd: str) -> str:
    return os.path.dirname(_absolute(path, cwd))


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


def _module_runs(path: str, data: bytes | None = None) -> bool:
    """The module at `path` names a runner (its bytes read here, or handed
    over by a caller that read them), kept for the process."""
    if path not in _MODULE_RUNS:
        if data is None:
            try:
                with open(path, "rb") as handle:
                    data = handle.read(MAX_MODULE_BYTES)
            except OSError:
                _MODULE_RUNS[path] = False
                return False
        _MODULE_RUNS[path] = bool(vocab.GATE.search(data.decode("utf-8", "replace")))
    return _MODULE_RUNS[path]


def module_names_runner(path: str, data: bytes, settings: Settings) -> bool:
    """`text_names_runner` of a project module's whole text (no larger than
    MAX_MODULE_BYTES), searched once per process however often it is read."""
    return bool(settings.exec_functions) or _module_runs(path, data)


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
