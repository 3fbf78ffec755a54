"""NS401/NS402: what makes a TODO, what it must name, what tracks it."""
from __future__ import annotations

import ast
import sys

import pytest
from hypothesis import given, settings, strategies as st

from flake8_netns.context import FileContext
from flake8_netns.model.resources import (
    CLEANUP, CLEANUP_WORDS, LIFECYCLE, LIFECYCLE_WORDS, RESOURCE, RESOURCE_WORDS,
    inflections, lifecycle_matcher)
from flake8_netns.model import words
from flake8_netns.model.words import split_words
from flake8_netns.regex_safety import backtracking_risk
from flake8_netns.rules import ns4_todos
from flake8_netns.settings import (
    DEFAULT, DEFAULT_TRACKER_REGEX, Settings, SettingsError)
from tests.helpers import api_findings, api_messages, settings_for
from tests.runners import Runner

OPT_IN = ("--extend-select", "NS402")


def ns4(source: str, settings=DEFAULT):
    context = FileContext(ast.parse(source), source.splitlines(True),
                          "t.py", settings)
    return [(f.line, f.col, f.code) for f in ns4_todos.check(context)]


@pytest.mark.parametrize("text, topic", [
    # a cleanup or leak word is enough, with the resource it names if any
    ("the port leaks", "'port' (leaks)"),
    ("leaked", "'leaked'"),
    ("should be cleaned up", "'cleaned up'"),
    ("clean-up", "'clean up'"),
    ("CleanUp the veth", "'veth' (clean up)"),
    ("tearing down the bridge", "'bridge' (tearing down)"),
    ("purging", "'purging'"),
    ("stale namespaces", "'namespaces' (stale)"),
    # a resource word with a lifecycle word
    ("Where does the port get deleted?", "'port' (deleted)"),
    ("add LOG warn if fip count != 0", "'fip' (count)"),
    ("closing the socket", "'socket' (closing)"),
    ("removing ex_gw_port", "'port' (removing)"),
    ("plugged into the tap", "'tap' (plugged)"),
    ("tunnelled ports are created", "'tunnelled' (created)"),
    ("floating IPs are freed", "'floating ips' (freed)"),
    ("floating\nIP released", "'floating ip' (released)"),
    ("close the file descriptors", "'file descriptors' (close)"),
    ("close our files", "'files' (close)"),
    ("freeing memories", "'memories' (freeing)"),
    ("the processes are killed", "'processes' (killed)"),
    ("addresses get reused", "'addresses' (reused)"),
    ("detaches the volume", "'volume' (detaches)"),
    # one word as both only where it stands twice
    ("fix the mount", None),
    ("mount it in the mount helper", "'mount' (mount)"),
    ("the mount is mounted twice", "'mount' (mounted)"),
    ("unmount the mount", "'mount' (unmount)"),
    # a resource or lifecycle word alone says nothing about a lifecycle
    ("Refactor to clarify roles of ex_gw_port", None),
    ("check the usage of ThreadPoolExecutor", None),
    ("add rules for IPv6", None),
    ("window focus lock", None),
    ("Drop this rule as it has no effect", None),
    ("the port naming scheme", None),
    ("remove this in 2028", None),
    ("count it", None),
    # words that only look like listed ones
    ("the router portal support is deleted", "'router' (deleted)"),
    ("the portal support is deleted", None),
    ("the report is deleted", None),
    ("clean the cache", None),
    ("tapes are deleted", None),
    ("the taped port", None),
    ("importing", None),
    ("the counter of ports", None),
])
def test_lifecycle_topic(text, topic):
    found = lifecycle_matcher().topic(split_words(text))
    assert (None if found is None else str(found)) == topic


@pytest.mark.parametrize("word, form", [
    ("port", "ports"), ("address", "addresses"), ("attach", "attaches"),
    ("leak", "leaked"), ("delete", "deleted"), ("close", "closing"),
    ("remove", "removing"), ("free", "freeing"), ("plug", "plugged"),
    ("plug", "plugging"), ("unplug", "unplugged"), ("tap", "tapped"),
    ("tunnel", "tunnelled"), ("tunnel", "tunneled"), ("kill", "kills"),
    ("destroy", "destroyed"), ("memory", "memories"), ("spawn", "spawned"),
])
def test_english_inflections(word, form):
    assert form in inflections(word)


