"""The command model: every call of a module that runs a program, what its
command is made of, and which of the module's functions are wrappers.

`ModuleAnalysis` is the one semantic model the command families query. Its
jobs live in modules of their own: the cheap filter of candidate calls
(`prefilter.py`), callee resolution (`resolve.py`), shell switches
(`switches.py`), and the shapes of summaries and uses (`summary.py`); here
they are put together: summaries of the module's functions (to a fixed
point) and the uses of each call. Other modules' summaries are read by
`modules.py`, which this module never imports (no cycle).
"""
from __future__ import annotations

import ast
import collections
from typing import Iterator

from flake8_netns.model.imports import ImportTable
from flake8_netns.model.index import FileIndex, FunctionInfo
from flake8_netns.model.inference import ReturnInference
from flake8_netns.model.prefilter import CandidateFilter
from flake8_netns.model.resolve import CalleeResolver, Known, Target, Wrapper
from flake8_netns.model.sinks import ARGV, SHELL, SPLIT, Sink, reads_as_sql
from flake8_netns.model.summary import (TAIL, FunctionSummary, ParamMode, ProjectLookup, Use,
                                        arguments_for, bare_summary, joined_argv, param_modes,
                                        rank, switch_value)
from flake8_netns.model.switches import ShellSwitches
from flake8_netns.analysis.scope import ScopeTable
from flake8_netns.model.values import BUILT, CONST, Evaluator, Scope, Value
from flake8_netns.settings import Settings
from flake8_netns.vocab.calls import CallBehaviour, Where

# a function's summary only grows (more parameters, stronger kinds), so a
# few visits each reach the fixed point; the cap bounds hostile input
MAX_SUMMARY_VISITS_PER_FUNCTION = 8


