"""What one checked file offers the rule families.

flake8 hands the plugin a parsed `ast` tree and the lines (not the tokens:
flake8 would tokenize every file a second time for them); the rule families
share them through a `FileContext`, together with anything derived from them
that more than one family needs (the import table, the command model).
Derived parts are built on first use only, so a file no family needs them
for never pays for them. Their modules are imported there too, for the same
reason.
"""
from __future__ import annotations

import ast
import functools
import itertools
from typing import TYPE_CHECKING, Sequence

from flake8_netns.settings import Settings

if TYPE_CHECKING:
    from flake8_netns.analysis.scope import ScopeTable
    from flake8_netns.model.commands import ModuleAnalysis
    from flake8_netns.model.imports import ImportTable
    from flake8_netns.model.index import FileIndex
    from flake8_netns.model.inference import ReturnInference
    from flake8_netns.model.loggers import LoggerModel


class FileContext:
    def __init__(
        self,
        tree: ast.Module,
        lines: Sequence[str],
        filename: str,
        settings: Settings,
    ) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename
        self.settings = settings

    @functools.cached_property
    def source(self) -> str:
        return "".join(self.lines)

    @functools.cached_property
    def line_starts(self) -> list[int]:
        """The offset in `source` where each line starts (and the end): a
        text search's hit becomes a line number by bisection."""
        return list(itertools.accumulate(map(len, self.lines), initial=0))

    @functools.cached_property
    def index(self) -> FileIndex:
        from flake8_netns.model.index import FileIndex
        return FileIndex.of(self.tree)

    @functools.cached_property
    def imports(self) -> ImportTable:
        from flake8_netns.model.imports import ImportTable
        return ImportTable.of_module(self.tree)

    @functools.cached_property
    def may_run_commands(self) -> bool:
        """False when no call of the file can run a command: the command
        families then cost one text search instead of a tree walk."""
        from flake8_netns.model.project import may_run_commands
        return may_run_commands(self.source, self.tree, self.filename, self.settings,
                                self.names_sink)

    @functools.cached_property
    def names_sink(self) -> bool:
        """The file's own text names a sink (or the user names runners):
        without it no call of the file is a sink itself, and only calls of
        project modules can run a command."""
        from flake8_netns.model.project import text_names_runner
        return text_names_runner(self.source, self.settings)

    @functools.cached_property
    def scopes(self) -> ScopeTable:
        """The file's scopes, made once for every family (NS1's command
        model and NS3 evaluate many of the same functions)."""
        from flake8_netns.analysis.scope import ScopeTable
        return ScopeTable(self.tree)

    @functools.cached_property
    def loggers(self) -> LoggerModel:
        from flake8_netns.model.loggers import LoggerModel
        return LoggerModel(self)

    @functools.cached_property
    def returns(self) -> ReturnInference:
        from flake8_netns.model.inference import ReturnInference
        return ReturnInference(self.lines, self.filename, self.settings)

    @functools.cached_property
    def commands(self) -> ModuleAnalysis:
        from flake8_netns.model.commands import ModuleAnalysis
        from flake8_netns.model.modules import ProjectModules
        return ModuleAnalysis(self.tree, self.filename, self.settings,
                              ProjectModules(self.filename, self.settings),
                              index=self.index, imports=self.imports,
                              returns=self.returns, scopes=self.scopes, exported=False,
                              names_sink=self.names_sink)

    def release(self) -> None:
        """The file is checked: drop what astroid keeps of it (its caches
        are process-wide and would keep every checked tree alive), and
        every derived part. The logger model points back at the context, a
        cycle that only the garbage collector's rare full pass would break:
        until then the file's tree and models stayed alive beside the next
        files' (nova's largest two files: 20 MB of peak resident set)."""
        if "returns" in self.__dict__:
            self.returns.release()
        for name in _DERIVED:
            self.__dict__.pop(name, None)


# the cached parts `release` drops (what `run` reads afterwards stays)
_DERIVED = tuple(name for name, value in vars(FileContext).items()
                 if isinstance(value, functools.cached_property))
