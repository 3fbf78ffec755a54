"""One walk over a module's tree that the command model and NS2 read.

A 2,000-file run cannot afford a tree walk per question (one full
`ast.walk` of Neutron alone is ~3 s), so the functions with the calls their
bodies make, the `try`/`with` statements and the attributes methods set on
`self` are gathered here in a single pass and shared.
"""
from __future__ import annotations

import ast
import dataclasses

_TRY_NODES = (ast.Try, getattr(ast, "TryStar", ast.Try), ast.With, ast.AsyncWith)


@dataclasses.dataclass
class FunctionInfo:
    qualname: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    class_name: str | None
    is_static: bool
    calls: list[ast.Call] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class FileIndex:
    functions: dict[str, FunctionInfo]
    module_calls: list[ast.Call]          # calls run at import time
    guards: list[tuple[ast.AST, FunctionInfo | None]]   # try/with and their function
    lambda_calls: list[tuple[ast.Call, FunctionInfo | None]] = dataclasses.field(
        default_factory=list)   # calls inside lambdas, with the function around them
    self_attributes: dict[str, set[str]] = dataclasses.field(
        default_factory=dict)   # class -> attributes its methods assign on self

    @classmethod
    def of(cls, tree: ast.AST) -> "FileIndex":
        index = cls({}, [], [])
        by_node: dict[int, FunctionInfo] = {}
        # (node, enclosing function info, qualname prefix, class name, in_lambda)
        stack: list[tuple[ast.AST, FunctionInfo | None, str, str | None, bool]] = [
            (tree, None, "", None, False)]
        while stack:
            node, owner, prefix, class_name, hidden = stack.pop()
            kind = type(node)
            if kind is ast.Call:
                if not hidden:
                    (owner.calls if owner else index.module_calls).append(node)
                else:
                    # a lambda's calls do not run with its function, but
                    # what they run is still a command
                    index.lambda_calls.append((node, owner))
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                qualname = prefix + node.name
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod"
                             for d in node.decorator_list)
                info = FunctionInfo(qualname, node, class_name, static)
                index.functions.setdefault(qualname, info)
                by_node[id(node)] = info
                for child in node.body:
                    stack.append((child, info, qualname + ".<locals>.", None, False))
                for child in (*node.decorator_list, node.args):
                    stack.append((child, owner, prefix, class_name, hidden))
                continue
            elif kind is ast.ClassDef:
                for child in node.body:
                    stack.append((child, owner, prefix + node.name + ".", node.name,
                                  hidden or owner is not None))
                continue
            elif kind is ast.Lambda:
                stack.append((node.body, owner, prefix, class_name, True))
                continue
            elif kind is ast.Import or kind is ast.ImportFrom:
                continue
            elif isinstance(node, _TRY_NODES) and not hidden:
                index.guards.append((node, owner))
            elif (kind is ast.Assign or kind is ast.AnnAssign) and owner is not None \
                    and owner.class_name is not None:
                for target in (node.targets if kind is ast.Assign else [node.target]):
                    if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                            and target.value.id == "self"):
                        index.self_attributes.setdefault(owner.class_name, set()).add(
                            target.attr)
            for child in ast.iter_child_nodes(node):
                stack.append((child, owner, prefix, class_name, hidden))
        # the walk pops in reverse; sources read top-down
        for info in index.functions.values():
            info.calls.reverse()
        index.module_calls.reverse()
        index.guards.reverse()
        return index