@pytest.mark.parametrize("word, not_form", [
    ("tap", "taped"), ("tap", "taping"), ("tap", "tapes"), ("port", "portal"),
    ("port", "portes"), ("close", "closeing"), ("free", "freing"),
    ("count", "counter"), ("leak", "leakked"),
])
def test_not_inflections(word, not_form):
    assert not_form not in inflections(word)


def test_every_listed_word_is_one_of_the_three_kinds():
    matcher = lifecycle_matcher()
    for kind, listed in ((CLEANUP, CLEANUP_WORDS), (RESOURCE, RESOURCE_WORDS),
                         (LIFECYCLE, LIFECYCLE_WORDS)):
        for word in listed:
            kinds = {m.kind for m in matcher.mentions(split_words(word))
                     if m.start == 0 and m.end == len(split_words(word))}
            assert kind in kinds, word
    assert {m.kind for m in matcher.mentions(["mount"])} == {RESOURCE, LIFECYCLE}


def test_extra_resource_words_extend_the_resources():
    matcher = lifecycle_matcher(frozenset({"vrf", "ovs-agent"}))
    assert str(matcher.topic(split_words("two vrfs deleted"))) == "'vrfs' (deleted)"
    assert str(matcher.topic(split_words("kill the OVS agent"))) == "'ovs agent' (kill)"
    assert str(matcher.topic(split_words("the port is freed"))) == "'port' (freed)"
    assert matcher.topic(split_words("the vrf")) is None
    assert lifecycle_matcher().topic(split_words("two vrfs deleted")) is None


@pytest.mark.parametrize("text", [
    "https://bugs.launchpad.net/neutron/+bug/1",
    "bug 1852221", "Bug #123", "LP#1948642", "lp: #1948642", "issue 7",
    "story 2009876", "task: 42", "gh#12", "#1234", "bug/1627480",
    "bugs/1627480", "NET-42", "Closes-Bug:", "Related-Bug: #1", "Partial-Bug:",
])
def test_tracker_references(text):
    assert DEFAULT.tracker_regex.search(f"# TODO: port leak, {text}")


@pytest.mark.parametrize("text", [
    "CentOS-7", "1000", "#12", "@l125", "debug 42", "bugs under the rug",
    "http:/x", "Bug", "a-1",
])
def test_not_tracker_references(text):
    assert not DEFAULT.tracker_regex.search(f"# TODO: port leak, {text}")


def test_reported_at_the_comment_naming_marker_and_word():
    source = "x = 1\nif x:\n    y = 2  # FIXME(ann): the veths leak\n"
    assert ns4(source) == [(3, 11, "NS401")]
    [message] = api_messages(source)
    assert message.startswith("NS401 FIXME ")
    assert "'veths leak'" not in message and "'veths'" in message
    assert "tracker" in message


def test_ns402_names_the_marker():
    [message] = api_messages("# XXX: why?\n", *OPT_IN)
    assert message.startswith("NS402 XXX ")


def test_ns402_is_opt_in(python_m: Runner):
    # the checker reports both; flake8 shows what is selected (see
    # test_integration for the default ignore list)
    source = "# TODO: rename\n# TODO: the port leaks\n"
    assert api_findings(source) == [(1, 0, "NS402"), (2, 0, "NS401")]
    out = python_m("flake8", ["--isolated", "--select", "NS401",
                              "--format", "%(row)d:%(col)d:%(code)s", "-"], stdin=source)
    assert out.stdout.split() == ["2:1:NS401"]


def test_todo_in_strings_is_not_a_comment():
    source = ('"""TODO: the port leaks."""\n'
              's = """\n# TODO: the port leaks\n"""\n'
              "t = f'# FIXME {s} port'\n")
    assert ns4(source) == []


def test_tracker_on_a_continuation_line_counts():
    source = "# TODO: the port leaks\n# see bug 1234\n"
    assert ns4(source) == []
    assert ns4(source.replace("bug 1234", "the log")) == [(1, 0, "NS401")]


