"""What a TODO must name to be about a resource: the NS401 word list.

A listed entry is one or more words ("port", "floating ip"); it matches the
same words in a text, each word as listed or with a suffix (`ports`,
`leaked`, `cleaned up`). The text and the entries are split the same way
(`split_words`), so `ex_gw_port`, `clean-up` and `ThreadPoolExecutor` read
as their parts.
"""
from __future__ import annotations

import functools
from typing import Iterable, Sequence

from flake8_netns.model.words import split_words

CLEANUP_WORDS = (
    "cleanup", "clean up", "clean-up", "cleaning", "leak", "dealloc",
    "deallocate", "teardown", "tear down", "unplug", "purge", "garbage", "gc",
    "reap", "stale", "orphan", "orphaned", "dangling", "destroy",
)
RESOURCE_WORDS = (
    "port", "device", "interface", "iface", "veth", "tap", "bridge",
    "namespace", "netns", "fip", "floating ip", "route", "rule", "iptables",
    "nftables", "conntrack", "flow", "socket", "connection", "fd",
    "file descriptor", "tempfile", "temp file", "tmp file", "lock",
    "semaphore", "thread", "greenthread", "pid", "subprocess", "timer",
    "mount", "volume", "lease", "allocation", "quota", "memory",
)
SUFFIXES = ("s", "es", "d", "ed", "ing")


def forms(word: str) -> frozenset[str]:
    """`word` and its suffixed forms; `closing` for `close` drops the e."""
    out = {word, *(word + suffix for suffix in SUFFIXES)}
    if word.endswith("e"):
        out.add(word[:-1] + "ing")
    return frozenset(out)


class ResourceMatcher:
    """Finds the first listed entry named in a sequence of words."""

    def __init__(self, entries: Iterable[str]) -> None:
        # first word's form -> entries starting there, each as the form sets
        # of its words, so a lookup costs one dict probe per text word
        self._starts: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for entry in entries:
            parts = tuple(forms(w) for w in split_words(entry))
            if not parts:
                continue
            for form in parts[0]:
                self._starts.setdefault(form, []).append(parts)

    def first_match(self, words: Sequence[str]) -> str | None:
        """The words of the first entry named in `words`, as written there."""
        for i, word in enumerate(words):
            for parts in self._starts.get(word, ()):
                span = words[i:i + len(parts)]
                if len(span) == len(parts) and all(
                        w in part for w, part in zip(span, parts)):
                    return " ".join(span)
        return None


@functools.lru_cache(maxsize=8)
def resource_matcher(extra_words: frozenset[str] = frozenset()) -> ResourceMatcher:
    """The matcher for the listed words plus `--netns-resource-words`."""
    return ResourceMatcher((*CLEANUP_WORDS, *RESOURCE_WORDS, *sorted(extra_words)))
