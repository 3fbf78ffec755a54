"""What one checked file offers the rule families.

flake8 hands the plugin a parsed `ast` tree, the lines and the tokens; the
rule families share them through a `FileContext`, together with anything
derived from them that more than one family needs (the import table, the
command model). Derived parts are built on first use only, so a file no
family needs them for never pays for them.
"""
from __future__ import annotations

import ast
import functools
import tokenize
from typing import Sequence

from flake8_netns.settings import Settings


class FileContext:
    def __init__(
        self,
        tree: ast.AST,
        lines: Sequence[str],
        filename: str,
        settings: Settings,
        tokens: Sequence[tokenize.TokenInfo] | None = None,
    ) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename
        self.settings = settings
        self._tokens = tokens

    @property
    def tokens(self) -> Sequence[tokenize.TokenInfo]:
        if self._tokens is None:
            self._tokens = _tokenize(self.lines)
        return self._tokens

    @functools.cached_property
    def source(self) -> str:
        return "".join(self.lines)

    @functools.cached_property
    def index(self):
        from flake8_netns.model.index import FileIndex
        return FileIndex.of(self.tree)

    @functools.cached_property
    def imports(self):
        from flake8_netns.model.imports import ImportTable
        return ImportTable.of_module(self.tree)

    @functools.cached_property
    def may_run_commands(self) -> bool:
        """False when no call of the file can run a command: the command
        families then cost one text search instead of a tree walk."""
        from flake8_netns.model.project import may_run_commands
        return may_run_commands(self.source, self.tree, self.filename, self.settings)

    @functools.cached_property
    def loggers(self):
        from flake8_netns.model.loggers import LoggerModel
        return LoggerModel(self)

    @functools.cached_property
    def returns(self):
        from flake8_netns.model.inference import ReturnInference
        return ReturnInference(self.lines, self.filename, self.settings)

    @functools.cached_property
    def commands(self):
        from flake8_netns.model.commands import ModuleAnalysis
        from flake8_netns.model.project import ProjectIndex
        return ModuleAnalysis(self.tree, self.filename, self.settings,
                              ProjectIndex(self.filename, self.settings),
                              index=self.index, imports=self.imports,
                              returns=self.returns)

    def release(self) -> None:
        """The file is checked: drop what astroid keeps of it (its caches
        are process-wide and would keep every checked tree alive)."""
        if "returns" in self.__dict__:
            self.returns.release()


def _tokenize(lines: Sequence[str]) -> list[tokenize.TokenInfo]:
    readline = iter(lines).__next__
    try:
        return list(tokenize.generate_tokens(readline))
    except (tokenize.TokenError, SyntaxError, StopIteration):
        return []
