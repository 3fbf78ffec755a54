"""The command model: every call of a module that runs a program, what its
command is made of, and which of the module's functions are wrappers.

A *use* is one call that hands a command to something that runs it: a known
runner (`sinks.py`), a user-named one (`--netns-exec-functions`), or a
*wrapper* — a function of this module or of a project module it imports
that passes one of its parameters on to a runner. What each function does
with its parameters is its `FunctionSummary`; summaries of a module are
computed once (to a fixed point, so wrapper chains of any depth inside the
module are seen) and, for imported modules, kept for the whole process by
`project.py`.
"""
from __future__ import annotations

import ast
import builtins
import collections
import dataclasses
import functools
from typing import Iterator

from flake8_netns.model import sinks as sinks_mod
from flake8_netns.model.imports import ImportTable
from flake8_netns.model.index import FileIndex, FunctionInfo
from flake8_netns.model.inference import ReturnInference
from flake8_netns.model.sinks import ARGV, SHELL, SPLIT, Sink
from flake8_netns.vocab.sinks import Where
from flake8_netns.model.values import BUILT, CONST, OPAQUE, Evaluator, Scope, Value
from flake8_netns.model.words import dotted_name
from flake8_netns.settings import Settings

ELEMENT, TAIL = "element", "tail"   # a parameter becomes one / some argv items
MAX_CALLEE_DEPTH = 4
MAX_CLASS_DEPTH = 6   # bases followed up the hierarchy
# a function's summary only grows (more parameters, stronger kinds), so a
# few visits each reach the fixed point; the cap bounds hostile input
MAX_SUMMARY_VISITS_PER_FUNCTION = 8


@dataclasses.dataclass(frozen=True)
class ShellSwitch:
    """The parameter (or `**kwargs` key) that turns a wrapper's shell on."""

    name: str
    position: int | None      # index among positional parameters, if any
    default_true: bool = False


@dataclasses.dataclass(frozen=True)
class ParamMode:
    kind: str                          # SHELL, SPLIT, ARGV, ELEMENT or TAIL
    switch: ShellSwitch | None = None  # shell only when this is passed true
    otherwise: str = SPLIT             # the kind when the switch is off
    whole: bool = True                 # the parameter is the whole command,
    #                                    not a part built into it


@dataclasses.dataclass(frozen=True)
class FunctionSummary:
    qualname: str
    positional: tuple[str, ...]        # positional parameter names, in order
    vararg: str | None
    is_method: bool
    modes: tuple[tuple[str, ParamMode], ...] = ()
    runs_command: bool = False
    first_command_line: int = 0

    def mode(self, param: str) -> ParamMode | None:
        return dict(self.modes).get(param)


@dataclasses.dataclass(frozen=True)
class Use:
    """One call handing a command to something that runs it."""

    call: ast.Call
    label: str             # "os.system()", "exec_subprocess()"
    kind: str              # SHELL, SPLIT, ARGV, ELEMENT or TAIL
    values: tuple[Value, ...]
    direct: bool           # a runner itself, not a wrapper of the project
    splits_string: bool = False   # an ARGV runner that splits a lone string
    switch: ShellSwitch | None = None   # shell=... given by the caller's own parameter
    otherwise: str = ARGV  # what the command is when that switch is off


