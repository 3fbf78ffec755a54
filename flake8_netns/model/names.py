"""Names of callees and parameters, read from syntax alone."""
from __future__ import annotations

import ast

from flake8_netns.model.words import dotted_name


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


def is_super(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "super")


def last_name(func: ast.AST) -> str | None:
    name = callee_name(func)
    return name.rpartition(".")[2] if name else None


def param_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = node.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                            args.vararg, args.kwarg] if a is not None}


def enclosing_class(qualname: str) -> str | None:
    parts = qualname.split(".")
    return parts[-2] if len(parts) > 1 else None