def test_options_reach_the_rule():
    source = ("# TODO: the vrf is deleted, RHBZ#12\n"
              "# TODO: port leak, bug 1\n")
    assert ns4(source) == [(1, 0, "NS402")]
    custom = settings_for("--netns-resource-words", "vrf",
                          "--netns-tracker-regex", r"RHBZ#\d+")
    assert ns4(source.replace(", RHBZ#12", ""), custom) == [
        (1, 0, "NS401"), (2, 0, "NS401")]
    assert ns4(source, custom) == [(2, 0, "NS401")]


def test_comments_come_from_the_lines_and_the_tree():
    source = "# TODO: the port leaks\n"
    context = FileContext(ast.parse(source), [source], "t.py", DEFAULT)
    assert [f.code for f in ns4_todos.check(context)] == ["NS401"]


def test_a_hash_inside_a_string_is_not_a_comment():
    source = (
        'x = "a # TODO: port"  # TODO: the lock leaks\n'
        's = """\n'
        '# TODO: the veth leaks\n'
        '"""  # TODO: the socket leaks\n'
        'f = f"{x} # TODO: tap"\n'
        'b = b"# TODO: fd"\n'
    )
    assert ns4(source) == [(1, 22, "NS401"), (4, 5, "NS401")]


def test_a_hash_in_a_decorator_string_is_not_a_comment():
    source = (
        '@mark.parametrize("text", [\n'
        '    "# TODO: clean up the port",\n'
        '])\n'
        'def test(text):  # TODO: the lock leaks\n'
        '    pass\n'
    )
    assert ns4(source) == [(4, 17, "NS401")]


@pytest.mark.parametrize("line, code", [
    ("# TODO: bug" + " " * 10_000 + "x", "NS402"),
    ("# TODO: " + "A" * 10_000, "NS402"),
    ("# TODO: " + "bug " * 2_500, "NS402"),
    ("# TODO: " + "Ab-" * 3_333, "NS402"),
    ("# TODO: " + "lp: " * 2_500, "NS402"),
    ("# TODO(" + "x" * 10_000, "NS402"),
    ("#" * 10_000 + " TODO", "NS402"),
    ("# TODO: " + "ab_" * 3_333, "NS402"),
    ("# TODO: " + "aB" * 5_000, "NS402"),
    ("# TODO: " + "http://" * 1_400, None),
    ("# TODO: " + "port " * 2_000 + "leak", "NS401"),
    ("# TODO: " + "AB" * 990 + "-1", None),
    ("# TODO: " + "AB" * 5_000 + "-1", "NS402"),   # past the 2,000 read
    ("# TODO: " + "Closes-" * 1_400, "NS402"),
    ("# TODO: " + "bug #:" * 1_600, "NS402"),
    ("# TODO: " + "mount " * 2_000, "NS401"),
])
def test_adversarial_comments_give_the_right_finding(line, code):
    # the built-in patterns are linear (test_built_in_patterns_...): these
    # 10,000-character comments end quickly and are read right
    assert ns4(line + "\n") == ([] if code is None else [(1, 0, code)])


@pytest.mark.parametrize("pattern", [
    DEFAULT_TRACKER_REGEX, ns4_todos._MARKER.pattern, words._WORD.pattern,
])
def test_built_in_patterns_cannot_backtrack_badly(pattern):
    assert backtracking_risk(pattern) is None


@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"(a*)*", r"(a|a)*", r"(\w+\s?)+", r"^(a+)+$", r"([a-z]+)*$",
    r"(x+x+)+y", r"(?:a|b|ab)*c", r"(.*,)*x", r"(?=(a+)+b)", r"(a+){2,}",
    r"(?:a{1,10})+", r"(a)(?:\1+)+",
])
def test_exponential_tracker_regex_is_refused(pattern):
    with pytest.raises(SettingsError) as error:
        Settings.build(tracker_regex=pattern)
    assert error.value.option == "--netns-tracker-regex"
    assert "more than one way" in str(error.value)


