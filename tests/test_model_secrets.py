"""The secret-name word model: which names are secrets, which are metadata
about a secret, and which calls sanitise a value."""
from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given, settings, strategies as st

from flake8_netns.model.secrets import SecretModel
from flake8_netns.model.words import split_words
from flake8_netns.vocab.calls import CallBehaviour
from tests.helpers import settings_for

MODEL = SecretModel()


@pytest.mark.parametrize("name, word", [
    ("password", "password"),
    ("psk", "psk"),
    ("auth_token", "token"),
    ("apiKey", "api_key"),
    ("X-Auth-Token", "token"),
    ("node.session.auth.password", "password"),
    ("passwd", "passwd"),
    ("admin_pwd", "pwd"),
    ("passphrase", "passphrase"),
    ("client_secret", "secret"),
    ("apikey", "apikey"),
    ("X-API-Key", "api_key"),
    ("aws_access_key", "access_key"),
    ("AccessKey", "access_key"),
    ("ssh_private_key", "private_key"),
    ("privKey", "priv_key"),
    ("vrrp_auth_pass", "auth_pass"),
    ("authkey", "authkey"),
    ("credentials", "credentials"),
    ("credential", "credential"),
    ("session_key", "session_key"),
    ("TOKEN", "token"),
    ("password2", "password"),
    ("file.password", "password"),
    ("token_id", "token"),
])
def test_secret_names(name, word):
    assert MODEL.secret_word(*name.split(".")) == word


@pytest.mark.parametrize("name", [
    "password_file", "token_url", "secret_id", "keystone", "monkey",
    "key_name", "sort_key", "key", "keys", "hashed_password",
    "path_to_private_key", "password_hash", "token_expires", "secret_ref",
    "password_length", "len_password", "masked_password", "secret_uuid",
    "token_type", "password_prompt", "secret.id", "token.expires",
    "password_file.name", "password_files", "secret_ids", "header_name",
    "cookie", "cookie_id", "reserved_cookies", "session", "secrets",
    "passing", "tokenizer", "tokens_url", "keyword", "pwd_path",
    "password_required", "password_enabled", "use_token_policy",
    "private_key_file", "auth_key_set", "bypass", "compass", "credits",
    "",
])
def test_not_secret_names(name):
    assert MODEL.secret_word(*name.split(".")) is None


@pytest.mark.parametrize("text", [
    "LOG.info(apiKey)", "headers['X-API-Key']", "'%(api_key)s' % d", "privKey",
    "ACCESS-KEY", "conf.vrrp.auth_pass", "TOKEN", "session2key",
])
def test_text_gate_passes_every_spelling_of_a_phrase(text):
    # NS3's text gate: a file holding any secret name must pass it
    assert MODEL.may_name_secret(text.lower())


@pytest.mark.parametrize("text", [
    "api_url = 1\nkey = 2", "the key of the api", "keystone monkey session",
    "privacy of the keyword", "",
])
def test_text_gate_drops_text_without_a_secret_phrase(text):
    assert not MODEL.may_name_secret(text.lower())


@given(st.lists(st.sampled_from(["api", "Key", "_", "-", "2", "pass", "word", "Token", "x",
                                 "secret", "PRIV", "session", "auth", ".", " "]),
                max_size=8))
@settings(max_examples=300, deadline=None)
def test_text_gate_never_drops_a_secret_name(parts):
    # whatever a name's spelling, if the model judges it a secret the gate
    # lets its text through (the gate is a superset, never a filter of findings)
    name = "".join(parts)
    if any(MODEL.secret_word(*part.split(".")) for part in name.split()):
        assert MODEL.may_name_secret(name.lower())


def _positions_by_definition(model: SecretModel, lowered: str) -> set[int]:
    # what `positions` promises, written the slow way: each phrase's words
    # in order, joined by non-letters, found by a regular expression
    found: set[int] = set()
    for phrase in model.secret:
        pattern = re.compile("(?=" + "[^a-z]*".join(map(re.escape, phrase)) + ")")
        found.update(match.start() for match in pattern.finditer(lowered))
    return found


@given(st.lists(st.sampled_from(["api", "Key", "_", "-", "2", "pass", "word", "Token", "x",
                                 "secret", "PRIV", "session", "auth", ".", " ", "\n",
                                 "private", "keykey", "é", "credentials", "psk"]),
                max_size=12),
       st.lists(st.sampled_from(["key_key", "pass_key", "x_token", "word", "auth_secret_key"]),
                max_size=2))
@settings(max_examples=400, deadline=None)
def test_text_positions_are_every_start_of_a_phrase(parts, extra):
    # the one-scan-per-anchor search finds exactly where a phrase starts,
    # with user phrases too (overlapping ones included)
    model = SecretModel(extra_secret=extra)
    text = "".join(parts).lower()
    assert sorted(model.positions(text)) == sorted(_positions_by_definition(model, text))


