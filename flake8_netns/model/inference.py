"""astroid, for the one question syntax cannot answer: what a call returns.

`self._run = make_runner()` followed by `self._run("ip link del " + dev)`
runs a command when `make_runner` returns `subprocess.getoutput` (or a
`functools.partial` of `subprocess.call` with `shell=True`): that is
inference, and astroid does it. Everything syntax can read (what is assigned
where, import aliases) is read from flake8's own tree instead.

Building an astroid tree costs about ten times flake8's own parse, and
importing astroid tens of megabytes, so both happen only for a file that
has such a call handed a built string, at most once per file. Every astroid
error, recursion included, ends in "not known".

Two promises need astroid held on a short leash (`_sealed`):

- **Nothing is imported.** astroid finds a module through the import
  system, imports C extensions to read them, and lets brains import what
  they cannot find (its `gi` brain calls `__import__("gi.repository.X")`):
  with the checked project on `sys.path`, the project's own code would run.
  While the plugin asks astroid anything, astroid's module look-up is
  replaced by one that only ever reads source files: the running Python's
  standard library from its own folders, and what `--netns-follow-imports`
  allows (`none`: nothing more, `project`: the checked file's package tree,
  `all`: `sys.path` too), whatever `sys.path` holds. A C module is read
  only if the interpreter has already loaded it.
- **Nothing outlives the file.** astroid's caches are process-wide (the
  module cache, the lookup and inference caches) and a cached node keeps
  its whole tree alive through its parents; `release()` forgets everything
  the file added, so a long `-j1` run stays flat.
"""
from __future__ import annotations

import ast
import contextlib
import functools
import os
import sys
import types
from typing import Any, Iterator, Sequence

from flake8_netns.model.project import (MAX_MODULE_BYTES, ProjectIndex, package_root,
                                        _find as module_file)
from flake8_netns.settings import Settings

MAX_RESULTS = 4
# standard library modules astroid has read, kept from file to file
MAX_KEPT_MODULES = 64
_KEPT: set[str] = set()
_MODULE_NAME = "flake8_netns_checked_module"
# astroid names C functions by the module that defines them
_ALIASES = {"posix.": "os.", "nt.": "os."}


class ReturnInference:
    """What calls of the checked file return, as stdlib `ast` expressions."""

    def __init__(self, lines: Sequence[str], filename: str, settings: Settings) -> None:
        self._lines = lines
        self._filename = filename
        self._settings = settings
        self._module_name = _MODULE_NAME
        # astroid ships no type information: its nodes are Any here
        self._calls: dict[tuple[int, int], Any] | None = None
        self._cached_before: frozenset[str] = frozenset()

    def returned(self, call: ast.Call) -> list[ast.expr]:
        """Dotted names (`subprocess.getoutput`) or partial calls that
        `call` may return, or [] when astroid cannot tell."""
        found: list[ast.expr] = []
        try:
            with _sealed(self._filename, self._settings):
                node = self._astroid_call(call)
                if node is None:
                    return []
                for inferred in node.infer():
                    if len(found) >= MAX_RESULTS:
                        break
                    expr = self._as_expression(inferred)
                    if expr is not None:
                        found.append(expr)
        except Exception:  # astroid's InferenceError, recursion, odd trees
            return found
        return found

    def release(self) -> None:
        """Forget what astroid keeps of this file: the modules it built
        for it (the checked one included) and every cache holding nodes."""
        if self._calls is None:
            return
        self._calls = None
        try:
            _forget(self._cached_before)
        except Exception:   # pragma: no cover - an astroid without these caches
            pass            # costs memory, never the file's findings

    def _astroid_call(self, call: ast.Call) -> Any:
        if self._calls is None:
            self._calls = self._build()
        return self._calls.get((call.lineno, call.col_offset))

    def _build(self) -> dict[tuple[int, int], Any]:
        import astroid
        from astroid import nodes

        if "builtins" not in astroid.MANAGER.astroid_cache:
            # astroid's own first step (it bootstraps on first look-up): done
            # here so that what every file needs is not forgotten after each
            astroid.MANAGER.clear_cache()
        # a file checked without `release()` (a caller other than `check`)
        # must not lend its tree to this one
        astroid.MANAGER.astroid_cache.pop(_MODULE_NAME, None)
        self._cached_before = frozenset(astroid.MANAGER.astroid_cache)
        self._module_name = _checked_module_name(self._filename,
                                                 self._cached_before)
        try:
            module = _builder_class()(astroid.MANAGER).string_build(
                "".join(self._lines), self._module_name, self._filename)
            return {(n.lineno, n.col_offset): n for n in module.nodes_of_class(nodes.Call)}
        except Exception:   # a file astroid cannot build: nothing is known
            return {}

    def _as_expression(self, inferred: object) -> ast.expr | None:
        """An inferred function as the dotted name the sink tables know."""
        qname = getattr(inferred, "qname", None)
        kind = type(inferred).__name__
        if kind not in ("FunctionDef", "BoundMethod", "UnboundMethod", "ClassDef") \
                or qname is None:
            return None
        try:
            name: str = qname()
        except Exception:
            return None
        for prefix, alias in (*_ALIASES.items(), (self._module_name + ".", "")):
            if name.startswith(prefix):
                name = alias + name[len(prefix):]
        try:
            return ast.parse(name, mode="eval").body
        except (SyntaxError, ValueError):
            return None


