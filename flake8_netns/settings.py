"""User settings: the `--netns-*` options, validated once per run.

The analysis only ever sees a `Settings`; flake8's option objects stay in the
adapter (`plugin.py`).
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

FOLLOW_IMPORTS = ("none", "project", "all")
SINK_KINDS = ("shell", "argv")

# A tracker reference in a TODO: a URL, bug/lp/issue/story/task/gh numbers
# (any case: "LP#1948642", "Bug #123"), #1234, bug/1234, an upper-case JIRA
# key (case-sensitive, so "CentOS-7" is not one), or an OpenStack commit
# footer. Only the presence matters, so each alternative stops at its first
# digit; no two unbounded repeats can share characters, which keeps a search
# linear on a 10,000-character comment.
DEFAULT_TRACKER_REGEX = (
    r"https?://\S"
    r"|(?i:\b(?:bug|lp|issue|story|task|gh)\s*(?:[#:]\s*){0,2}\d)"
    r"|(?<![\w#])#\d{3}"
    r"|(?i:\bbugs?/\d)"
    r"|(?<![A-Za-z0-9-])[A-Z][A-Z0-9]+-\d"
    r"|(?i:\b(?:Closes|Related|Partial)-Bug:)"
)


class SettingsError(ValueError):
    """A `--netns-*` option has a value the plugin cannot use."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
        self.option = option


# Records are NamedTuples, not dataclasses: a dataclass compiles its methods
# when its module is imported, which every flake8 run (an editor's, on one
# file) would pay for.
class SinkPattern(NamedTuple):
    pattern: str
    kind: str  # "shell" or "argv"


class Settings(NamedTuple):
    exec_functions: tuple[SinkPattern, ...] = ()
    follow_imports: str = "project"
    loggers: frozenset[str] = frozenset()
    secret_words: frozenset[str] = frozenset()
    not_secret_words: frozenset[str] = frozenset()
    sanitizers: frozenset[str] = frozenset()
    tracker_pattern: str = DEFAULT_TRACKER_REGEX   # valid: checked by `build`
    resource_words: frozenset[str] = frozenset()

    @property
    def tracker_regex(self) -> re.Pattern[str]:
        # compiled on first use: most runs check no file with a TODO
        return compiled_regex(self.tracker_pattern)

    @classmethod
    def build(
        cls,
        *,
        exec_functions: Iterable[str] = (),
        follow_imports: str = "project",
        loggers: Iterable[str] = (),
        secret_words: Iterable[str] = (),
        not_secret_words: Iterable[str] = (),
        sanitizers: Iterable[str] = (),
        tracker_regex: str | None = None,
        resource_words: Iterable[str] = (),
    ) -> "Settings":
        """Validate raw option values; raise `SettingsError` naming the option."""
        follow_imports = _follow_imports(follow_imports)
        return cls(
            exec_functions=tuple(_sink_pattern(p) for p in split_list(exec_functions)),
            follow_imports=follow_imports,
            loggers=_words("--netns-loggers", loggers, dotted=True),
            secret_words=_words("--netns-secret-words", secret_words),
            not_secret_words=_words("--netns-not-secret-words", not_secret_words),
            sanitizers=_words("--netns-sanitizers", sanitizers, dotted=True),
            tracker_pattern=_tracker_pattern(tracker_regex),
            resource_words=_words("--netns-resource-words", resource_words),
        )


def _follow_imports(raw: str) -> str:
    value = (raw or "project").strip().lower()
    if value not in FOLLOW_IMPORTS:
        raise SettingsError(
            "--netns-follow-imports",
            f"expected one of {', '.join(FOLLOW_IMPORTS)}, got {raw!r}")
    return value


# Items are separated by commas or line breaks (one item a line in a config
# file), never by spaces: flake8's own list splitting also splits on spaces,
# which silently made `pass word` two secret words.
_SEPARATOR = re.compile(r"[,\n]")


def split_list(raw: str | Iterable[str] | None) -> list[str]:
    """The items of a list option as written: stripped, blanks dropped."""
    if raw is None:
        return []
    pieces = _SEPARATOR.split(raw) if isinstance(raw, str) else list(raw)
    return [p.strip() for p in pieces if p and p.strip()]


# compiled on first use: only a run that sets these options needs them
_WORD = r"[A-Za-z_][A-Za-z0-9_-]*"
_DOTTED = r"[A-Za-z_*][A-Za-z0-9_*]*(?:\.[A-Za-z_*][A-Za-z0-9_*]*)*"


def _words(option: str, values: Iterable[str], dotted: bool = False) -> frozenset[str]:
    out = []
    for value in split_list(values):
        if not compiled_regex(_DOTTED if dotted else _WORD).fullmatch(value):
            hint = (" (separate items with commas)" if value.split() != [value]
                    else "")
            raise SettingsError(option, f"{value!r} is not a valid "
                                        f"{'dotted name' if dotted else 'word'}{hint}")
        out.append(value if dotted else value.lower())
    return frozenset(out)


def _sink_pattern(raw: str) -> SinkPattern:
    name, colon, kind = raw.partition(":")
    # "foo:" names no kind: refused rather than read as argv, since the user
    # meant to write one
    kind = kind.strip().lower() if colon else "argv"
    name = name.strip()
    if kind not in SINK_KINDS or not compiled_regex(_DOTTED).fullmatch(name):
        raise SettingsError(
            "--netns-exec-functions",
            f"{raw!r} is not NAME, NAME:shell or NAME:argv "
            "(NAME a dotted name, '*' allowed)")
    return SinkPattern(name, kind)


def _tracker_pattern(raw: str | None) -> str:
    """The tracker pattern. A user's pattern that can backtrack without end
    (`(a+)+`, `(\\w+\\s?)+`, `.*x.*y`) is refused here: anyone who can write
    a TODO could otherwise stall every run. The rule also searches no more
    than the first 2,000 characters of a TODO."""
    if raw is None or not raw.strip():
        return DEFAULT_TRACKER_REGEX
    # imported only for a user's pattern: most runs never need it
    from flake8_netns.regex_safety import backtracking_risk
    try:
        compiled_regex(raw)
    except re.error as exc:
        raise SettingsError("--netns-tracker-regex",
                            f"invalid regular expression: {exc}") from None
    risk = backtracking_risk(raw)
    if risk is not None:
        raise SettingsError("--netns-tracker-regex",
                            f"{raw!r} could make a search hang: {risk}")
    return raw


@functools.lru_cache(maxsize=None)
def compiled_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled once, on first use: a pattern that only some runs
    need (an option's value, a message's text) costs no run that does not."""
    return re.compile(pattern)


DEFAULT = Settings()
