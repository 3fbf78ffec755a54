"""What is a secret name (RULES.md "Secret name").

A name is read as words (`X-Auth-Token` -> x, auth, token), never as a
substring, so `keystone`, `monkey` and `sort_key` stay clean. A secret word
next to a metadata word names something *about* the secret (its file, its
length, its hash), not the secret itself: `password_file`, `token_url`.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Iterable, Sequence

from flake8_netns.model.words import split_words

if TYPE_CHECKING:
    from flake8_netns.settings import Settings

# Phrases are word sequences: `api_key` matches `apiKey` and `X-API-Key`
# but not a lone `key` (dict keys, sort keys, OVS option keys).
SECRET_WORDS = (
    "password", "passwd", "passphrase", "pwd", "secret", "token", "apikey",
    "api_key", "access_key", "secret_key", "private_key", "priv_key", "psk",
    "credential", "credentials", "auth_key", "authkey", "auth_pass",
    "session_key",
)

METADATA_WORDS = (
    "hash", "hashed", "digest", "encrypted", "masked", "mask", "redacted",
    "len", "length", "count", "uuid", "usage", "expiry", "expires",
    "expiration", "url", "uri", "file", "path", "type", "name", "ref",
    "policy", "required", "enabled", "set", "opt", "option", "prompt",
    "field", "header_name", "dir", "directory", "pattern", "regex",
    "template", "format", "ttl", "timeout", "lifetime",
)

# `id` un-secrets only `secret`: a secret's id names it, but a token id is
# the token itself.
_ID_UNSECRETS = frozenset({"secret"})

# A function named for a secret returns it (`get_token()`), unless its name
# asks a question or acts on the secret (`is_token_valid()`, `set_password()`).
_NOT_RETURNING = frozenset({
    "is", "has", "check", "validate", "verify", "valid", "should", "can",
    "needs", "need", "set", "delete", "del", "remove", "revoke", "store",
    "save", "write", "clear", "reset", "update", "rotate", "invalidate",
    "register", "unregister", "expire", "refresh", "compare", "match",
})

Phrase = tuple[str, ...]


def _phrases(words: Iterable[str]) -> tuple[Phrase, ...]:
    out = {tuple(split_words(w)) for w in words}
    return tuple(sorted(p for p in out if p))


def _phrase_start(text: str, phrase: Phrase, last_at: int) -> int:
    """Where `phrase` starts in `text` if its last word stands at `last_at`
    and each word before it ends where the non-letters before the next one
    begin, else -1."""
    if last_at < 0 or not text.startswith(phrase[-1], last_at):
        return -1
    start = last_at
    for word in reversed(phrase[:-1]):
        while start > 0 and not "a" <= text[start - 1] <= "z":
            start -= 1
        start -= len(word)
        if start < 0 or not text.startswith(word, start):
            return -1
    return start


def _find(words: Sequence[str], phrase: Phrase, start: int = 0) -> int:
    """Index where `phrase` starts in `words` at or after `start`, or -1."""
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if tuple(words[i:i + n]) == phrase:
            return i
    return -1


class SecretModel:
    """Secret words and metadata words of one run (defaults plus options)."""

    def __init__(self, extra_secret: Iterable[str] = (),
                 extra_metadata: Iterable[str] = ()) -> None:
        self.secret = _phrases((*SECRET_WORDS, *extra_secret))
        self.metadata = _phrases((*METADATA_WORDS, *extra_metadata))
        self._cache: dict[str, str | None] = {}

    @classmethod
    def of(cls, settings: Settings) -> "SecretModel":
        return _model_for(settings.secret_words, settings.not_secret_words)

    # -- the text gate --------------------------------------------------
    def may_name_secret(self, lowered: str) -> bool:
        """Whether lower-cased text can hold a secret name at all. A name's
        words are pieces of it (`split_words`) with nothing but non-letters
        between two of them, so a phrase can only match where its words
        stand in the text in order, joined by non-letters (`api_key`,
        `apiKey`, `X-API-Key`); a file without any names no secret anywhere
        and NS301/NS302 need not look at it."""
        return bool(self.positions(lowered))

    @functools.cached_property
    def _anchors(self) -> tuple[str, ...]:
        """The fewest substrings one of which any secret phrase's text
        holds: each phrase's last word, less those holding another (`pass`
        stands for `password`, `passwd` and `auth_pass`; `key` for every
        `*_key`)."""
        last = {phrase[-1] for phrase in self.secret}
        return tuple(sorted(w for w in last if not any(o != w and o in w for o in last)))

    def positions(self, lowered: str) -> list[int]:
        """Where in lower-cased text a secret phrase may stand: the start of
        every occurrence of its words in order, joined by non-letters (a
        name's words are pieces of it, `split_words`, with nothing but
        non-letters between two of them: `api_key`, `apiKey`, `X-API-Key`).
        Empty for most files.

        Each anchor is searched once, and each of its occurrences read
        backwards for the phrases ending there: one scan of the text per
        anchor, not per word (a scan is what costs; most phrases share an
        anchor)."""
        found: set[int] = set()
        for anchor, endings in self._endings.items():
            at = lowered.find(anchor)
            while at >= 0:
                for last, offset, alone, before in endings:
                    start = at - offset
                    if start < 0 or not lowered.startswith(last, start):
                        continue
                    if alone:
                        found.add(start)   # a one-word phrase
                    if before:
                        # the word before ends where the non-letters before
                        # this one begin: only phrases whose word before
                        # ends in that letter are read
                        end = start
                        while end > 0 and not "a" <= lowered[end - 1] <= "z":
                            end -= 1
                        for phrase in before.get(lowered[end - 1] if end else "", ()):
                            first = _phrase_start(lowered, phrase, start)
                            if first >= 0:
                                found.add(first)
                at = lowered.find(anchor, at + 1)
        return list(found)

    @functools.cached_property
    def _endings(self) -> dict[str, list[tuple[str, int, bool, dict[str, list[Phrase]]]]]:
        """anchor -> each last word of a phrase that holds it: where it holds
        it, whether that word alone is a phrase, and the longer phrases
        ending in it by the last letter of their word before."""
        words: dict[str, tuple[bool, dict[str, list[Phrase]]]] = {}
        for phrase in self.secret:
            alone, before = words.get(phrase[-1], (False, {}))
            if len(phrase) == 1:
                alone = True
            else:
                before.setdefault(phrase[-2][-1], []).append(phrase)
            words[phrase[-1]] = (alone, before)
        endings: dict[str, list[tuple[str, int, bool, dict[str, list[Phrase]]]]] = {}
        for last, (alone, before) in words.items():
            anchor = next(a for a in self._anchors if a in last)
            endings.setdefault(anchor, []).append((last, last.find(anchor), alone, before))
        return endings

    # -- names ---------------------------------------------------------
    def secret_word(self, *parts: str) -> str | None:
        """The secret word a name (given as its dotted parts) holds, or None.

        Only the last part is judged: it names what is shown, so
        `node.session.auth.password` is a secret and `token_bucket.capacity`
        or `credentials.username` are not. A metadata word anywhere in that
        part, before or after the secret word, makes it metadata
        (`password_file`, `hashed_password`)."""
        if not parts:
            return None
        last = parts[-1]
        if last in self._cache:
            return self._cache[last]
        result = self._judge(split_words(last))
        if len(self._cache) < 50_000:
            self._cache[last] = result
        return result

    def _judge(self, words: list[str]) -> str | None:
        for phrase in self.secret:
            at = _find(words, phrase)
            while at >= 0:
                if not self._unsecreted(words, phrase, at):
                    return "_".join(phrase)
                at = _find(words, phrase, at + 1)
        return None

    def _unsecreted(self, words: list[str], phrase: Phrase, at: int) -> bool:
        # "" keeps a metadata phrase from matching across the secret word
        context = words[:at] + [""] + words[at + len(phrase):]
        present = set(context)
        for meta in self.metadata:
            if len(meta) == 1:
                # plurals too: `password_files`, `secret_ids`
                if meta[0] in present or meta[0] + "s" in present:
                    return True
            elif _find(context, meta) >= 0:
                return True
        return bool(set(phrase) & _ID_UNSECRETS) and (
            "id" in present or "ids" in present)

    def returned_secret(self, callee: str) -> str | None:
        """The secret a call of `callee` returns, judged by its name:
        `get_token()`, `retrieve_credentials()` name what they return, the
        secret word last; `get_credential_store()` returns a store and
        `is_token_valid()` a bool."""
        last = callee.rsplit(".", 1)[-1]
        words = split_words(last)
        if not words or words[0] in _NOT_RETURNING:
            return None
        secret = self.secret_word(last)
        if secret is None:
            return None
        phrase = tuple(secret.split("_"))
        return secret if tuple(words[-len(phrase):]) == phrase else None


@functools.lru_cache(maxsize=16)
def _model_for(secret: frozenset[str], metadata: frozenset[str]) -> SecretModel:
    return SecretModel(secret, metadata)
