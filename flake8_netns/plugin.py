"""The flake8 adapter: options, the entry point and the crash boundary.

Only this module knows about flake8. It turns flake8's options into a
`Settings`, runs each rule family over the file flake8 hands it, drops the
opt-in findings the user did not name, and turns any internal failure into
one NS001 finding instead of a traceback that would hide the file's other
findings.
"""
from __future__ import annotations

import argparse
import ast
import configparser
import contextlib
import gc
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from flake8_netns import __version__, codes, handover, optin
from flake8_netns.codes import Finding, finding
from flake8_netns.context import FileContext
from flake8_netns.settings import DEFAULT, Settings, SettingsError, split_list

if TYPE_CHECKING:
    from flake8_netns.baseline import Baseline

# Lists are split by the plugin (on commas and line breaks), not by flake8,
# whose splitting on spaces would turn `pass word` into two words.
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

# flake8 exits 1 when it finds something; a configuration the plugin cannot
# use exits 2, so CI tells a broken config from a dirty tree.
OPTION_ERROR_STATUS = 2


class OptionError(SystemExit):
    """Stops flake8 with status 2 after one line on stderr naming the
    option (the interpreter prints nothing for an integer exit code)."""

    def __init__(self, problem: str) -> None:
        super().__init__(OPTION_ERROR_STATUS)
        self.message = f"flake8-netns: error: {problem}"

    def __str__(self) -> str:
        return self.message


def _families() -> Sequence[Callable[[FileContext], Iterable[Finding]]]:
    from flake8_netns.rules import FAMILIES
    return FAMILIES


class _CommandLinePath(argparse.Action):
    """A path given on the command line, made absolute against the working
    folder. argparse runs an action only for the command line (flake8 hands
    it a config file's values as defaults), so a relative path left after
    parsing came from a config file and is read against that file's folder
    (`baseline_path`)."""

    def __call__(self, parser: argparse.ArgumentParser,
                 namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        value = str(values).strip()
        setattr(namespace, self.dest, os.path.abspath(value) if value else "")


class NetnsChecker:
    name = "flake8-netns"
    version = __version__
    settings: Settings = DEFAULT
    # None without a baseline: its module then never loads
    baseline: Baseline | None = None
    # flake8's options, kept to read `select`/`extend_select` when a file is
    # checked: flake8's legacy API sets them after `parse_options`
    options: argparse.Namespace | None = None
    extensions: frozenset[str] = frozenset()

    def __init__(self, tree: ast.Module, lines: Sequence[str],
                 filename: str = "stdin") -> None:
        # no `file_tokens` parameter: flake8 would tokenize every file again
        # for it; the TODO rules tokenize only a file that has a marker
        self._context = FileContext(tree, lines, filename, self.settings)

    @staticmethod
    def add_options(manager: Any) -> None:
        for flag, help_text in _LIST_OPTIONS:
            manager.add_option(flag, default="", parse_from_config=True,
                               help=help_text + " (comma-separated)")
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
            action=_CommandLinePath,
            help="hide the findings recorded in this file (written by "
                 "'python -m flake8_netns baseline'); relative to the "
                 "config file that sets it")
        manager.extend_default_ignore(list(codes.OPT_IN))

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        first = _first_stage_options()
        cfg, cfg_dir = _config(options, first)
        try:
            cls.settings = settings_from_options(options)
            cls.baseline = _baseline(baseline_path(options, cfg_dir))
        except SettingsError as exc:
            stop = OptionError(str(exc))
            print(stop.message, file=sys.stderr)
            raise stop from None
        cls.options = options
        cls.extensions = _enable_extensions(options, first, cfg, cfg_dir)

    @classmethod
    def opt_in_enabled(cls) -> frozenset[str]:
        """The opt-in codes named in select, extend-select or
        enable-extensions; all of them when flake8 never parsed options (the
        class used on its own), leaving the choice to the caller."""
        if cls.options is None:
            return frozenset(codes.OPT_IN)
        named = optin.names(getattr(cls.options, "select", None),
                            getattr(cls.options, "extend_select", None),
                            cls.extensions)
        return optin.enabled(codes.OPT_IN, named)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        context = self._context
        found = check(context)
        opt_in = codes.OPT_IN  # the table's, read when used
        if any(f.code in opt_in for f in found):
            named = self.opt_in_enabled()
            found = [f for f in found if f.code not in opt_in or f.code in named]
        if self.baseline is not None:
            found = self.baseline.filter(context.filename, context.lines, found)
        results = [(r.line, r.col, r.text) for r in found]
        if handover.active(self.options):
            # flake8 loaded the reporter: it hands these over once the tree
            # is gone (`handover.py`: flake8 would hold tree and tokens)
            handover.keep(results)
            return
        for line, col, text in results:
            yield line, col, text, type(self)


