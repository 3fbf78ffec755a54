"""When a TODO is about a resource's lifecycle: the NS401 word lists.

A TODO is about a lifecycle when it holds a cleanup or leak word ("the veth
leaks", "stale namespaces"), or a resource word together with a lifecycle
word ("where does the port get deleted?", "add a warning if the fip count is
not 0"). Naming a resource alone ("refactor ex_gw_port", "use a
ThreadPoolExecutor", "drop this rule") is not enough.

A listed entry is one or more words ("port", "floating ip", "clean up"). Its
first word matches as listed or inflected the way English spells it
(`ports`, `leaked`, `closing`, `removing`, `plugged`, `tunnelled`); a later
word as listed or plural (`floating IPs`). The text and the entries are
split the same way (`split_words`), so `ex_gw_port`, `clean-up` and
`ThreadPoolExecutor` read as their parts, and `portal` or `support` are not
`port`.
"""
from __future__ import annotations

import functools
from typing import Iterable, NamedTuple, Sequence

from flake8_netns.model.words import split_words

# enough alone: they say something is not given back
CLEANUP_WORDS = (
    "cleanup", "clean up", "clean-up", "cleaning", "leak", "dealloc",
    "deallocate", "teardown", "tear down", "purge", "garbage", "gc", "reap",
    "stale", "orphan", "orphaned", "dangling",
)
RESOURCE_WORDS = (
    "port", "device", "interface", "iface", "veth", "tap", "bridge",
    "namespace", "netns", "fip", "floating ip", "router", "route", "rule",
    "subnet", "vlan", "tunnel", "address", "iptables", "nftables",
    "conntrack", "flow", "socket", "connection", "session", "fd", "file",
    "file descriptor", "tempfile", "temp file", "tmp file", "lock",
    "semaphore", "thread", "greenthread", "process", "daemon", "pid",
    "subprocess", "container", "timer", "mount", "volume", "lease",
    "allocation", "quota", "memory",
)
LIFECYCLE_WORDS = (
    "create", "creation", "delete", "deletion", "remove", "removal",
    "release", "free", "close", "kill", "destroy", "allocate", "attach",
    "detach", "plug", "unplug", "mount", "unmount", "umount", "spawn",
    "reuse", "recycle", "reclaim", "dispose", "expire", "count",
)

CLEANUP, RESOURCE, LIFECYCLE = "cleanup", "resource", "lifecycle"
_VOWELS = frozenset("aeiou")


def plurals(word: str) -> frozenset[str]:
    """The s-forms: `ports`, `addresses`, `attaches`, `memories`."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return frozenset({word + "es"})
    if word.endswith("o"):
        return frozenset({word + "s", word + "es"})
    if len(word) > 1 and word[-1] == "y" and word[-2] not in _VOWELS:
        return frozenset({word + "s", word[:-1] + "ies"})
    return frozenset({word + "s"})


def inflections(word: str) -> frozenset[str]:
    """`word` with the endings s, es, d, ed and ing as English spells them:
    a final e dropped before ing (`closing`, but `freeing`), a final
    consonant after one vowel doubled (`plugged`, `tunnelled`; a word of
    one syllable only doubled: `tapped`, never `taped`)."""
    out = {word, *plurals(word)}
    if word.endswith("e"):
        out.add(word + "d")
        out.add((word if word.endswith("ee") else word[:-1]) + "ing")
        return frozenset(out)
    if len(word) > 1 and word[-1] == "y" and word[-2] not in _VOWELS:
        out.update({word[:-1] + "ied", word + "ing"})
        return frozenset(out)
    stems = [word]
    if _doubles(word):
        stems = [word + word[-1]] + ([] if _syllables(word) == 1 else [word])
    for stem in stems:
        out.update({stem + "ed", stem + "ing"})
    return frozenset(out)


def _doubles(word: str) -> bool:
    """Ends consonant-vowel-consonant (plug, tunnel), the last not w/x/y."""
    return (len(word) >= 2 and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS
            and (len(word) == 2 or word[-3] not in _VOWELS))


def _syllables(word: str) -> int:
    return sum(1 for i, c in enumerate(word)
               if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS))


# NamedTuples, not dataclasses: a dataclass compiles its methods at import,
# which every flake8 run would pay for
class Mention(NamedTuple):
    """A listed entry found in a TODO: words[start:end], of one kind."""
    kind: str
    start: int
    end: int
    text: str

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


class Topic(NamedTuple):
    """What an NS401 TODO is about, for its message."""
    action: str                # the cleanup or lifecycle words as written
    resource: str | None = None

    def __str__(self) -> str:
        if self.resource is None:
            return repr(self.action)
        return f"{self.resource!r} ({self.action})"


class LifecycleMatcher:
    """Finds the cleanup, resource and lifecycle entries a text names."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        # a word's form -> the entries starting there: (kind, the form sets
        # of its words), so a text word costs one dict probe
        self._starts: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for kind, entry in entries:
            words = split_words(entry)
            if not words:
                continue
            parts = (inflections(words[0]),
                     *(frozenset({w, *plurals(w)}) for w in words[1:]))
            for form in parts[0]:
                self._starts.setdefault(form, []).append((kind, parts))

    def mentions(self, words: Sequence[str]) -> list[Mention]:
        """Every entry named, in text order; the longest of a kind where
        several start on one word (`file descriptor` over `file`)."""
        found: list[Mention] = []
        for i, word in enumerate(words):
            longest: dict[str, int] = {}
            for kind, parts in self._starts.get(word, ()):
                end = i + len(parts)
                if end <= len(words) and end > longest.get(kind, i) and all(
                        w in part for w, part in zip(words[i:end], parts)):
                    longest[kind] = end
            found.extend(Mention(kind, i, end, " ".join(words[i:end]))
                         for kind, end in longest.items())
        return found

    def topic(self, words: Sequence[str]) -> Topic | None:
        """What the words say about a resource's lifecycle, if anything.

        One word counts as a resource and as a lifecycle word (`mount`)
        only where it stands twice: the two mentions may not overlap."""
        found = self.mentions(words)
        resources = [m for m in found if m.kind == RESOURCE]
        cleanups = [m for m in found if m.kind == CLEANUP]
        if cleanups:
            cleanup = cleanups[0]
            resource = next((r for r in resources if not r.overlaps(cleanup)),
                            None)
            return Topic(cleanup.text, resource.text if resource else None)
        lifecycles = [m for m in found if m.kind == LIFECYCLE]
        for resource in resources:
            for lifecycle in lifecycles:
                if not lifecycle.overlaps(resource):
                    return Topic(lifecycle.text, resource.text)
        return None


@functools.lru_cache(maxsize=8)
def lifecycle_matcher(extra_resources: frozenset[str] = frozenset()) -> LifecycleMatcher:
    """The matcher for the listed words, resources extended with
    `--netns-resource-words`."""
    return LifecycleMatcher([
        *((CLEANUP, w) for w in CLEANUP_WORDS),
        *((RESOURCE, w) for w in (*RESOURCE_WORDS, *sorted(extra_resources))),
        *((LIFECYCLE, w) for w in LIFECYCLE_WORDS),
    ])