class ModuleAnalysis:
    """The command model of one module's `ast` tree."""

    def __init__(self, tree: ast.Module, filename: str, settings: Settings,
                 project=None, index: FileIndex | None = None,
                 imports: ImportTable | None = None,
                 returns: ReturnInference | None = None) -> None:
        self.tree = tree
        self.filename = filename
        self.settings = settings
        self.project = project
        self.returns = returns
        self.index = index or FileIndex.of(tree)
        self.imports = imports or ImportTable.of_module(tree)
        self.functions: dict[str, FunctionInfo] = self.index.functions
        self.methods: dict[str, dict[str, str]] = {}   # class -> name -> qualname
        self.top_functions: dict[str, str] = {}
        self._by_node = {id(f.node): f for f in self.functions.values()}
        for qualname, function in self.functions.items():
            if function.class_name is not None:
                self.methods.setdefault(function.class_name, {})[function.node.name] = qualname
            elif "." not in qualname:
                self.top_functions[function.node.name] = qualname
        self._module_scope: Scope | None = None
        self._scopes: dict[int, Scope] = {}
        self._summaries: dict[str, FunctionSummary] | None = None
        self._computing = False
        self._follow_every_call = False
        self._candidate_cache: dict[str, list[ast.Call]] = {}

    @property
    def module_scope(self) -> Scope:
        if self._module_scope is None:
            self._module_scope = Scope(self.tree)
        return self._module_scope

    def scope_of(self, function: ast.AST | None) -> Scope:
        if function is None:
            return self.module_scope
        scope = self._scopes.get(id(function))
        if scope is None:
            scope = self._scopes[id(function)] = Scope(function, self.module_scope)
        return scope

    def evaluator(self, function: ast.AST | None) -> Evaluator:
        return Evaluator(self.scope_of(function), self.module_scope)

    # -- summaries ----------------------------------------------------------
    @property
    def summaries(self) -> dict[str, FunctionSummary]:
        if self._summaries is None:
            if self._computing:
                return {}   # a module that reaches itself through imports
            self._computing = True
            try:
                self._summaries = self._fixpoint()
            finally:
                self._computing = False
        return self._summaries

    def _fixpoint(self) -> dict[str, FunctionSummary]:
        """Summaries to a fixed point with a work list: a function is looked
        at again only when a function it calls (by name) changed, so a chain
        of wrappers converges in one pass whatever order it is defined in
        (callee first or caller first), and the total work stays linear in
        the chain's length (RULES.md: wrapper chains of any depth)."""
        current = {q: _bare_summary(f) for q, f in self.functions.items()}
        calls = {q: self._candidates(f) for q, f in self.functions.items()}
        callers: dict[str, set[str]] = {}
        for qualname, function_calls in calls.items():
            for call in function_calls:
                last = _last_name(call.func)
                if last is not None:
                    callers.setdefault(last, set()).add(qualname)
        queue = collections.deque(q for q in self.functions if calls[q])
        queued = set(queue)
        budget = MAX_SUMMARY_VISITS_PER_FUNCTION * max(len(queue), 1)
        while queue and budget > 0:
            budget -= 1
            qualname = queue.popleft()
            queued.discard(qualname)
            function = self.functions[qualname]
            summary = self._summarise(function, calls[qualname], current)
            if summary == current[qualname]:
                continue
            current[qualname] = summary
            for caller in callers.get(function.node.name, ()):
                if caller not in queued and calls[caller]:
                    queue.append(caller)
                    queued.add(caller)
        return current

    def _summarise(self, function: FunctionInfo, calls, known) -> FunctionSummary:
        bare = _bare_summary(function)
        params = set(bare.positional) | {bare.vararg} - {None}
        modes: dict[str, ParamMode] = {}
        runs = False
        first_line = 0
        for call in calls:
            for use in self._uses_of(call, function, known):
                runs = True
                first_line = first_line or call.lineno
                for param, mode in _param_modes(use, params):
                    if param not in modes or _rank(mode) < _rank(modes[param]):
                        modes[param] = mode
            if not runs and self._calls_runner(call, function, known):
                runs = True
                first_line = first_line or call.lineno
        return dataclasses.replace(bare, modes=tuple(sorted(modes.items())),
                                   runs_command=runs, first_command_line=first_line)

    def _calls_runner(self, call, function, known) -> bool:
        for target in self._callees(call, call.func, function, known, 0):
            if isinstance(target, _WrapperTarget) and target.summary.runs_command:
                return True
        return False

    # -- the cheap filter ----------------------------------------------------
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
        callees = {q: [(c, _last_name(c.func)) for c in f.calls]
                   for q, f in self.functions.items()}
        callers: dict[str, list[str]] = {}
        for qualname, calls in callees.items():
            for _call, last in calls:
                if last is not None:
                    callers.setdefault(last, []).append(qualname)
        runners: set[str] = set()
        pending = [self.functions[q].node.name for q, calls in callees.items()
                   if any(self._sinkish(call, last) or self._forwards_to_project(
                       call, self.functions[q]) for call, last in calls)]
        # one step per name: a caller becomes a runner the first time one of
        # the names it calls does (linear in the calls, any chain length)
        while pending:
            name = pending.pop()
            if name in runners:
                continue
            runners.add(name)
            pending.extend(self.functions[q].node.name for q in callers.get(name, ()))
        return frozenset(runners)

    def _sinkish(self, call: ast.Call, last: str | None, written: str | None = None) -> bool:
        if last is None:
            return False
        written = written or callee_name(call.func)
        qualified = self.imports.qualify_name(written) if written else None
        if sinks_mod.looks_like_sink(qualified, last):
            return True
        return bool(self.settings.exec_functions) and sinks_mod.user_sink(
            qualified, written, call, self.settings) is not None

    def _may_run(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and _is_super(func.value):
            # super().method(...): a base class's method, of this module
            # or of the project
            return func.attr in self._runner_names or self._hands_command(call, function) \
                or self._hands_parameter(call, function)
        written = callee_name(func)
        if written is None:
            return False
        last = written.rpartition(".")[2]
        if last in self._runner_names or self._sinkish(call, last, written):
            return True
        head = func
        while isinstance(head, ast.Attribute):
            head = head.value
        if _is_super(head):
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
                    function is not None and last in _param_names(function.node)):
                return True   # a name that may hold a runner (runCmd = node.cmd)
        if head.id in ("self", "cls") and function is not None and self._has_foreign_bases(
                function.class_name or _enclosing_class(function.qualname)):
            # an inherited method of a project class: worth a look only
            # when a built string or a command line is handed to it
            return self._hands_command(call, function)
        # a function of another module of the project: worth a look only
        # when a built string or a command line is handed to it
        return (self.project is not None and self._from_project(head.id)
                and (self._hands_command(call, function)
                     or self._hands_parameter(call, function)))

    def _forwards_to_project(self, call: ast.Call, function: FunctionInfo) -> bool:
        """A call handing one of the function's parameters to a function of
        another project module, which may be a wrapper (cheap: syntax and
        the import table only)."""
        if self.project is None:
            return False
        head = call.func
        while isinstance(head, ast.Attribute):
            head = head.value
        return (isinstance(head, ast.Name) and self._from_project(head.id)
                and self._hands_parameter(call, function))

    def _has_foreign_bases(self, class_name: str | None) -> bool:
        node = self.classes.get(class_name or "")
        return self.project is not None and node is not None and any(
            (dotted_name(base) or "").split(".")[0] in self.imports.bindings
            for base in node.bases)

    # -- uses ---------------------------------------------------------------
    def uses(self) -> Iterator[tuple[Use, ast.AST | None]]:
        """Every use in the module, with the function it is in."""
        known = self.summaries
        for function in [None, *self.functions.values()]:
            for call in (self._candidates(function) if function else
                         [c for c in self.index.module_calls if self._may_run(c, None)]):
                for use in self._uses_of(call, function, known):
                    yield use, (function.node if function else None)
        for call, function in self.index.lambda_calls:
            if self._may_run(call, function):
                for use in self._uses_of(call, function, known):
                    yield use, (function.node if function else None)

    def runs_command(self, call: ast.Call, function_node: ast.AST | None) -> bool:
        """True when `call` runs a program directly or through a function of
        this module or of an imported project module that runs one."""
        function = self._function_of(function_node)
        known = self.summaries
        self._follow_every_call = True
        try:
            if self._uses_of(call, function, known):
                return True
            return self._calls_runner(call, function, known)
        finally:
            self._follow_every_call = False

    def _function_of(self, node: ast.AST | None) -> FunctionInfo | None:
        if node is None:
            return None
        return self._by_node.get(id(node))

    def _uses_of(self, call: ast.Call, function: FunctionInfo | None, known) -> list[Use]:
        uses: list[Use] = []
        for target in self._callees(call, call.func, function, known, 0):
            uses.extend(self._use(call, target, function, known))
        return uses

    def _use(self, call, target, function, known) -> list[Use]:
        node = function.node if function else None
        evaluator = self.evaluator(node)
        if isinstance(target, Sink):
            switch = None
            if target.kind == SHELL:
                switch = self._direct_switch(call, function)
            elif target.shell_keyword:
                # `processutils.execute(*cmd, **kwargs)`: the caller's
                # `shell=` reaches the runner through **kwargs
                switch = self._kwargs_switch(call, function)
            values = tuple(self._command_values(call, target, evaluator))
            return [Use(call, target.label, target.kind, values, target.direct,
                        target.kind == ARGV and target.where is not Where.ITEMS
                        and target.splits_string,
                        switch, SPLIT if any(v.split for v in values) else ARGV)]
        summary = target.summary
        uses = []
        for param, mode in summary.modes:
            args = _arguments_for(call, summary, param, target.bound,
                                  skip=target.skip)
            if not args:
                continue
            kind = mode.kind
            switch = None
            if mode.switch is not None:
                on = _switch_value(call, summary, mode.switch, target.bound,
                                   target.skip)
                if on is None:
                    # not a literal true: judged as the split/argv form here;
                    # a switch forwarded from the caller's own parameter
                    # makes the caller a switchable wrapper too
                    switch = self._forwarded_switch(call, function, mode.switch,
                                                    summary, target)
                    kind = mode.otherwise
                else:
                    kind = SHELL if on else mode.otherwise
            if param == summary.vararg and kind in (SHELL, TAIL):
                argv = evaluator.argv_items(args, call)
                # a shell joins the arguments into one command line
                values = (joined_argv(argv, call),) if kind == SHELL else (argv,)
            else:
                values = tuple(evaluator.values(args[0], call))
            if not mode.whole:
                # a constant that is only part of the command says nothing
                values = tuple(v for v in values if v.kind == BUILT or v.is_sequence)
            uses.append(Use(call, f"{target.label}()", kind, values, False, False,
                            switch, mode.otherwise))
        return uses

    def _command_values(self, call, sink: Sink, evaluator: Evaluator) -> list[Value]:
        if sink.where is Where.ITEMS:
            argv = evaluator.argv_items(call.args[sink.index:], call)
            # `processutils.execute(*cmd, shell=True)` joins its arguments
            return [joined_argv(argv, call) if sink.kind == SHELL else argv]
        if sink.where is Where.JOINED and len(call.args) > 1:
            # node.cmd('ip link set', dev, 'up'): the runner joins its
            # arguments; only a command string built before the call is
            # judged, as RULES.md defines built strings by expression
            return [v for v in evaluator.values(call.args[0], call) if v.kind == BUILT]
        if len(call.args) > sink.index:
            return evaluator.values(call.args[sink.index], call)
        for keyword in call.keywords:
            if keyword.arg in ("args", "cmd", "command"):
                return evaluator.values(keyword.value, call)
        return []

    def _kwargs_switch(self, call, function) -> ShellSwitch | None:
        """`shell=` forwarded through `**kwargs`: the caller's own, or a
        local dict given a `shell` entry from it (`exec_args['shell'] =
        kwargs.pop('shell', False)`, `opts = {'shell': shell}`)."""
        if function is None:
            return None
        kwarg = function.node.args.kwarg
        for keyword in call.keywords:
            if keyword.arg is not None or not isinstance(keyword.value, ast.Name):
                continue
            name = keyword.value.id
            if kwarg is not None and name == kwarg.arg:
                return ShellSwitch("shell", None)
            value = _dict_entry(function.node, name, "shell")
            if value is not None:
                return self._switch_expression(value, function, call)
        return None

    def _direct_switch(self, call, function) -> ShellSwitch | None:
        """The caller's parameter that a direct runner's `shell=` comes from."""
        value = sinks_mod.shell_keyword(call)
        if function is None or value is None:
            return None
        return self._switch_expression(value, function, call)

    def _forwarded_switch(self, call, function, switch, summary, target) -> ShellSwitch | None:
        if function is None:
            return None
        for keyword in call.keywords:
            if keyword.arg == switch.name and isinstance(keyword.value, ast.Name):
                return self._switch_source(keyword.value.id, function, call)
            if keyword.arg is None and isinstance(keyword.value, ast.Name):
                kwarg = function.node.args.kwarg
                if kwarg is not None and keyword.value.id == kwarg.arg:
                    return ShellSwitch(switch.name, None)
        return None

    def _switch_expression(self, value: ast.expr, function, call) -> ShellSwitch | None:
        """The switch an expression given as `shell=` stands for: one of the
        function's parameters, or a key taken from its `**kwargs`."""
        if isinstance(value, ast.Name):
            return self._switch_source(value.id, function, call)
        return _kwargs_key(value, function)

    def _switch_source(self, name, function, call) -> ShellSwitch | None:
        bare = _bare_summary(function)
        if name in bare.positional or name in {a.arg for a in function.node.args.kwonlyargs}:
            position = bare.positional.index(name) if name in bare.positional else None
            scope = self.scope_of(function.node)
            default = scope.defaults.get(name)
            default_true = isinstance(default, ast.Constant) and bool(default.value)
            return ShellSwitch(name, position, default_true)
        scope = self.scope_of(function.node)
        for value, _stmt in scope.reaching(name, (call.lineno, call.col_offset)):
            switch = _kwargs_key(value, function)
            if switch is not None:
                return switch
        return None

    def _worth_reading(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        """Reading another module costs a parse: do it only for a call whose
        arguments could make a finding (a built string, a command line), or
        when a rule asks whether the call runs anything at all."""
        if self.project is None:
            return False
        if self._follow_every_call:
            return True
        return self._hands_command(call, function) or self._hands_parameter(call, function)

    def _hands_parameter(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        """The call passes one of the function's own parameters on: the
        function may be a wrapper of a wrapper of another module."""
        if function is None:
            return False
        params = _param_names(function.node)
        args = [*call.args, *(k.value for k in call.keywords)]
        for arg in args[:8]:
            if isinstance(arg, ast.Starred):
                arg = arg.value
            elements = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
            for element in elements[:16]:
                if isinstance(element, ast.Starred):
                    element = element.value
                if isinstance(element, ast.Name) and element.id in params:
                    return True
        return False

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

    @functools.cached_property
    def _top_package(self) -> str | None:
        from flake8_netns.model.project import top_package
        return top_package(self.filename)

    def _hands_command(self, call: ast.Call, function: FunctionInfo | None) -> bool:
        args = [a for a in [*call.args[:3], *(k.value for k in call.keywords)]
                if _looks_built(a)]
        if any(_written_built(a) or _is_command_line(a) for a in args):
            return True
        # a local name is worth evaluating only when the function binds it
        bound = function.assigned if function else self.index.module_assigned
        args = [a for a in args if not isinstance(a, ast.Name) or a.id in bound]
        if not args:
            return False
        evaluator = self.evaluator(function.node if function else None)
        for arg in args:
            for value in evaluator.values(arg, call):
                if value.kind == BUILT or (value.kind == CONST and value.text
                                           and " " in value.text.strip()):
                    return True
                if value.is_sequence and any(i.kind == BUILT for i in value.items):
                    return True
        return False

    # -- callees ------------------------------------------------------------
    def _callees(self, call: ast.Call, func: ast.AST, function: FunctionInfo | None,
                 known, depth: int) -> list:
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
        if instance_of is not None:
            # `client.exec_command(cmd)` on a `paramiko.SSHClient()` or on a
            # project class derived from it: the library's method
            qualified = f"{instance_of}.{func.attr}"
        # what the user names wins: it is there because analysis cannot see
        sink = (sinks_mod.user_sink(qualified, written, call, self.settings)
                or sinks_mod.known_sink(qualified, written, call))
        if sink is not None:
            return [sink]
        wrapper = self._wrapper(call, func, function, known)
        if wrapper is not None:
            return [wrapper]
        targets: list = []
        if isinstance(func, ast.Name):
            targets.extend(self._local_callees(call, func, function, known, depth))
        elif self._is_instance_attribute(func, function):
            for held in self._held_by(function.class_name, func.attr):
                targets.extend(self._callees(call, held, function, known, depth + 1))
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

    def _local_callees(self, call, func: ast.Name, function: FunctionInfo | None,
                       known, depth) -> list:
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
                for target in self._callees(call, expr, function, known, depth + 1):
                    if isinstance(target, _WrapperTarget) and (bound or shift):
                        target = dataclasses.replace(target, bound={**target.bound, **bound},
                                                     skip=target.skip + shift)
                    elif isinstance(target, Sink) and bound.get("shell") is not None:
                        shell = bound["shell"]
                        if not (isinstance(shell, ast.Constant) and not shell.value):
                            target = dataclasses.replace(target, kind=SHELL)
                    targets.append(target)
        return targets

    def _wrapper(self, call, func, function, known) -> "_WrapperTarget | None":
        """The function of this module or of the project that `func` names."""
        if isinstance(func, ast.Name):
            qualname = self._visible_function(func, function)
            if qualname is not None:
                return _WrapperTarget(known.get(qualname) or _empty(qualname), func.id, {},
                                      0)
            imported = self.imports.bindings.get(func.id)
            if (imported is not None and imported.name
                    and self._worth_reading(call, function)):
                summary = self.project.function(self, imported.module, imported.level,
                                                imported.name)
                if summary is not None:
                    return _WrapperTarget(summary, func.id, {}, 0)
            return None
        if not isinstance(func, ast.Attribute):
            return None
        receiver = func.value
        class_name = self._receiver_class(receiver, function, func)
        if class_name is not None:
            found = self._method(class_name, func.attr, call, function, known,
                                 skip_own=_is_super(receiver))
            if found is not None:
                summary, static = found
                label = f"{callee_name(receiver) or 'super()'}.{func.attr}"
                return _WrapperTarget(summary, label, {}, 0 if static else 1)
            return None
        receiver_name = dotted_name(receiver)
        if receiver_name and self._worth_reading(call, function):
            head = receiver_name.split(".")[0]
            imported = self.imports.bindings.get(head)
            if imported is not None and "." not in receiver_name:
                # `from pkg import mod` or `import pkg.mod as mod`: mod.func()
                module = ".".join(p for p in (imported.module, imported.name) if p)
                summary = self.project.function(self, module, imported.level, func.attr)
                if summary is not None:
                    return _WrapperTarget(summary, f"{receiver_name}.{func.attr}", {}, 0)
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
            class_name = function.class_name or _enclosing_class(function.qualname)
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
        own = function.class_name or _enclosing_class(function.qualname)
        if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
            return own if own in self.classes else None
        if _is_super(receiver):
            return own if own in self.classes else None
        if isinstance(receiver, ast.Name):
            scope = self.scope_of(function.node)
            for value, _ in scope.reaching(receiver.id, (func.lineno, func.col_offset))[-2:]:
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                        and value.func.id in self.classes:
                    return value.func.id
        return None

    def _method(self, class_name: str, attr: str, call, function, known,
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
                    return known.get(qualname) or _empty(qualname), \
                        self.functions[qualname].is_static
            node = self.classes.get(name)
            for base in node.bases if node is not None else ():
                base_name = dotted_name(base)
                if base_name is None:
                    continue
                if base_name in self.classes:
                    queue.append((base_name, level + 1))
                    continue
                summary = self._project_method(base_name, attr, call, function)
                if summary is not None:
                    return summary, False
        return None

    def _project_method(self, base_name: str, attr: str, call, function) -> FunctionSummary | None:
        """`attr` of a base class imported from a project module."""
        if self.project is None or not self._worth_reading(call, function):
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
        """The module's classes by name (top level, and under if/try)."""
        found: dict[str, ast.ClassDef] = {}
        stack = list(getattr(self.tree, "body", []))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, node)
            elif isinstance(node, (ast.If, ast.Try)):
                stack.extend(node.body)
                stack.extend(node.orelse)
        return found


@dataclasses.dataclass(frozen=True)
class _WrapperTarget:
    summary: FunctionSummary
    label: str
    bound: dict
    skip: int   # leading positional parameters already given (self, partial's)

    def __hash__(self) -> int:
        return hash((self.summary.qualname, self.label))


def _kwargs_key(value: ast.AST, function) -> ShellSwitch | None:
    """`kwargs.get('shell')` / `kwargs.pop('shell', False)` on the
    function's own `**kwargs`: the caller's keyword of that name."""
    kwarg = function.node.args.kwarg
    if (kwarg is not None and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute) and value.func.attr in ("get", "pop")
            and isinstance(value.func.value, ast.Name) and value.func.value.id == kwarg.arg
            and value.args and isinstance(value.args[0], ast.Constant)):
        default = value.args[1] if len(value.args) > 1 else None
        return ShellSwitch(str(value.args[0].value), None,
                           isinstance(default, ast.Constant) and bool(default.value))
    return None


def _dict_entry(function: ast.AST, name: str, key: str) -> ast.expr | None:
    """The value a local dict `name` is given for `key` in the function:
    `name[key] = value`, `name = {key: value}` or `name = dict(key=value)`."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                        and target.value.id == name and isinstance(target.slice, ast.Constant)
                        and target.slice.value == key):
                    return node.value
                if isinstance(target, ast.Name) and target.id == name:
                    value = node.value
                    if isinstance(value, ast.Dict):
                        for k, v in zip(value.keys, value.values):
                            if isinstance(k, ast.Constant) and k.value == key:
                                return v
                    if isinstance(value, ast.Call) and dotted_name(value.func) == "dict":
                        for keyword in value.keywords:
                            if keyword.arg == key:
                                return keyword.value
    return None


def _is_super(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "super")


def callee_name(func: ast.AST) -> str | None:
    """The dotted name a callee expression stands for: `os.system`, and for
    the dynamic forms RULES.md names, `getattr(os, 'system')` and
    `__import__('os').system`, also `os.system`."""
    name = dotted_name(func)
    if name is not None:
        return name
    if isinstance(func, ast.Call) and isinstance(func.func, ast.Name):
        args = func.args
        if func.func.id == "getattr" and len(args) >= 2 and isinstance(args[1], ast.Constant) \
                and isinstance(args[1].value, str):
            owner = callee_name(args[0])
            return f"{owner}.{args[1].value}" if owner else None
        if func.func.id == "__import__" and args and isinstance(args[0], ast.Constant) \
                and isinstance(args[0].value, str):
            return args[0].value
    if isinstance(func, ast.Attribute):
        owner = callee_name(func.value)
        return f"{owner}.{func.attr}" if owner else None
    return None


_BUILTINS = frozenset(dir(builtins))


def _last_name(func: ast.AST) -> str | None:
    name = callee_name(func)
    return name.rpartition(".")[2] if name else None


def _param_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = node.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                            args.vararg, args.kwarg] if a is not None}


def _written_built(arg: ast.AST) -> bool:
    """A built string written in place: an f-string with a field, `%` or
    `+` on a string constant, `.format()` or `.join()` on one."""
    if isinstance(arg, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in arg.values)
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, (ast.Mod, ast.Add)):
        return any(isinstance(side, ast.Constant) and isinstance(side.value, str)
                   or _written_built(side) for side in (arg.left, arg.right))
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        return (arg.func.attr in ("format", "join")
                and isinstance(arg.func.value, ast.Constant))
    return False


def _is_command_line(arg: ast.AST) -> bool:
    return (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            and " " in arg.value.strip())


def _looks_built(arg: ast.AST) -> bool:
    """Syntax alone says this may be a built string or an argv holding
    one: an f-string, `%`, `+`, `.format()`, `.join()`, or a local name."""
    if isinstance(arg, (ast.JoinedStr, ast.BinOp, ast.Name)):
        return True
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        return arg.func.attr in ("format", "join", "split")
    if isinstance(arg, (ast.List, ast.Tuple)):
        return any(_looks_built(e) for e in arg.elts)
    return isinstance(arg, ast.Constant) and isinstance(arg.value, str) and " " in arg.value


def _alternatives(expr: ast.AST) -> list[ast.AST]:
    if isinstance(expr, ast.IfExp):
        return _alternatives(expr.body) + _alternatives(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return [e for value in expr.values for e in _alternatives(value)]
    return [expr]


def _shadowed(name: ast.Name, function, analysis) -> bool:
    if function is None:
        return False
    scope = analysis.scope_of(function.node)
    return name.id in scope.params or bool(scope.assignments.get(name.id))


def _enclosing_class(qualname: str) -> str | None:
    parts = qualname.split(".")
    return parts[-2] if len(parts) > 1 else None


def _empty(qualname: str) -> FunctionSummary:
    return FunctionSummary(qualname, (), None, False)


def _bare_summary(function: FunctionInfo) -> FunctionSummary:
    args = function.node.args
    positional = tuple(a.arg for a in [*args.posonlyargs, *args.args])
    is_method = function.class_name is not None and not function.is_static
    return FunctionSummary(function.qualname, positional,
                           args.vararg.arg if args.vararg else None, is_method)


def calls_in(statements: list[ast.AST]) -> Iterator[ast.Call]:
    """Calls that run when `statements` run, in source order: not those in
    nested functions, classes or lambdas."""
    stack = list(reversed(statements))
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef,
                                ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(current, ast.Call):
            yield current
        stack.extend(reversed(list(ast.iter_child_nodes(current))))


def _arguments_for(call: ast.Call, summary: FunctionSummary, param: str,
                   bound: dict, skip: int) -> list[ast.expr]:
    positional = list(summary.positional)[skip:]
    if param == summary.vararg:
        return list(call.args[len(positional):])
    for keyword in call.keywords:
        if keyword.arg == param:
            return [keyword.value]
    if param in bound:
        return [bound[param]]
    if param in positional:
        index = positional.index(param)
        if index < len(call.args) and not any(
                isinstance(a, ast.Starred) for a in call.args[:index + 1]):
            return [call.args[index]]
    return []


def _switch_value(call, summary, switch: ShellSwitch, bound, skip: int) -> bool | None:
    """True/False when the call passes a literal (or leaves the default);
    None when it passes something that is not a literal."""
    args = _arguments_for(call, summary, switch.name, bound, skip)
    if not args:
        if any(k.arg is None for k in call.keywords):
            return None
        return switch.default_true
    value = args[0]
    if isinstance(value, ast.Constant):
        return bool(value.value)
    return None


_RANKS = {SHELL: 0, SPLIT: 1, ARGV: 2, TAIL: 3, ELEMENT: 4}


def _rank(mode: ParamMode) -> float:
    return _RANKS.get(mode.kind, 9) - (0.5 if mode.switch else 0)


def joined_argv(argv: Value, node: ast.AST) -> Value:
    """The command line a shell reads when a runner joins its argv with
    spaces (`processutils.execute(*cmd, shell=True)`)."""
    parts = [*(argv.items or ()), *argv.tails]
    variable = [p for p in parts if p.kind != CONST]
    if not variable:
        texts = [p.text for p in parts]
        text = " ".join(t for t in texts if t is not None) if None not in texts else None
        return Value(CONST, text=text, node=node)
    names: list[str] = []
    for part in variable:
        names.extend(part.names or ((dotted_name(part.node),) if part.node is not None
                                    and dotted_name(part.node) else ()))
    params: frozenset[str] = frozenset()
    for part in parts:
        params |= part.params
    return Value(BUILT, how="the joined arguments", names=tuple(dict.fromkeys(names))[:4],
                 mixes_text=len(parts) > 1, params=params, node=variable[0].node or node)


def shell_command(value: Value) -> Value | None:
    """What a shell reads as its command: the string itself, the first item
    of an argv given with shell=True, the item after `sh -c`/`su -c`, or the
    words after the host of `ssh HOST CMD...` joined."""
    if not value.is_sequence:
        return value
    span = sinks_mod.shell_command_span(argv_texts(value))
    if span is None:
        if not value.items and value.tails:
            return joined_argv(value, value.node)   # `(*cmd, shell=True)`: joined
        return value.items[0] if value.items else None
    start, end = span
    if end - start == 1:
        return value.items[start]
    remote = Value(OPAQUE, items=tuple(value.items[start:end]), node=value.items[start].node)
    return joined_argv(remote, value.items[start].node or value.node)


def argv_texts(value: Value) -> list[str | None]:
    """Each argv item's constant text (None where not constant), with the
    user's shell (`os.environ['SHELL']`, `os.getenv('SHELL')`) marked."""
    texts = []
    for item in value.items or ():
        if item.kind == CONST:
            texts.append(item.text)
        else:
            texts.append(sinks_mod.SHELL_VARIABLE if _is_shell_variable(item.node) else None)
    return texts


def _is_shell_variable(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Subscript):
        key = node.slice
        return (dotted_name(node.value) in ("os.environ", "environ")
                and isinstance(key, ast.Constant) and key.value == "SHELL")
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        return (dotted_name(node.func) in ("os.environ.get", "environ.get", "os.getenv", "getenv")
                and isinstance(first, ast.Constant) and first.value == "SHELL")
    return False


def _param_modes(use: Use, params: set[str]) -> Iterator[tuple[str, ParamMode]]:
    """What a use inside a function makes of that function's parameters."""
    for value in use.values:
        kind = use.kind
        if kind == SHELL:
            value = shell_command(value)
            if value is None:
                continue
        if use.switch is not None and use.direct and kind == ARGV and value.is_sequence:
            # a shell only when the caller's `shell=` says so (**kwargs)
            for item in value.items:
                if item.whole_param in params:
                    yield item.whole_param, ParamMode(SHELL, use.switch, ELEMENT, False)
            for tail in value.tails:
                if tail.whole_param in params:
                    yield tail.whole_param, ParamMode(SHELL, use.switch, TAIL, False)
        elif use.switch is not None and not use.direct:
            kind = SHELL
        if kind in (SHELL, SPLIT) or (kind == ARGV and (value.split or (
                use.splits_string and not value.is_sequence and value.kind == BUILT))):
            mode_kind = SHELL if kind == SHELL else SPLIT
            for param in value.params & params:
                whole = value.whole_param == param
                if use.switch is not None and mode_kind == SHELL:
                    yield param, ParamMode(SHELL, use.switch, use.otherwise, whole)
                else:
                    yield param, ParamMode(mode_kind, whole=whole)
            continue
        if kind in (ARGV, TAIL, ELEMENT):
            if value.is_sequence:
                span = sinks_mod.shell_command_span(argv_texts(value))
                for position, item in enumerate(value.items):
                    if item.whole_param in params:
                        in_shell = span is not None and span[0] <= position < span[1]
                        yield item.whole_param, ParamMode(SHELL if in_shell else ELEMENT,
                                                          whole=in_shell and span[1] - span[0] == 1)
                for tail in value.tails:
                    if tail.whole_param in params:
                        # ['pfctl'] + shlex.split(args): split, then spliced in
                        yield tail.whole_param, ParamMode(SPLIT if tail.split else TAIL)
            elif value.whole_param in params:
                if use.splits_string or kind == ARGV:
                    yield value.whole_param, ParamMode(kind)