def _checked_module_name(filename: str, taken: frozenset[str]) -> str:
    """The checked file's dotted name below its package root, so that its
    relative imports mean what they say; a fixed name for a loose script
    or a name astroid already uses (a checked `Lib/os.py`)."""
    path = os.path.abspath(filename) if filename else ""
    directory = os.path.dirname(path)
    root = package_root(directory) if directory else None
    if not root or root == directory or not path.endswith(".py"):
        return _MODULE_NAME
    try:
        parts = os.path.relpath(path[:-3], root).split(os.sep)
    except ValueError:   # another drive
        return _MODULE_NAME
    if parts[-1] == "__init__":
        parts.pop()
    name = ".".join(parts)
    if (not all(p.isidentifier() for p in parts) or name in taken
            or parts[0] in sys.stdlib_module_names):
        return _MODULE_NAME
    return name


# -- astroid without imports ----------------------------------------------

@functools.lru_cache(maxsize=None)
def _stdlib_folders() -> tuple[str, ...]:
    import sysconfig  # only on the astroid path, which few files take
    paths = sysconfig.get_paths()
    return tuple(dict.fromkeys(os.path.abspath(paths[key])
                               for key in ("stdlib", "platstdlib")))


@functools.lru_cache(maxsize=None)
def _builder_class() -> type[Any]:
    from astroid import nodes
    from astroid.builder import AstroidBuilder

    # astroid has no type information, so its classes are Any to mypy
    class SealedBuilder(AstroidBuilder):  # type: ignore[misc]
        def delayed_assattr(self, node: Any) -> None:
            # astroid records `x.attr = value` on whatever `x` infers to,
            # builtins' `Exception` for `e.code = 1` included, where it
            # would keep this file's tree alive for the process: only what
            # a method sets on `self` is recorded, on its own class
            frame = node.frame()
            if (isinstance(node.expr, nodes.Name) and node.expr.name == "self"
                    and isinstance(frame.parent, nodes.ClassDef)):
                super().delayed_assattr(node)

    return SealedBuilder


@contextlib.contextmanager
def _sealed(filename: str, settings: Settings) -> Iterator[None]:
    """astroid, for the duration, finds modules with `_module` only."""
    from astroid.manager import AstroidManager

    original = AstroidManager.ast_from_module_name
    index = ProjectIndex(filename, settings)

    def ast_from_module_name(manager: Any, modname: str | None,
                             context_file: str | None = None,
                             use_cache: bool = True) -> Any:
        return _module(manager, index, modname)

    AstroidManager.ast_from_module_name = ast_from_module_name
    try:
        yield
    finally:
        AstroidManager.ast_from_module_name = original


