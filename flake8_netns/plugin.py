"""The flake8 adapter: options, the entry point and the crash boundary.

Only this module knows about flake8. It turns flake8's options into a
`Settings`, runs each rule family over the file flake8 hands it, and turns
any internal failure into one NS001 finding instead of a traceback that
would hide the file's other findings.
"""
from __future__ import annotations

import argparse
import ast
from typing import Any, Callable, Iterable, Iterator, Sequence

from flake8_netns import __version__
from flake8_netns.baseline import EMPTY, Baseline
from flake8_netns.codes import OPT_IN, Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.settings import DEFAULT, Settings, SettingsError

_LIST_OPTIONS = (
    ("--netns-exec-functions",
     "extra command runners, NAME[:shell|:argv] (fnmatch on the dotted "
     "name), e.g. 'exec_subprocess:argv,*.cmd:shell'"),
    ("--netns-loggers", "extra logger receiver names, e.g. 'self.audit'"),
    ("--netns-secret-words", "extra words that make a name a secret"),
    ("--netns-not-secret-words",
     "extra words that make a secret-looking name metadata"),
    ("--netns-sanitizers", "extra functions whose result is safe to log"),
    ("--netns-resource-words", "extra resource words for NS401"),
)


def _families() -> Sequence[Callable[[FileContext], Iterable[Finding]]]:
    from flake8_netns.rules import FAMILIES
    return FAMILIES


class NetnsChecker:
    name = "flake8-netns"
    version = __version__
    settings: Settings = DEFAULT
    baseline: Baseline = EMPTY

    def __init__(self, tree: ast.AST, lines: Sequence[str],
                 filename: str = "stdin") -> None:
        # no `file_tokens` parameter: flake8 would tokenize every file again
        # for it; the TODO rules tokenize only a file that has a marker
        self._context = FileContext(tree, lines, filename, self.settings)

    @staticmethod
    def add_options(manager: Any) -> None:
        for flag, help_text in _LIST_OPTIONS:
            manager.add_option(flag, default="", parse_from_config=True,
                               comma_separated_list=True, help=help_text)
        manager.add_option(
            "--netns-follow-imports", default="project",
            parse_from_config=True,
            help="read wrappers from imported modules: none, project "
                 "(the checked file's own package tree; default) or all")
        manager.add_option(
            "--netns-tracker-regex", default=None, parse_from_config=True,
            help="regular expression for a tracker reference in a TODO")
        manager.add_option(
            "--netns-baseline", default="", parse_from_config=True,
            normalize_paths=True,
            help="hide the findings recorded in this file (written by "
                 "'python -m flake8_netns baseline')")
        manager.extend_default_ignore(list(OPT_IN))

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        try:
            cls.settings = settings_from_options(options)
            cls.baseline = Baseline.load(
                getattr(options, "netns_baseline", None) or "")
        except SettingsError as exc:
            # flake8 prints a SystemExit message as one line, no traceback
            raise SystemExit(f"flake8-netns: error: {exc}") from None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        context = self._context
        for result in self.baseline.filter(context.filename, context.lines,
                                           check(context)):
            yield result.line, result.col, result.text, type(self)


def settings_from_options(options: argparse.Namespace) -> Settings:
    def values(flag: str) -> list[str]:
        raw = getattr(options, flag.lstrip("-").replace("-", "_"), None) or []
        return [raw] if isinstance(raw, str) else list(raw)

    return Settings.build(
        exec_functions=values("--netns-exec-functions"),
        follow_imports=(getattr(options, "netns_follow_imports", None)
                        or "project").strip(),
        loggers=values("--netns-loggers"),
        secret_words=values("--netns-secret-words"),
        not_secret_words=values("--netns-not-secret-words"),
        sanitizers=values("--netns-sanitizers"),
        tracker_regex=getattr(options, "netns_tracker_regex", None),
        resource_words=values("--netns-resource-words"),
    )


def check(context: FileContext) -> list[Finding]:
    """Run every rule family; a family that fails costs only its findings."""
    results: list[Finding] = []
    failure: BaseException | None = None
    for family in _families():
        try:
            results.extend(family(context))
        except (Exception, RecursionError) as exc:  # the plugin boundary
            failure = failure or exc
    if failure is not None:
        error = f"{type(failure).__name__}: {failure}".strip().splitlines()[0]
        results.append(finding(1, 0, "NS001", error=error[:200]))
    return sorted(set(results))
