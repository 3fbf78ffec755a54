"""What the callee of a call is: a sink, a wrapper, or nothing known.

A callee that resolves to a function the model can read (a def of this
module, nested or not; a method through the class hierarchy, in this
module or in a project module; `super()`; an instance of a known class; a
name bound to any of these, `functools.partial` of one included) is that
function, before any by-name rule (RULES.md "Resolving methods"). A call
on an instance of a library class resolves to the library's method
(`paramiko.SSHClient().exec_command`). Only what is left is judged by name.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
from typing import TYPE_CHECKING, NamedTuple, Union

from flake8_netns.model import sinks as sinks_mod
from flake8_netns.model.index import FileIndex, FunctionInfo
from flake8_netns.model.imports import ImportTable
from flake8_netns.model.inference import ReturnInference
from flake8_netns.model.names import callee_name, enclosing_class, is_super
from flake8_netns.model.sinks import SHELL, Sink
from flake8_netns.model.summary import FunctionSummary, ProjectLookup, empty_summary
from flake8_netns.model.values import Scope
from flake8_netns.model.words import dotted_name
from flake8_netns.settings import Settings

MAX_CALLEE_DEPTH = 4
MAX_CLASS_DEPTH = 6   # bases followed up the hierarchy


class Wrapper(NamedTuple):
    summary: FunctionSummary
    label: str
    bound: dict[str, ast.expr]
    skip: int   # leading positional parameters already given (self, partial's)

    def __hash__(self) -> int:   # `bound` holds nodes in a dict: not hashable
        return hash((self.summary.qualname, self.label))


Target = Union[Sink, Wrapper]
Known = dict[str, FunctionSummary]


class CalleeResolver:
    """Callee resolution, as a part of `ModuleAnalysis`."""

    tree: ast.Module
    filename: str
    settings: Settings
    project: ProjectLookup | None
    returns: ReturnInference | None
    index: FileIndex
    imports: ImportTable
    functions: dict[str, FunctionInfo]
    methods: dict[str, dict[str, str]]
    top_functions: dict[str, str]

    if TYPE_CHECKING:
        @property
        def module_scope(self) -> Scope: ...

        def scope_of(self, function: ast.AST | None) -> Scope: ...

        def _worth_reading(self, call: ast.Call, function: FunctionInfo | None,
                           read_all: bool = False) -> bool: ...

    # -- callees ------------------------------------------------------------
    def _callees(self, call: ast.Call, func: ast.AST, function: FunctionInfo | None,
                 known: Known, depth: int, read_all: bool = False) -> list[Target]:
        """What the callee expression `func` of `call` may be: known runners,
        user-named runners and wrappers. A callee that resolves to a function
        the model can read (a def of this module or of the project, a method
        through the class hierarchy) is that function, before any by-name
        rule: only the parameters that reach its sink are commands."""
        if depth > MAX_CALLEE_DEPTH:
            return []
        written = callee_name(func)
        qualified = self.imports.qualify_name(written) if written else None
        instance_of = self._library_class(func, function)
        if instance_of is not None and isinstance(func, ast.Attribute):
            # `client.exec_command(cmd)` on a `paramiko.SSHClient()` or on a
            # project class derived from it: the library's method
            qualified = f"{instance_of}.{func.attr}"
        # what the user names wins: it is there because analysis cannot see
        sink = (sinks_mod.user_sink(qualified, written, call, self.settings)
                or sinks_mod.known_sink(qualified, written, call))
        if sink is not None:
            return [sink]
        wrapper = self._wrapper(call, func, function, known, read_all)
        if wrapper is not None:
            return [wrapper]
        targets: list[Target] = []
        if isinstance(func, ast.Name):
            targets.extend(self._local_callees(call, func, function, known, depth, read_all))
        elif (function is not None and function.class_name is not None
              and isinstance(func, ast.Attribute) and self._is_instance_attribute(func, function)):
            for held in self._held_by(function.class_name, func.attr):
                targets.extend(self._callees(call, held, function, known, depth + 1, read_all))
        if targets:
            return targets
        named = sinks_mod.named_sink(qualified, written, call)
        return [named] if named is not None else []

    def _held_by(self, class_name: str, attribute: str) -> list[ast.expr]:
        """What `self.<attribute>` may hold: what the class's methods assign
        to it, and for an assigned call result (`self._run = make_runner()`)
        what astroid infers that call returns."""
        held: list[ast.expr] = []
        for value in self.index.self_attributes.get(class_name, {}).get(attribute, [])[:4]:
            if isinstance(value, ast.Call) and dotted_name(value.func) not in (
                    "partial", "functools.partial"):
                if self.returns is not None:
                    held.extend(self.returns.returned(value))
            else:
                held.append(value)
        return held

    def _is_instance_attribute(self, func: ast.AST, function: FunctionInfo | None) -> bool:
        return (function is not None
                and function.class_name is not None
                and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "self"
                and func.attr not in self.methods.get(function.class_name, {})
                and func.attr in self.index.self_attributes.get(function.class_name, ()))

    def _local_callees(self, call: ast.Call, func: ast.Name, function: FunctionInfo | None,
                       known: Known, depth: int, read_all: bool = False) -> list[Target]:
        """What a name bound by assignment may call: `runCmd = node.cmd`,
        a parameter's default (`run=errRun`), `functools.partial(...)`,
        `getattr(os, 'system')`, in the function or, failing that, at module
        level (every assignment there: `if ...: run = a else: run = b`)."""
        scope = self.scope_of(function.node if function else None)
        where = (func.lineno, func.col_offset)
        candidates: list[ast.AST] = [v for v, _ in scope.reaching(func.id, where)]
        if func.id in scope.params and func.id in scope.defaults:
            candidates.append(scope.defaults[func.id])
        if not candidates and func.id not in scope.params:
            candidates.extend(value for _, value, _ in
                              self.module_scope.assignments.get(func.id, ())[:4])
        targets = []
        for candidate in candidates[-4:]:
            for expr in _alternatives(candidate):
                bound: dict[str, ast.expr] = {}
                shift = 0
                if isinstance(expr, ast.Call) and dotted_name(expr.func) in (
                        "partial", "functools.partial") and expr.args:
                    bound = {k.arg: k.value for k in expr.keywords if k.arg}
                    shift = len(expr.args) - 1   # positional arguments bound
                    expr = expr.args[0]
                if not (isinstance(expr, (ast.Name, ast.Attribute))
                        or callee_name(expr) is not None):
                    continue
                for target in self._callees(call, expr, function, known, depth + 1, read_all):
                    if isinstance(target, Wrapper) and (bound or shift):
                        target = target._replace(bound={**target.bound, **bound},
                                                 skip=target.skip + shift)
                    elif isinstance(target, Sink) and bound.get("shell") is not None:
                        shell = bound["shell"]
                        if not (isinstance(shell, ast.Constant) and not shell.value):
                            target = dataclasses.replace(target, kind=SHELL)
                    targets.append(target)
        return targets

    def _wrapper(self, call: ast.Call, func: ast.AST, function: FunctionInfo | None,
                 known: Known, read_all: bool = False) -> Wrapper | None:
        """The function of this module or of the project that `func` names."""
        if isinstance(func, ast.Name):
            qualname = self._visible_function(func, function)
            if qualname is not None:
                return Wrapper(known.get(qualname) or empty_summary(qualname), func.id, {},
                               0)
            imported = self.imports.bindings.get(func.id)
            if (imported is not None and imported.name and self.project is not None
                    and self._worth_reading(call, function, read_all)):
                summary = self.project.function(self, imported.module, imported.level,
                                                imported.name)
                if summary is not None:
                    return Wrapper(summary, func.id, {}, 0)
            return None
        if not isinstance(func, ast.Attribute):
            return None
        receiver = func.value
        class_name = self._receiver_class(receiver, function, func)
        if class_name is not None:
            found = self._method(class_name, func.attr, call, function, known, read_all,
                                 skip_own=is_super(receiver))
            if found is not None:
                summary, static = found
                label = f"{callee_name(receiver) or 'super()'}.{func.attr}"
                return Wrapper(summary, label, {}, 0 if static else 1)
            return None
        receiver_name = dotted_name(receiver)
        if receiver_name and self.project is not None and \
                self._worth_reading(call, function, read_all):
            head = receiver_name.split(".")[0]
            imported = self.imports.bindings.get(head)
            module = None
            if imported is not None and "." not in receiver_name:
                # `from pkg import mod` or `import pkg.mod as mod`: mod.func()
                module = ".".join(p for p in (imported.module, imported.name) if p)
            elif imported is not None and imported.name is None:
                # `import pkg.sub.mod` ... `pkg.sub.mod.func()`
                module = self.imports.qualify_name(receiver_name)
            if module is not None:
                level = imported.level if imported is not None else 0
                summary = self.project.function(self, module, level, func.attr)
                if summary is not None:
                    return Wrapper(summary, f"{receiver_name}.{func.attr}", {}, 0)
        return None

    def _library_class(self, func: ast.AST, function: FunctionInfo | None) -> str | None:
        """The qualified library class whose method `func` calls, when the
        receiver is an instance of it (`ssh = paramiko.SSHClient()`) or of
        a class of this module derived from it without overriding the
        method (`class Client(paramiko.SSHClient)`; `self` in its methods)."""
        if not isinstance(func, ast.Attribute) or function is None:
            return None
        receiver = func.value
        class_name = None
        if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
            class_name = function.class_name or enclosing_class(function.qualname)
        elif isinstance(receiver, ast.Name):
            scope = self.scope_of(function.node)
            for value, _ in scope.reaching(receiver.id, (func.lineno, func.col_offset))[-2:]:
                if isinstance(value, ast.Call):
                    name = dotted_name(value.func)
                    if name in self.classes:
                        class_name = name
                    elif name is not None and name.split(".")[0] in self.imports.bindings:
                        return self.imports.qualify_name(name)
        if class_name is None:
            return None
        for _ in range(MAX_CLASS_DEPTH):
            node = self.classes.get(class_name)
            if node is None or func.attr in self.methods.get(class_name, {}):
                return None
            bases = [dotted_name(b) for b in node.bases]
            local = [b for b in bases if b in self.classes]
            if local:
                class_name = local[0]
                continue
            for base in bases:
                if base is not None and base.split(".")[0] in self.imports.bindings:
                    return self.imports.qualify_name(base)
            return None
        return None

    def _visible_function(self, name: ast.Name, function: FunctionInfo | None) -> str | None:
        """The def a bare name calls: a function nested in this one or in an
        enclosing one (closures), else a module-level def not shadowed by a
        local binding."""
        if function is not None:
            prefix = function.qualname
            while prefix:
                nested = f"{prefix}.<locals>.{name.id}"
                if nested in self.functions:
                    return nested
                prefix = prefix.rpartition(".<locals>.")[0]
        qualname = self.top_functions.get(name.id)
        if qualname is not None and _shadowed(name, function, self):
            return None
        return qualname

    def _receiver_class(self, receiver: ast.AST, function: FunctionInfo | None,
                        func: ast.Attribute) -> str | None:
        """The class of this module whose method `receiver.attr` calls:
        `self`/`cls`/`super()` in a method, or a local bound to `Cls(...)`."""
        if function is None:
            return None
        own = function.class_name or enclosing_class(function.qualname)
        if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
            return own if own in self.classes else None
        if is_super(receiver):
            return own if own in self.classes else None
        if isinstance(receiver, ast.Name):
            scope = self.scope_of(function.node)
            for value, _ in scope.reaching(receiver.id, (func.lineno, func.col_offset))[-2:]:
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                        and value.func.id in self.classes:
                    return value.func.id
        return None

    def _method(self, class_name: str, attr: str, call: ast.Call, function: FunctionInfo | None,
                known: Known, read_all: bool,
                skip_own: bool = False) -> tuple[FunctionSummary, bool] | None:
        """The method `attr` of `class_name` by its bases, breadth first:
        classes of this module, then project classes (read from their
        module). Returns its summary and whether it is static."""
        queue: list[tuple[str, int]] = [(class_name, 0)]
        seen: set[str] = set()
        while queue:
            name, level = queue.pop(0)
            if name in seen or level > MAX_CLASS_DEPTH:
                continue
            seen.add(name)
            if not (skip_own and level == 0):
                qualname = self.methods.get(name, {}).get(attr)
                if qualname is not None:
                    return known.get(qualname) or empty_summary(qualname), \
                        self.functions[qualname].is_static
            node = self.classes.get(name)
            for base in node.bases if node is not None else ():
                base_name = dotted_name(base)
                if base_name is None:
                    continue
                if base_name in self.classes:
                    queue.append((base_name, level + 1))
                    continue
                summary = self._project_method(base_name, attr, call, function, read_all)
                if summary is not None:
                    return summary, False
        return None

    def _project_method(self, base_name: str, attr: str, call: ast.Call,
                        function: FunctionInfo | None,
                        read_all: bool = False) -> FunctionSummary | None:
        """`attr` of a base class imported from a project module."""
        if self.project is None or not self._worth_reading(call, function, read_all):
            return None
        head, _, rest = base_name.partition(".")
        imported = self.imports.bindings.get(head)
        if imported is None:
            return None
        if rest:   # `from pkg import mod` ... `class A(mod.Base)`
            module = ".".join(p for p in (imported.module, imported.name) if p)
            return self.project.method(self, module, imported.level, rest, attr)
        if imported.name is None:
            return None
        return self.project.method(self, imported.module, imported.level, imported.name, attr)

    @functools.cached_property
    def classes(self) -> dict[str, ast.ClassDef]:
        return module_classes(self.tree)


def _alternatives(expr: ast.AST) -> list[ast.AST]:
    if isinstance(expr, ast.IfExp):
        return _alternatives(expr.body) + _alternatives(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return [e for value in expr.values for e in _alternatives(value)]
    return [expr]


def _shadowed(name: ast.Name, function: FunctionInfo | None, analysis: CalleeResolver) -> bool:
    if function is None:
        return False
    scope = analysis.scope_of(function.node)
    return name.id in scope.params or bool(scope.assignments.get(name.id))


def module_classes(tree: ast.AST) -> dict[str, ast.ClassDef]:
    """A module's classes by name (top level, and under if/try)."""
    found: dict[str, ast.ClassDef] = {}
    stack = list(getattr(tree, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef):
            found.setdefault(node.name, node)
        elif isinstance(node, (ast.If, ast.Try)):
            stack.extend(node.body)
            stack.extend(node.orelse)
    return found
