"""Finding and summarising the project modules a checked file imports.

A wrapper such as NeST's `exec_subprocess` lives in one module and is
called from forty others; to see that a call hands a command to it, the
plugin reads the wrapper's module (never the checked file itself, which
flake8 hands over) and summarises what each of its functions does with its
parameters. Modules are found from the checked file's package root without
importing anything; each is read and summarised at most once per process.

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
from flake8_netns.vocab.sinks import GATE

MAX_MODULE_BYTES = 2_000_000
# process-wide: (path, settings) -> {function name: summary} or None
_ANALYSES: dict[tuple[str, object], dict | None] = {}
_ROOTS: dict[str, str | None] = {}
# process-wide: path -> {class: [(module, level, name) of each base]}
_BASES: dict[str, dict[str, list[tuple[str, int, str]]]] = {}
MAX_BASE_HOPS = 6
MAX_LOAD_DEPTH = 3   # the checked file's wrappers, theirs, and theirs again
_LOAD_DEPTH = 0


class ProjectIndex:
    def __init__(self, filename: str, settings) -> None:
        self.settings = settings
        self.filename = os.path.abspath(filename) if filename else ""
        self.directory = os.path.dirname(self.filename)

    def function(self, importer, module: str, level: int, name: str):
        """The summary of function `name` of `module` as imported by the
        module `importer` analyses, or None when it cannot be read."""
        if self.settings.follow_imports == "none":
            return None
        path = self._module_path(importer.filename, module, level)
        if path is None or os.path.abspath(path) == self.filename:
            return None
        summaries = load(path, self.settings)
        return summaries.get(name) if summaries else None

    def method(self, importer, module: str, level: int, class_name: str, attr: str):
        """The summary of method `attr` of class `class_name` of `module`,
        looked up through the class's bases (in that module or in modules
        it imports), or None."""
        if self.settings.follow_imports == "none":
            return None
        path = self._module_path(importer.filename, module, level)
        for _ in range(MAX_BASE_HOPS):
            if path is None or os.path.abspath(path) == self.filename:
                return None
            summaries = load(path, self.settings)
            if not summaries:
                return None
            found = summaries.get(f"{class_name}.{attr}")
            if found is not None:
                return found
            bases = _BASES.get(path, {}).get(class_name, ())
            if not bases:
                return None
            # the first base that is readable (single inheritance is the
            # common case; a mixin list is read left to right)
            base_module, base_level, base_name = bases[0]
            if not base_module and not base_level:
                class_name = base_name   # a class of the same module
                continue
            path = self._module_path(path, base_module, base_level)
            class_name = base_name
        return None

    def module_exists(self, importer_file: str, module: str) -> bool:
        return bool(module) and self._module_path(importer_file, module, 0) is not None

    def _module_path(self, importer_file: str, module: str, level: int) -> str | None:
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


# a word any module that runs a command contains, derived from the sink
# rows (vocab/sinks.py), so a new row can never be gated out
SINK_TEXT = GATE
_MODULE_RUNS: dict[str, bool] = {}


def may_run_commands(source: str, tree: ast.Module, filename: str, settings) -> bool:
    """Whether a file can hold a command at all, decided without walking
    its tree: it names a runner, the user names runners, or it imports from
    a project module that names one (where a wrapper may live)."""
    if settings.exec_functions or SINK_TEXT.search(source):
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


def _module_runs(path: str) -> bool:
    if path not in _MODULE_RUNS:
        try:
            with open(path, "rb") as handle:
                text = handle.read(MAX_MODULE_BYTES).decode("utf-8", "replace")
            _MODULE_RUNS[path] = bool(SINK_TEXT.search(text))
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


def load(path: str, settings) -> dict | None:
    """What the top-level functions of a project module do with their
    parameters (name -> FunctionSummary), read once per process. Only the
    summaries are kept: the module's tree goes as soon as they are made."""
    key = (path, settings)
    if key in _ANALYSES:
        return _ANALYSES[key]
    _ANALYSES[key] = None   # a module that imports itself sees nothing
    summaries = None
    try:
        if os.path.getsize(path) <= MAX_MODULE_BYTES:
            with open(path, "rb") as handle:
                tree = ast.parse(handle.read(), filename=path)
            from flake8_netns.model.commands import ModuleAnalysis
            # a project module's wrappers may wrap another module's: follow
            # them up to MAX_LOAD_DEPTH modules away from the checked file
            global _LOAD_DEPTH
            _LOAD_DEPTH += 1
            try:
                project = ProjectIndex(path, settings) if _LOAD_DEPTH < MAX_LOAD_DEPTH else None
                analysis = ModuleAnalysis(tree, path, settings, project=project)
                everything = analysis.summaries
            finally:
                _LOAD_DEPTH -= 1
            summaries = {name: everything[qualname]
                         for name, qualname in analysis.top_functions.items()
                         if qualname in everything}
            for class_name, methods in analysis.methods.items():
                for name, qualname in methods.items():
                    if qualname == f"{class_name}.{name}" and qualname in everything:
                        summaries[qualname] = everything[qualname]
            _BASES[path] = _class_bases(analysis)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        summaries = None
    _ANALYSES[key] = summaries
    return summaries


def _class_bases(analysis) -> dict[str, list[tuple[str, int, str]]]:
    """Each class's bases as (module, level, name): a class of the same
    module is ("", 0, name); an imported one names its module."""
    from flake8_netns.model.words import dotted_name
    bases: dict[str, list[tuple[str, int, str]]] = {}
    for name, node in analysis.classes.items():
        found = []
        for base in node.bases:
            written = dotted_name(base)
            if written is None:
                continue
            head, _, rest = written.partition(".")
            imported = analysis.imports.bindings.get(head)
            if imported is None:
                if not rest:
                    found.append(("", 0, written))
            elif rest and "." not in rest:
                module = ".".join(p for p in (imported.module, imported.name) if p)
                found.append((module, imported.level, rest))
            elif not rest and imported.name:
                found.append((imported.module, imported.level, imported.name))
        if found:
            bases[name] = found
    return bases