@pytest.mark.parametrize("pattern", [
    r"\d+\d+", r".*a.*b", r"a.*a.*a.*b", r"\s*\s*x", r"bug.*\d.*\d",
])
def test_polynomial_tracker_regex_is_refused(pattern):
    with pytest.raises(SettingsError) as error:
        Settings.build(tracker_regex=pattern)
    assert "one after the other" in str(error.value)


@pytest.mark.parametrize("pattern", [
    r"RHBZ#\d+", r"[A-Z]+-\d+", r"(?:bug|issue)\s*#?\d+", r"(?:\d+,)+",
    r"(a|ab)*c", r"https?://\S+", r"(?:ab+c)+", r".*foo", r"\bJIRA-\d{3,}\b",
    r"(?:[A-Z][A-Z0-9]+-\d+,?\s*)+", r"a{1000}", r"(\w|\d)+$", r"(?i)bz#\d",
])
def test_linear_tracker_regex_is_accepted(pattern):
    assert settings_for("--netns-tracker-regex", pattern).tracker_regex.pattern == pattern


def test_a_hanging_tracker_regex_stops_flake8_with_the_option_named(python_m: Runner):
    # issue 13: this pair took 52 s of CPU per file before
    source = "# TODO: the port leaks" + "a" * 30 + "\n"
    out = python_m("flake8", ["--isolated", "--select", "NS",
                              "--netns-tracker-regex", "(a+)+$", "-"], stdin=source)
    assert out.returncode != 0
    assert "--netns-tracker-regex" in out.stdout + out.stderr
    assert "NS4" not in out.stdout


def test_tracker_search_reads_the_first_2000_characters():
    custom = settings_for("--netns-tracker-regex", r"RHBZ#\d+")
    head = "# TODO: the port leaks "
    near = head + "x" * (ns4_todos.TRACKER_SEARCH_LIMIT - len(head) - 8) + "RHBZ#12\n"
    far = head + "x" * ns4_todos.TRACKER_SEARCH_LIMIT + " RHBZ#12\n"
    assert ns4(near, custom) == []
    assert ns4(far, custom) == [(1, 0, "NS401")]


def _work(function) -> int:
    """Python and C function calls made by `function()`: a measure of work
    that does not depend on the machine's speed (generator steps count)."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def _ns4_work(source: str) -> int:
    context = FileContext(ast.parse(source), source.splitlines(True),
                          "t.py", DEFAULT)
    return _work(lambda: list(ns4_todos.check(context)))


@pytest.mark.parametrize("build", [
    lambda n: "x = 1  # TODO: the port leaks\n" * n,
    lambda n: "X = [" + ", ".join(['"#"'] * n) + "]  # TODO: the port leaks\n",
    lambda n: 'S = """\n' + "# TODO: the port leaks\n" * n + '"""\n',
], ids=["marker lines", "hashes in strings", "markers in a string"])
def test_work_grows_linearly(build):
    # issue 13: every tree node was tested against every marker row, and
    # every `#` against every string of its line
    _ns4_work(build(10))   # warm the caches
    small, large = _ns4_work(build(1_000)), _ns4_work(build(4_000))
    assert large < 4.5 * small


@pytest.mark.parametrize("rows", [2_000, pytest.param(20_000, marks=pytest.mark.slow)])
def test_every_one_of_many_marker_lines(rows):
    source = "x = 1  # TODO: the port leaks\n" * rows
    assert ns4(source) == [(row, 7, "NS401") for row in range(1, rows + 1)]


def test_twenty_thousand_hashes_in_strings_before_a_todo():
    prefix = "X = [" + ", ".join(['"#"'] * 20_000) + "]  "
    source = prefix + "# TODO: the port leaks\n"
    assert ns4(source) == [(1, len(prefix), "NS401")]


_COMMENT_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_COMMENT_CHARS, max_size=40),
                min_size=1, max_size=4))
def test_each_untracked_marker_line_gives_one_finding(texts):
    lines = [f"# TODO {t}" for t in texts]
    found = ns4("".join(line + "\n" for line in lines))
    untracked = [n for n, line in enumerate(lines, start=1)
                 if not DEFAULT.tracker_regex.search(line)]
    assert [line for line, _, _ in found] == untracked
    assert all(col == 0 and code in ("NS401", "NS402") for _, col, code in found)