def _module(manager: Any, index: ProjectIndex, modname: str | None) -> Any:
    """The astroid module `modname`, read from a source file the settings
    allow, or a module the interpreter has already loaded; never imported."""
    from astroid.exceptions import AstroidImportError

    if not modname:
        raise AstroidImportError("no module name")
    cached = manager.astroid_cache.get(modname)
    if cached is not None:
        return cached
    path = _source_path(index, modname)
    if path is not None:
        return _builder_class()(manager).file_build(path, modname)
    loaded = _loaded_stdlib_module(modname)
    if loaded is not None:
        return manager.ast_from_module(loaded, modname)
    raise AstroidImportError("{modname} is not read", modname=modname)


def _source_path(index: ProjectIndex, modname: str) -> str | None:
    parts = tuple(modname.split("."))
    if parts[0] in sys.stdlib_module_names:
        # the running Python's own library, never a same-named project module
        for folder in _stdlib_folders():
            found = module_file(folder, parts)
            if found is not None:
                return found
        return None
    if index.settings.follow_imports == "none" or not index.filename:
        return None
    path = index._module_path(index.filename, modname, 0)
    try:
        return path if path and os.path.getsize(path) <= MAX_MODULE_BYTES else None
    except OSError:
        return None


def _loaded_stdlib_module(modname: str) -> types.ModuleType | None:
    """A C module of the standard library the interpreter already holds
    (`posix`, `_io`): astroid reads it by introspection, importing nothing."""
    module = sys.modules.get(modname)
    if module is None or modname.split(".")[0] not in sys.stdlib_module_names:
        return None
    where = getattr(module, "__file__", None)
    if where is None or os.path.abspath(where).startswith(_stdlib_folders()):
        return module
    return None


def _forget(before: frozenset[str]) -> None:
    """Drop the astroid modules added since `before` (standard library
    modules excepted, up to `MAX_KEPT_MODULES`: every file that gets here
    reads `subprocess` again otherwise) and clear the caches that hold
    nodes (lookup, inference, inference tips, metaclass lookups)."""
    import astroid
    from astroid.context import _invalidate_cache
    from astroid.inference_tip import clear_inference_tip_cache
    from astroid.interpreter.objectmodel import ObjectModel
    from astroid.nodes import ClassDef
    from astroid.nodes._base_nodes import LookupMixIn

    cache = astroid.MANAGER.astroid_cache
    for name in [n for n in cache if n not in before]:
        if _reusable(cache[name]):
            _KEPT.add(name)
        else:
            del cache[name]
    if len(_KEPT) > MAX_KEPT_MODULES:
        for name in _KEPT:
            cache.pop(name, None)
        _KEPT.clear()
    clear_inference_tip_cache()
    _invalidate_cache()
    for cached in (LookupMixIn.lookup, ClassDef._metaclass_lookup_attribute,
                   ObjectModel.attributes):
        cached.cache_clear()
    _unbind_models()


def _unbind_models() -> None:
    """Each node class's object model (`ClassDef.special_attributes`) is
    one object that remembers the last node it served: reset to none."""
    from astroid.bases import Proxy
    from astroid.interpreter.objectmodel import ObjectModel
    from astroid.nodes import NodeNG

    pending, seen = [NodeNG, Proxy], set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        model = cls.__dict__.get("special_attributes")
        if isinstance(model, ObjectModel):
            model._instance = None
        pending.extend(cls.__subclasses__())


def _reusable(module: Any) -> bool:
    """A module of the running Python's own library: the same for every
    file, and holding nothing of one (`_builder_class` records no
    attribute a checked file sets on another module's objects)."""
    if module.name.split(".")[0] not in sys.stdlib_module_names:
        return False
    return not module.file or os.path.abspath(module.file).startswith(_stdlib_folders())