# flake8's options it parses in a first stage and hands no plugin
_FIRST_STAGE = ("--isolated", "--config", "--append-config", "--enable-extensions")


def _first_stage_options() -> argparse.Namespace:
    """--isolated, --config, --append-config and --enable-extensions from
    the command line. flake8 parses them in a first stage and does not pass
    them on to plugins, so they are read again from the process's arguments
    (a worker process gets its parent's)."""
    args = sys.argv[1:]
    # building flake8's parser costs more than the rest of the options: only
    # when an argument can be one of them (argparse also takes `--isol`)
    if any(arg.startswith("--") and len(prefix := arg.partition("=")[0]) > 2
           and any(name.startswith(prefix) for name in _FIRST_STAGE) for arg in args):
        from flake8.main import options as flake8_options
        try:
            known: argparse.Namespace = flake8_options.stage1_arg_parser(
            ).parse_known_args(args)[0]
            return known
        except SystemExit:  # arguments that are not flake8's
            pass
    return argparse.Namespace(isolated=False, config=None, append_config=[],
                              enable_extensions=None)


def _config(options: argparse.Namespace, first: argparse.Namespace
            ) -> tuple[configparser.RawConfigParser, str]:
    """The configuration flake8 read, read again: flake8 keeps neither the
    folder of its config file (a relative path without a `/` is left
    relative to the working folder) nor the config's enable-extensions."""
    from flake8 import exceptions
    from flake8.options import config
    try:
        found: tuple[configparser.RawConfigParser, str] = config.load_config(
            config=getattr(options, "config", None) or first.config,
            extra=list(getattr(options, "append_config", None) or first.append_config or []),
            isolated=bool(getattr(options, "isolated", False) or first.isolated))
    except (OSError, configparser.Error, exceptions.ExecutionFailed):
        return configparser.RawConfigParser(), os.path.abspath(".")
    return found


def _enable_extensions(options: argparse.Namespace, first: argparse.Namespace,
                       cfg: configparser.RawConfigParser,
                       cfg_dir: str) -> frozenset[str]:
    """enable-extensions as flake8 reads it: the command line's, else the
    config file's."""
    command_line = getattr(options, "enable_extensions", None) or first.enable_extensions
    if command_line is None and not cfg.has_section("flake8"):
        return frozenset()  # nothing can name one (an editor's --isolated run)
    from flake8.plugins import finder
    try:
        plugin_options = finder.parse_plugin_options(
            cfg, cfg_dir, enable_extensions=command_line, require_plugins=None)
    except (configparser.Error, ValueError):
        return frozenset()
    return optin.names(plugin_options.enable_extensions)


def _baseline(path: str) -> Baseline | None:
    if not path:
        return None
    from flake8_netns.baseline import Baseline
    return Baseline.load(path)


def baseline_path(options: argparse.Namespace, cfg_dir: str) -> str:
    """The baseline file to load, '' for none. A command-line value is
    already absolute (`_CommandLinePath`); a relative one came from a
    config file and is read against its folder, `/` or not."""
    raw = (getattr(options, "netns_baseline", None) or "").strip()
    return os.path.join(cfg_dir, raw) if raw else ""


def settings_from_options(options: argparse.Namespace) -> Settings:
    def values(flag: str) -> list[str]:
        return split_list(getattr(options, flag.lstrip("-").replace("-", "_"),
                                  None))

    return Settings.build(
        exec_functions=values("--netns-exec-functions"),
        follow_imports=getattr(options, "netns_follow_imports", None) or "",
        loggers=values("--netns-loggers"),
        secret_words=values("--netns-secret-words"),
        not_secret_words=values("--netns-not-secret-words"),
        sanitizers=values("--netns-sanitizers"),
        tracker_regex=getattr(options, "netns_tracker_regex", None),
        resource_words=values("--netns-resource-words"),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic collector off while the families run on one file.

    What they make for a file (indexes, scopes, values) is freed by
    reference counting when the file is done, but while they run their
    allocations trigger collections, and each full one walks everything
    flake8 holds too: over neutron that doubled the time flake8 spent
    collecting (2.5 -> 4.5 s of a 44 s run). The collector is restored as
    it was, whatever happens; what a file leaves in cycles is collected at
    the next pass after it (`FileContext.release` breaks the big ones)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(context: FileContext) -> list[Finding]:
    """Run every rule family; a family that fails costs only its findings."""
    results: list[Finding] = []
    failure: BaseException | None = None
    try:
        with _collector_paused():
            for family in _families():
                try:
                    results.extend(family(context))
                except (Exception, RecursionError) as exc:  # the plugin boundary
                    failure = failure or exc
    finally:
        context.release()
    if failure is not None:
        error = f"{type(failure).__name__}: {failure}".strip().splitlines()[0]
        results.append(finding(1, 0, "NS001", error=error[:200]))
    return sorted(set(results))
