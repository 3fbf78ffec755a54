"""What the functions of other project modules do with their parameters.

A wrapper such as NeST's `exec_subprocess` lives in one module and is
called from forty others; to see that a call hands a command to it, the
plugin reads the wrapper's module (never the checked file itself, which
flake8 hands over) and summarises what each of its functions and methods
does with its parameters, and which bases its classes have. Each module is
read and summarised at most once per process, and only its summaries are
kept. A module read this way may read the modules it imports in turn, up to
`MAX_LOAD_DEPTH` modules away from the checked file.
"""
from __future__ import annotations

import ast
import os

from flake8_netns.model.commands import ModuleAnalysis
from flake8_netns.model.imports import ImportTable
from flake8_netns.model.index import FileIndex
from flake8_netns.model.project import (MAX_MODULE_BYTES, ProjectIndex, absolute,
                                        may_run_commands, module_names_runner)
from flake8_netns.model.resolve import module_classes
from flake8_netns.model.summary import FunctionSummary, Importer, bare_summary
from flake8_netns.model.words import dotted_name
from flake8_netns.settings import Settings

Summaries = dict[str, FunctionSummary]
# process-wide: (path, settings) -> ({function or Class.method: summary} or
# None, whether the module's own imports were read for it)
_ANALYSES: dict[tuple[str, object], tuple[Summaries | None, bool]] = {}
# process-wide: path -> {class: [(module, level, name) of each base]}
_Bases = dict[str, list[tuple[str, int, str]]]
_BASES: dict[str, _Bases] = {}
MAX_BASE_HOPS = 6
MAX_LOAD_DEPTH = 2   # the checked file's wrappers and theirs
_LOAD_DEPTH = 0


class ProjectModules(ProjectIndex):
    """The project modules of one checked file, as summaries."""

    def function(self, importer: Importer, module: str, level: int,
                 name: str) -> FunctionSummary | None:
        """The summary of function `name` of `module` as imported by the
        module `importer` analyses, or None when it cannot be read."""
        path = self._readable(importer, module, level)
        summaries = load(path, self.settings) if path is not None else None
        return summaries.get(name) if summaries else None

    def summaries_if_read(self, importer: Importer, module: str,
                          level: int) -> Summaries | None:
        """What `function` would look a name up in, when the module was read
        already (with its own imports followed, as `function` reads it from
        the checked file); None, without reading anything, when it was not
        (or could not be)."""
        path = self._readable(importer, module, level)
        cached = _ANALYSES.get((path, self.settings)) if path is not None else None
        return cached[0] if cached is not None and cached[1] else None

    def _readable(self, importer: Importer, module: str, level: int) -> str | None:
        """The file of a module `function` may read: not the checked file."""
        if self.settings.follow_imports == "none":
            return None
        path = self._module_path(importer.filename, module, level)
        return None if path is None or absolute(path) == self.filename else path

    def method(self, importer: Importer, module: str, level: int, class_name: str,
               attr: str) -> FunctionSummary | None:
        """The summary of method `attr` of class `class_name` of `module`,
        looked up through the class's bases (in that module or in modules
        it imports), or None."""
        if self.settings.follow_imports == "none":
            return None
        path = self._module_path(importer.filename, module, level)
        for _ in range(MAX_BASE_HOPS):
            if path is None or absolute(path) == self.filename:
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


def load(path: str, settings: Settings) -> Summaries | None:
    """What the top-level functions of a project module do with their
    parameters (name -> FunctionSummary), read once per process. Only the
    summaries are kept: the module's tree goes as soon as they are made."""
    key = (path, settings)
    follows = _LOAD_DEPTH + 1 < MAX_LOAD_DEPTH
    cached = _ANALYSES.get(key)
    # a module first read at the depth limit (its imports unread) is read
    # again, once, when it is needed nearer the checked file
    if cached is not None and (cached[1] or not follows):
        return cached[0]
    _ANALYSES[key] = (None, True)   # a module that imports itself sees nothing
    summaries = None
    try:
        if os.path.getsize(path) <= MAX_MODULE_BYTES:
            with open(path, "rb") as handle:
                data = handle.read()
            tree = ast.parse(data, filename=path)
            names_sink = module_names_runner(path, data, settings)
            if _runs_nothing(names_sink, tree, path, settings, follows):
                summaries, _BASES[path] = _shallow(tree)
            else:
                summaries, _BASES[path] = _summarise(tree, path, settings, follows, names_sink)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        summaries = None
    _ANALYSES[key] = (summaries, follows)
    return summaries


def _runs_nothing(names_sink: bool, tree: ast.Module, path: str, settings: Settings,
                  follows: bool) -> bool:
    """No function of the module can run a command: the checked file's own
    text gate, applied to the module (its imports are read only when the
    module's own imports will be followed)."""
    return not names_sink and (not follows
                               or not may_run_commands("", tree, path, settings, False))


def _shallow(tree: ast.Module) -> tuple[Summaries, _Bases]:
    """What a module that runs nothing offers: its functions and methods
    with their parameters (a caller must still see that a project function
    is there, and runs nothing) and its classes' bases (an inherited method
    may run something two modules away); no body is read."""
    index = FileIndex.of(tree, bodies=False)
    found = {q: bare_summary(f) for q, f in index.functions.items()}
    top = {f.node.name: f.qualname for f in index.functions.values()
           if f.class_name is None and "." not in f.qualname}
    methods = {f.qualname for f in index.functions.values()
               if f.class_name is not None and f.qualname == f"{f.class_name}.{f.node.name}"}
    return _exported(found, top, methods), _class_bases(
        module_classes(tree), ImportTable.of_module(tree))


def _summarise(tree: ast.Module, path: str, settings: Settings,
               follows: bool, names_sink: bool = True) -> tuple[Summaries, _Bases]:
    global _LOAD_DEPTH
    # a project module's wrappers may wrap another module's: follow them up
    # to MAX_LOAD_DEPTH modules away from the checked file
    _LOAD_DEPTH += 1
    try:
        project = ProjectModules(path, settings) if follows else None
        analysis = ModuleAnalysis(tree, path, settings, project=project, names_sink=names_sink)
        everything = analysis.summaries
    finally:
        _LOAD_DEPTH -= 1
    methods = {qualname for class_name, names in analysis.methods.items()
               for name, qualname in names.items() if qualname == f"{class_name}.{name}"}
    return (_exported(everything, analysis.top_functions, methods),
            _class_bases(analysis.classes, analysis.imports))


def _exported(everything: Summaries, top: dict[str, str], methods: set[str]) -> Summaries:
    """The summaries other modules ask for: top-level functions by name and
    methods of top-level classes as `Class.method`."""
    summaries = {name: everything[qualname] for name, qualname in top.items()
                 if qualname in everything}
    summaries.update((qualname, everything[qualname]) for qualname in methods
                     if qualname in everything)
    return summaries


def _class_bases(classes: dict[str, ast.ClassDef], imports: ImportTable) -> _Bases:
    """Each class's bases as (module, level, name): a class of the same
    module is ("", 0, name); an imported one names its module."""
    bases: _Bases = {}
    for name, node in classes.items():
        found = []
        for base in node.bases:
            written = dotted_name(base)
            if written is None:
                continue
            head, _, rest = written.partition(".")
            imported = imports.bindings.get(head)
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