def test_text_positions_on_real_spellings():
    text = "log(apiKey, X-API-Key, conf.auth_pass, mysecret, session2key)".lower()
    assert sorted(MODEL.positions(text)) == sorted(_positions_by_definition(MODEL, text))
    assert sorted(MODEL.positions(text)) == [4, 14, 28, 41, 49]


def test_id_unsecrets_only_the_word_secret():
    assert MODEL.secret_word("secret_id") is None
    assert MODEL.secret_word("token_id") == "token"
    assert MODEL.secret_word("password_id") == "password"


def test_metadata_before_the_dot_does_not_unsecret():
    assert MODEL.secret_word("file", "password") == "password"
    assert MODEL.secret_word("password", "file") is None


def test_metadata_anywhere_in_the_part_unsecrets_every_occurrence():
    assert MODEL.secret_word("token_url_token") is None
    assert MODEL.secret_word("token_url", "password") == "password"


def test_words_from_options_extend_both_lists():
    model = SecretModel.of(settings_for(
        "--netns-secret-words", "cookie,shared_key",
        "--netns-not-secret-words", "rotation"))
    assert model.secret_word("cookie") == "cookie"
    assert model.secret_word("sharedKey") == "shared_key"
    assert model.secret_word("shared") is None
    assert model.secret_word("token_rotation") is None
    assert model.secret_word("password") == "password"


def test_split_words_keeps_its_contract():
    assert split_words("X-Auth-Token") == ["x", "auth", "token"]
    assert split_words("apiKey") == ["api", "key"]
    assert split_words("HTTPServer") == ["http", "server"]
    assert split_words("node.session.auth.password") == [
        "node", "session", "auth", "password"]


def _call(source: str) -> ast.Call:
    return ast.parse(source, mode="eval").body


def _qualify(aliases: dict[str, str]):
    """What an import table would make of a callee: `h.sha256` ->
    `hashlib.sha256` after `import hashlib as h`."""
    def qualify(node: ast.AST) -> str | None:
        name = ast.unparse(node)
        head, _, rest = name.partition(".")
        return f"{aliases[head]}.{rest}" if head in aliases and rest else name
    return qualify


@pytest.mark.parametrize("source, aliases", [
    ("strutils.mask_password(x)", {"strutils": "oslo_utils.strutils"}),
    ("strutils.mask_dict_password(x)", {}),
    ("self._mask(x)", {}),
    ("redact_secrets(x)", {}),
    ("sanitize(x)", {}),
    ("sanitise_url(x)", {}),
    ("scrub(x)", {}),
    ("hash_password(x)", {}),
    ("len(x)", {}),
    ("bool(x)", {}),
    ("type(x)", {}),
    ("id(x)", {}),
    ("dir(x)", {}),
    ("hashlib.sha256(x)", {}),
    ("h.sha256(x)", {"h": "hashlib"}),
])
def test_sanitisers(source, aliases):
    calls = CallBehaviour(qualify=_qualify(aliases))
    assert calls.is_sanitiser(_call(source))
    assert calls.of_call(_call(source)).sanitises


@pytest.mark.parametrize("source", [
    "str(x)", "repr(x)", "encode(x)", "maskless.go(x)", "self.get(x)",
    "(lambda v: v)(x)", "h.sha256(x)",
])
def test_not_sanitisers(source):
    assert not CallBehaviour().is_sanitiser(_call(source))


def test_sanitisers_from_options_match_dotted_or_last_name():
    calls = CallBehaviour.of(settings_for(
        "--netns-sanitizers", "utils.obscure,*.hide_*"))
    assert calls.is_sanitiser(_call("utils.obscure(x)"))
    assert calls.is_sanitiser(_call("self.hide_it(x)"))
    assert not calls.is_sanitiser(_call("other.obscure(x)"))


@pytest.mark.parametrize("callee, secret", [
    ("get_token", "token"),
    ("self.get_token", "token"),
    ("retrieve_credentials", "credentials"),
    ("_admin_password", "password"),
    ("get_credential_store", None),
    ("is_token_valid", None),
    ("validate_token", None),
    ("set_password", None),
    ("token_url", None),
])
def test_calls_named_for_the_secret_they_return(callee, secret):
    assert MODEL.returned_secret(callee) == secret


@pytest.mark.parametrize("name", [
    "password_dir", "secret_directory", "token_pattern", "password_regex",
    "token_template", "password_format", "token_ttl", "token_timeout",
    "secret_lifetime",
])
def test_metadata_words_of_the_revised_rules(name):
    assert MODEL.secret_word(name) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_judged_without_error(text):
    word = MODEL.secret_word(*text.split("."))
    assert word is None or word in {"_".join(split_words(w)) for w in (
        "password", "passwd", "passphrase", "pwd", "secret", "token",
        "apikey", "api_key", "access_key", "secret_key", "private_key",
        "priv_key", "psk", "credential", "credentials", "auth_key",
        "authkey", "auth_pass", "session_key")}
