"""Where a wrapper's `shell=` comes from: the switch its callers turn.

A wrapper such as `exec_subprocess(cmd, shell=False)` runs a shell only for
callers that pass a true `shell`; it may take the switch as a parameter,
forward its `**kwargs`, or put `kwargs.pop('shell', False)` into a dict it
forwards (RULES.md "wrapper sinks").
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_netns.model.index import FunctionInfo

from flake8_netns.model import sinks as sinks_mod
from flake8_netns.model.summary import ShellSwitch, bare_summary
from flake8_netns.model.values import Scope
from flake8_netns.model.words import dotted_name


class ShellSwitches:
    """Shell switches, as a part of `ModuleAnalysis`."""

    if TYPE_CHECKING:
        def scope_of(self, function: ast.AST | None) -> Scope: ...

    def _kwargs_switch(self, call: ast.Call, function: FunctionInfo | None) -> ShellSwitch | None:
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

    def _direct_switch(self, call: ast.Call, function: FunctionInfo | None) -> ShellSwitch | None:
        """The caller's parameter that a direct runner's `shell=` comes from."""
        value = sinks_mod.shell_keyword(call)
        if function is None or value is None:
            return None
        return self._switch_expression(value, function, call)

    def _forwarded_switch(self, call: ast.Call, function: FunctionInfo | None,
                          switch: ShellSwitch) -> ShellSwitch | None:
        """The caller's own switch that a wrapper's switch is given from:
        `shell=shell`, `**kwargs`, or `**opts` holding `kwargs.pop('shell')`."""
        if function is None:
            return None
        for keyword in call.keywords:
            if keyword.arg == switch.name and isinstance(keyword.value, ast.Name):
                return self._switch_source(keyword.value.id, function, call)
            if keyword.arg is None and isinstance(keyword.value, ast.Name):
                kwarg = function.node.args.kwarg
                if kwarg is not None and keyword.value.id == kwarg.arg:
                    return ShellSwitch(switch.name, None)
                entry = _dict_entry(function.node, keyword.value.id, switch.name)
                if entry is not None:
                    return self._switch_expression(entry, function, call)
        return None

    def _dict_switch_literal(self, call: ast.Call, function: FunctionInfo | None,
                             switch: ShellSwitch) -> bool | None:
        """`**opts` where the function set `opts['shell'] = True`: the
        literal the wrapper's switch is given, else None."""
        if function is None:
            return None
        for keyword in call.keywords:
            if keyword.arg is None and isinstance(keyword.value, ast.Name):
                entry = _dict_entry(function.node, keyword.value.id, switch.name)
                if isinstance(entry, ast.Constant):
                    return bool(entry.value)
        return None

    def _switch_expression(self, value: ast.expr, function: FunctionInfo,
                           call: ast.Call) -> ShellSwitch | None:
        """The switch an expression given as `shell=` stands for: one of the
        function's parameters, or a key taken from its `**kwargs`."""
        if isinstance(value, ast.Name):
            return self._switch_source(value.id, function, call)
        return _kwargs_key(value, function)

    def _switch_source(self, name: str, function: FunctionInfo,
                       call: ast.Call) -> ShellSwitch | None:
        bare = bare_summary(function)
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


def _kwargs_key(value: ast.AST, function: FunctionInfo) -> ShellSwitch | None:
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
