"""Which calls of a module may run a command, decided before any evaluation.

Most calls of a 2,000-file tree run nothing; they are dropped here by their
names and the shape of their arguments (syntax and the import table only),
so the model evaluates and resolves only the few that may matter: calls of
a sink by name, of a function of the module that calls one, of a name that
may hold a runner, and of a project module's function given a built
string, a command line or one of the caller's own parameters.
"""
from __future__ import annotations

import ast
import builtins
import functools
from typing import TYPE_CHECKING

from flake8_netns.model import sinks as sinks_mod
from flake8_netns.model.index import FileIndex, FunctionInfo, looks_built as _looks_built
from flake8_netns.model.index import written_built as _written_built
from flake8_netns.model.imports import ImportTable
from flake8_netns.model.project import top_package
from flake8_netns.model.summary import ProjectLookup
from flake8_netns.model.names import callee_name, enclosing_class, is_super, param_names
from flake8_netns.model.values import BUILT, CONST, Evaluator, Scope
from flake8_netns.model.words import dotted_name
from flake8_netns.settings import Settings


class CandidateFilter:
    """The cheap filter, as a part of `ModuleAnalysis`."""

    filename: str
    settings: Settings
    project: ProjectLookup | None
    index: FileIndex
    imports: ImportTable
    functions: dict[str, FunctionInfo]
    exported: bool   # read for callers in other modules (any function may be asked)
    names_sink: bool   # the module's text names a sink (vocab.Gate)
    _candidate_cache: dict[str, list[ast.Call]]
    _callee_names: dict[int, str | None]   # id of a callee node of this tree -> its name
    _sinkish_calls: dict[int, bool]   # id of a call of this tree -> a sink by its name
    _hands_command_calls: dict[int, bool]   # id of a call of this tree -> `_hands_command`
    _param_names: dict[str, set[str]]   # function qualname -> its parameter names
    _named: dict[str, list[tuple[ast.Call, str | None]]]   # qualname -> `_named_calls`
    _foreign_bases: dict[str, bool]   # class -> a base is imported (a project's, maybe)

    classes: dict[str, ast.ClassDef]
    methods: dict[str, dict[str, str]]   # class -> method name -> qualname

    if TYPE_CHECKING:
        def evaluator(self, function: ast.AST | None) -> Evaluator: ...

        def scope_of(self, function: ast.AST | None) -> Scope: ...

    # -- the cheap filter ----------------------------------------------------
    def _written(self, func: ast.AST) -> str | None:
        """`callee_name(func)`, read once per callee: every call of a module
        is named by several of the questions below (the tree is kept alive
        by the analysis, so a node's id stays its own)."""
        names = self._callee_names
        key = id(func)
        if key in names:
            return names[key]
        name = names[key] = callee_name(func)
        return name

    def _last(self, func: ast.AST) -> str | None:
        name = self._written(func)
        return name.rpartition(".")[2] if name else None

    def _named_calls(self, function: FunctionInfo | None) -> list[tuple[ast.Call, str | None]]:
        """The calls of a function (or of the module's own code) with the
        last part of each callee's name, made once: the runner names, the
        forwarders and the summaries' work list all walk them."""
        key = function.qualname if function else ""
        found = self._named.get(key)
        if found is None:
            calls = function.calls if function else self.index.module_calls
            found = self._named[key] = [(call, self._last(call.func)) for call in calls]
        return found

    def _candidates(self, function: FunctionInfo) -> list[ast.Call]:
        """The calls of a function that may run a command: every other call
        is never evaluated, which is what keeps a 2,000-file run cheap."""
        cached = self._candidate_cache.get(function.qualname)
        if cached is None:
            cached = [c for c in function.calls if self._may_run(c, function)]
            self._candidate_cache[function.qualname] = cached
        return cached

    @functools.cached_property
    def _runner_names(self) -> frozenset[str]:
        """Names of the module's functions that may run a command: those
        calling a runner, directly or through each other (by name: cheap,
        and a superset of what the summaries will find)."""
        callees = {q: self._named_calls(f) for q, f in self.functions.items()}
        callers: dict[str, list[str]] = {}
        for qualname, calls in callees.items():
            for _call, last in calls:
                if last is not None:
                    callers.setdefault(last, []).append(qualname)
        runners: set[str] = set()
        pending = [self.functions[q].node.name for q, calls in callees.items()
                   if self._calls_runner_by_name(self.functions[q], calls)]
        # one step per name: a caller becomes a runner the first time one of
        # the names it calls does (linear in the calls, any chain length)
        while pending:
            name = pending.pop()
            if name in runners:
                continue
            runners.add(name)
            pending.extend(self.functions[q].node.name for q in callers.get(name, ()))
        return frozenset(runners)

    def _calls_runner_by_name(self, function: FunctionInfo,
                              calls: list[tuple[ast.Call, str | None]]) -> bool:
        """A call of the function is a sink by its name, or hands one of its
        parameters to a function of another project module."""
        if self.names_sink and any(self._sinkish(call, last) for call, last in calls):
            return True
        if self.project is None or (self.forwarders is not None
                                    and function.node.name not in self.forwarders):
            return False   # what `_forwards_to_project` would say of every call
        return any(self._forwards_to_project(call, function) for call, _last in calls)

    def _sinkish(self, call: ast.Call, last: str | None, written: str | None = None) -> bool:
        if last is None or not self.names_sink:
            return False
        # asked twice of most calls (the runner names, then the candidates)
        key = id(call)
        known = self._sinkish_calls.get(key)
        if known is None:
            known = self._sinkish_calls[key] = self._is_sinkish(call, last, written)
        return known

    def _is_sinkish(self, call: ast.Call, last: str, written: str | None) -> bool:
        written = written or self._written(call.func)
        if not self.settings.exec_functions and written and "." in written \
                and not sinks_mod.may_end_a_sink(last):
            return False   # most calls: no row ends so, however it is qualified
        qualified = self.imports.qualify_name(written) if written else None
        if sinks_mod.looks_like_sink(qualified, last):
            return True
        return bool(self.settings.exec_functions) and sinks_mod.user_sink(
            qualified, written, call, self.settings) is not None

    def _may_run(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and is_super(func.value):
            # super().method(...): a base class's method, of this module
            # or of the project
            return func.attr in self._runner_names or self._hands_command(call, function) \
                or self._hands_parameter(call, function)
        written = self._written(func)
        if written is None:
            return False
        last = written.rpartition(".")[2]
        if last in self._runner_names or self._sinkish(call, last, written):
            return True
        head = func
        while isinstance(head, ast.Attribute):
            head = head.value
        if is_super(head):
            return self._hands_command(call, function)   # a base class's method
        if not isinstance(head, ast.Name):
            return False
        if (head.id == "self" and isinstance(func, ast.Attribute) and func.value is head
                and function is not None
                and last in self.index.self_attributes.get(function.class_name or "", ())
                and any(_written_built(a) for a in call.args)):
            return True   # self.<attribute>(built): astroid may know what it holds
        if isinstance(func, ast.Name) and last not in _BUILTINS \
                and last not in self.imports.bindings:
            bound = function.assigned if function else self.index.module_assigned
            if last in bound or last in self.index.module_assigned or (
                    function is not None and last in self._params(function)):
                return True   # a name that may hold a runner (runCmd = node.cmd)
        if head.id in ("self", "cls") and function is not None:
            owner = function.class_name or enclosing_class(function.qualname)
            if isinstance(func, ast.Attribute) and func.value is head \
                    and last in self.methods.get(owner or "", ()):
                return False   # the class's own method: `_runner_names` judged it
            if self._has_foreign_bases(owner):
                # an inherited method of a project class: worth a look only
                # when a built string or a command line is handed to it
                return self._hands_command(call, function)
        # a function of another module of the project: worth a look only
        # when a built string or a command line is handed to it; from a
        # module read for its callers, only in a module that names a runner
        # (it is read at the depth limit, where a module naming none is
        # read shallowly and runs nothing)
        return (self.project is not None and self.settings.follow_imports != "none"
                and self._from_project(head.id)
                and (not self.exported or self._calls_runner_module(call))
                and not self._known_to_run_nothing(call, head, function)
                and (self._hands_parameter(call, function)
                     or self._hands_command(call, function)))

    def _known_to_run_nothing(self, call: ast.Call, head: ast.Name,
                              function: FunctionInfo | None) -> bool:
        """The call is `f(...)` or `mod.f(...)` of a project module an
        earlier call already had read, and `f` is no function of it (a
        class, an exception) or one whose summary runs nothing: callee
        resolution would find that summary or nothing, and nothing else
        (the name is bound by the import alone, no def of this module shares
        it, and a sink by name was ruled out before), so the call can
        neither run a command nor make its caller a wrapper, whatever it is
        handed. Asked from the checked file only (at the top of the reading
        depth, where `function` reads what it finds as read here)."""
        func = call.func
        if self.exported or self.project is None or head.id in self._def_names \
                or head.id in self.index.module_assigned or (
                    function is not None and (head.id in function.assigned
                                              or head.id in self._params(function))):
            return False   # a def or a binding of this module may be what it calls
        imported = self.imports.bindings[head.id]
        if func is head and imported.name:
            module, name = imported.module, imported.name   # `from m import f`
        elif type(func) is ast.Attribute and func.value is head:
            module = ".".join(p for p in (imported.module, imported.name) if p)
            name = func.attr   # `from pkg import m` or `import m`: `m.f()`
        else:
            return False
        summaries = self.project.summaries_if_read(self, module, imported.level)
        if summaries is None:
            return False
        summary = summaries.get(name)
        return summary is None or not (summary.modes or summary.runs_command)

    @functools.cached_property
    def _def_names(self) -> frozenset[str]:
        return frozenset(f.node.name for f in self.functions.values())

    def _forwards_to_project(self, call: ast.Call, function: FunctionInfo) -> bool:
        """A call handing one of the function's parameters to a function of
        another project module, which may be a wrapper (cheap: syntax and
        the import table only)."""
        if self.project is None or (self.forwarders is not None
                                    and function.node.name not in self.forwarders):
            return False   # `_hands_parameter` would say no: no need to look
        head = call.func
        while isinstance(head, ast.Attribute):
            head = head.value
        return (isinstance(head, ast.Name) and self._from_project(head.id)
                and self._hands_parameter(call, function))

    def _params(self, function: FunctionInfo) -> set[str]:
        """The function's parameter names, made once (asked per call)."""
        found = self._param_names.get(function.qualname)
        if found is None:
            found = self._param_names[function.qualname] = param_names(function.node)
        return found

    def _has_foreign_bases(self, class_name: str | None) -> bool:
        key = class_name or ""
        known = self._foreign_bases.get(key)
        if known is None:
            node = self.classes.get(key)
            known = self._foreign_bases[key] = self.project is not None and node is not None \
                and any((dotted_name(base) or "").split(".")[0] in self.imports.bindings
                        for base in node.bases)
        return known

    def _worth_reading(self, call: ast.Call, function: FunctionInfo | None,
                       read_all: bool = False) -> bool:
        """Reading another module costs a parse: do it only for a call whose
        arguments could make a finding (a built string, a command line), or
        when a rule asks whether the call runs anything at all."""
        if self.project is None:
            return False
        if read_all:
            return True
        return self._hands_command(call, function) or self._hands_parameter(call, function)

    def _hands_parameter(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        """The call passes one of the function's own parameters on: the
        function may be a wrapper of a wrapper of another module."""
        if function is None or (self.forwarders is not None
                                and function.node.name not in self.forwarders):
            return False
        if self.exported and not self._calls_runner_module(call):
            # a module read for its callers: only a parameter handed to a
            # module that names a runner itself is followed (one hop: the
            # wrappers of wrappers RULES.md asks for), which keeps a tree's
            # run from reading most of its project
            return False
        params = self._params(function)
        args = [*call.args, *(k.value for k in call.keywords)]
        for arg in args[:8]:
            if isinstance(arg, ast.Starred):
                arg = arg.value
            elements = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
            for element in elements[:16]:
                if isinstance(element, ast.Starred):
                    element = element.value
                if isinstance(element, ast.Name) and (
                        element.id in params
                        or self._built_from(element, call, function, params)):
                    return True
        return False

    def _built_from(self, name: ast.Name, call: ast.Call, function: FunctionInfo,
                    params: set[str]) -> bool:
        """A local list or string the function made from its parameters
        (`args = ['dump-flows', bridge]; args.append(filter_)`)."""
        scope = self.scope_of(function.node)
        nodes: list[ast.AST] = [value for value, _ in
                                scope.reaching(name.id, (call.lineno, call.col_offset))[-4:]]
        nodes.extend(scope.mutations.get(name.id, ())[:8])
        return any(isinstance(part, ast.Name) and part.id in params
                   for node in nodes for part in ast.walk(node))

    def _calls_runner_module(self, call: ast.Call) -> bool:
        head = call.func
        while isinstance(head, ast.Attribute):
            head = head.value
        imported = self.imports.bindings.get(head.id) if isinstance(head, ast.Name) else None
        if imported is None or self.project is None:
            return True   # a function of this module: followed here, no read
        module = ".".join(p for p in (imported.module, imported.name) if p)
        written = self._written(call.func) or ""
        if imported.name is None and written.count(".") > 1:
            # `import pkg.sub.mod` ... `pkg.sub.mod.func()`
            module = self.imports.qualify_name(written.rpartition(".")[0])
        return (self.project.names_runner(self.filename, module, imported.level)
                or (imported.name is not None and self.project.names_runner(
                    self.filename, imported.module, imported.level)))

    @functools.cached_property
    def forwarders(self) -> frozenset[str] | None:
        """The functions whose parameters are worth following into other
        modules: in a module read for its callers elsewhere, every function
        (None); in the checked file, only those it calls itself with what
        may be a command, and those these hand a parameter to (by name,
        syntax only), since no other module's calls are judged here."""
        if self.exported:
            return None
        calls_by_function = {f.node.name: f for f in self.functions.values()}
        names: set[str] = set()
        pending: list[str] = []
        seeded: set[str] = set()   # a function once seeded needs no other look
        for function in [None, *self.functions.values()]:
            bound = function.assigned if function else self.index.module_assigned
            maybe_built = function.maybe_built if function else self.index.module_maybe_built
            for call, name in self._named_calls(function):
                if name in calls_by_function and name not in seeded and any(
                        _written_built(a) or _is_command_line(a) or (
                            isinstance(a, ast.Name) and a.id in bound and a.id in maybe_built
                            and self._bound_to_written(a, call, function))
                        for a in [*call.args[:4], *(k.value for k in call.keywords)]):
                    seeded.add(name)
                    pending.append(name)
        while pending:
            name = pending.pop()
            if name in names:
                continue
            names.add(name)
            params = self._params(calls_by_function[name])
            for call, callee in self._named_calls(calls_by_function[name]):
                if callee in calls_by_function and callee not in names and any(
                        isinstance(a, ast.Name) and a.id in params
                        for a in [*call.args, *(k.value for k in call.keywords)]):
                    pending.append(callee)
        return frozenset(names)

    def _from_project(self, name: str) -> bool:
        """A name imported from the checked file's own project (a relative
        import, or one under the same top-level package)."""
        imported = self.imports.bindings.get(name)
        if imported is None:
            return False
        if imported.level > 0 or imported.module.split(".")[0] == self._top_package:
            return True
        # a loose script folder: its sibling modules are the project
        return self._top_package is None and self.project is not None and \
            self.project.module_exists(self.filename, imported.module)

    def _assigned(self, name: ast.Name, call: ast.Call,
                  function: FunctionInfo | None) -> list[ast.AST]:
        """What the last assignments of a local before `call` give it."""
        scope = self.scope_of(function.node if function else None)
        return [value for value, _ in
                scope.reaching(name.id, (call.lineno, call.col_offset))[-4:]]

    def _bound_to_written(self, name: ast.Name, call: ast.Call,
                          function: FunctionInfo | None) -> bool:
        """A local last bound to a built string written in place (the
        index knows the locals any binding of which is one: the others need
        no look at their reaching assignments)."""
        if name.id not in (function.written if function else self.index.module_written):
            return False
        return any(_written_built(value) for value in self._assigned(name, call, function))

    def _bound_to_built(self, name: ast.Name, call: ast.Call,
                        function: FunctionInfo | None) -> bool:
        """A local whose assignments or changes may make a built string."""
        for value in self._assigned(name, call, function):
            if isinstance(value, (ast.IfExp, ast.BoolOp)) or (
                    _looks_built(value) and not isinstance(value, ast.Name)) or (
                    isinstance(value, ast.Name) and value.id != name.id):
                return True
        scope = self.scope_of(function.node if function else None)
        return bool(scope.mutations.get(name.id))   # `cmd += ...`, `cmd.append(...)`

    @functools.cached_property
    def _top_package(self) -> str | None:
        return top_package(self.filename)

    def _hands_command(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        # asked of a call by the filter and again by callee resolution
        # (`_worth_reading`); the call's function is always the same
        key = id(call)
        known = self._hands_command_calls.get(key)
        if known is None:
            known = self._hands_command_calls[key] = self._looks_handed(call, function)
        return known

    def _looks_handed(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        args = [a for a in [*call.args[:3], *(k.value for k in call.keywords)]
                if _looks_built(a)]
        if any(_written_built(a) or _is_command_line(a) for a in args):
            return True
        # a local name is worth evaluating only when the function binds it
        # to something that syntax says may be built (one look at its
        # assignments, not an evaluation)
        bound = function.assigned if function else self.index.module_assigned
        maybe_built = function.maybe_built if function else self.index.module_maybe_built
        args = [a for a in args if not isinstance(a, ast.Name) or (
            a.id in bound and a.id in maybe_built and self._bound_to_built(a, call, function))]
        if not args:
            return False
        evaluator = self.evaluator(function.node if function else None)
        for arg in args:
            for value in evaluator.values(arg, call):
                if value.kind == BUILT or (value.kind == CONST and value.text
                                           and " " in value.text.strip()):
                    return True
                if value.items is not None and any(i.kind == BUILT for i in value.items):
                    return True
        return False


_BUILTINS = frozenset(dir(builtins))


def _is_command_line(arg: ast.AST) -> bool:
    return (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            and " " in arg.value.strip())