class ModuleAnalysis(CandidateFilter, CalleeResolver, ShellSwitches):
    """The command model of one module's `ast` tree."""

    def __init__(self, tree: ast.Module, filename: str, settings: Settings,
                 project: ProjectLookup | None = None, index: FileIndex | None = None,
                 imports: ImportTable | None = None,
                 returns: ReturnInference | None = None,
                 scopes: ScopeTable | None = None, exported: bool = True,
                 names_sink: bool = True) -> None:
        self.tree = tree
        self.filename = filename
        self.settings = settings
        self.project = project
        # read for its callers in other modules (modules.py), or the checked
        # file, whose own calls are the only ones judged
        self.exported = exported
        # the module's text names a sink; when it does not, no call is one
        # by its name and the by-name look at each call is skipped
        self.names_sink = names_sink
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
        # one scope per function, shared with the other families of the file
        self.scopes = scopes or ScopeTable(tree)
        self._summaries: dict[str, FunctionSummary] | None = None
        self._computing = False
        self._candidate_cache: dict[str, list[ast.Call]] = {}
        self._callee_names: dict[int, str | None] = {}
        self._sinkish_calls: dict[int, bool] = {}
        self._hands_command_calls: dict[int, bool] = {}
        self._param_names: dict[str, set[str]] = {}
        self._named: dict[str, list[tuple[ast.Call, str | None]]] = {}
        self._foreign_bases: dict[str, bool] = {}
        # what calls do with values, with this file's imports (`from shlex
        # import quote`) and the run's sanitisers
        self.calls = CallBehaviour.of(settings, self.imports)

    @property
    def module_scope(self) -> Scope:
        return self.scopes.module

    def scope_of(self, function: ast.AST | None) -> Scope:
        return self.scopes.of(function)

    def evaluator(self, function: ast.AST | None) -> Evaluator:
        return Evaluator(self.scope_of(function), self.module_scope, self.calls)

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
        current = {q: bare_summary(f) for q, f in self.functions.items()}
        calls = {q: self._candidates(f) for q, f in self.functions.items()}
        callers: dict[str, set[str]] = {}
        for qualname, function_calls in calls.items():
            for call in function_calls:
                last = self._last(call.func)
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

    def _summarise(self, function: FunctionInfo, calls: list[ast.Call],
                   known: Known) -> FunctionSummary:
        bare = bare_summary(function)
        params = set(bare.positional) | ({bare.vararg} if bare.vararg else set())
        modes: dict[str, ParamMode] = {}
        runs = False
        first_line = 0
        for call in calls:
            for use in self._uses_of(call, function, known):
                runs = True
                first_line = first_line or call.lineno
                for param, mode in param_modes(use, params):
                    if param not in modes or rank(mode) < rank(modes[param]):
                        modes[param] = mode
            if not runs and self._calls_runner(call, function, known):
                runs = True
                first_line = first_line or call.lineno
        return bare._replace(modes=tuple(sorted(modes.items())),
                             runs_command=runs, first_command_line=first_line)

    def _calls_runner(self, call: ast.Call, function: FunctionInfo | None, known: Known,
                      read_all: bool = False) -> bool:
        for target in self._callees(call, call.func, function, known, 0, read_all):
            if isinstance(target, Wrapper) and target.summary.runs_command:
                return True
        return False

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
        # a rule asking whether a call runs anything reads every project
        # module it calls, not only those handed a built string
        if self._uses_of(call, function, known, read_all=True):
            return True
        return self._calls_runner(call, function, known, read_all=True)

    def _function_of(self, node: ast.AST | None) -> FunctionInfo | None:
        if node is None:
            return None
        return self._by_node.get(id(node))

    def _uses_of(self, call: ast.Call, function: FunctionInfo | None, known: Known,
                 read_all: bool = False) -> list[Use]:
        uses: list[Use] = []
        for target in self._callees(call, call.func, function, known, 0, read_all):
            uses.extend(self._use(call, target, function, known))
        return uses

    def _use(self, call: ast.Call, target: Target, function: FunctionInfo | None,
             known: Known) -> list[Use]:
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
            if target.by_name and any(_sql(value) for value in values):
                return []   # `client.execute(cmd)` after `cmd = "SELECT ..."`: SQL
            return [Use(call, target.label, target.kind, values, target.direct,
                        target.kind == ARGV and target.where is not Where.ITEMS
                        and target.splits_string,
                        switch, SPLIT if any(v.split for v in values) else ARGV)]
        summary = target.summary
        uses = []
        for param, mode in summary.modes:
            args = arguments_for(call, summary, param, target.bound,
                                 skip=target.skip)
            if not args:
                continue
            kind = mode.kind
            switch = None
            if mode.switch is not None:
                on = switch_value(call, summary, mode.switch, target.bound,
                                  target.skip)
                if on is None:
                    on = self._dict_switch_literal(call, function, mode.switch)
                if on is None:
                    # not a literal true: judged as the split/argv form here;
                    # a switch forwarded from the caller's own parameter
                    # makes the caller a switchable wrapper too
                    switch = self._forwarded_switch(call, function, mode.switch)
                    kind = mode.otherwise
                else:
                    kind = SHELL if on else mode.otherwise
            if param == summary.vararg and kind in (SHELL, TAIL):
                argvs = evaluator.argv_alternatives(args, call)
                # a shell joins the arguments into one command line
                values = tuple(joined_argv(argv, call) if kind == SHELL else argv
                               for argv in argvs)
            else:
                values = tuple(evaluator.values(args[0], call))
            if not mode.whole:
                # a constant that is only part of the command says nothing
                values = tuple(v for v in values if v.kind == BUILT or v.is_sequence or v.params)
            uses.append(Use(call, f"{target.label}()", kind, values, False, False,
                            switch, mode.otherwise))
        return uses

    def _command_values(self, call: ast.Call, sink: Sink, evaluator: Evaluator) -> list[Value]:
        if sink.where is Where.ITEMS and sink.by_name and len(call.args) > 1 and \
                _list_like(call.args[0], call, evaluator.scope):
            # `client.execute(cmd, process_input)` of an API we cannot read:
            # a first argument that is a list is the whole argv, and what
            # follows it is something else (stdin, a timeout)
            return evaluator.values(call.args[0], call)
        if sink.where is Where.ITEMS:
            # `execute(*cmd)`: one argv per list `cmd` may be;
            # `processutils.execute(*cmd, shell=True)` joins its arguments
            return [joined_argv(argv, call) if sink.kind == SHELL else argv
                    for argv in evaluator.argv_alternatives(call.args[sink.index:], call)]
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


_LIST_CALLS = frozenset({"list", "tuple", "sorted"})


def _list_expression(expr: ast.AST) -> bool:
    """Syntax that makes a list: a display, a comprehension, `list(...)`,
    or `+` with a display on one side."""
    if isinstance(expr, (ast.List, ast.Tuple, ast.ListComp)):
        return True
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        return expr.func.id in _LIST_CALLS
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _list_expression(expr.left) or _list_expression(expr.right)
    return False


def _list_like(expr: ast.AST, call: ast.Call, scope: Scope) -> bool:
    """`expr` is a list written here or a local last bound to one."""
    if _list_expression(expr):
        return True
    if isinstance(expr, ast.Name):
        return any(_list_expression(value) for value, _ in
                   scope.reaching(expr.id, (call.lineno, call.col_offset))[-4:])
    return False


def _sql(value: Value) -> bool:
    """A command that reads as SQL: its text, or a built string's first
    constant piece (`"SELECT MASTER_GTID_WAIT('%s')" % txn`)."""
    if value.kind == CONST:
        return reads_as_sql(value.text)
    first = value.parts[0] if value.parts else None
    return value.kind == BUILT and first is not None and first.kind == CONST and \
        reads_as_sql(first.text)


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
