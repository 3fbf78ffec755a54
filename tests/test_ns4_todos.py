"""NS401/NS402: what makes a TODO, what it must name, what tracks it."""
from __future__ import annotations

import ast
import io
import time
import tokenize

import pytest
from hypothesis import given, settings, strategies as st

from flake8_netns.context import FileContext
from flake8_netns.model.resources import ResourceMatcher, resource_matcher
from flake8_netns.model.words import split_words
from flake8_netns.rules import ns4_todos
from flake8_netns.settings import DEFAULT
from tests.helpers import api_findings, api_messages, flake8_findings, settings_for

OPT_IN = ("--extend-select", "NS402")


def ns4(source: str, settings=DEFAULT):
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    context = FileContext(ast.parse(source), source.splitlines(True),
                          "t.py", settings, tokens)
    return [(f.line, f.col, f.code) for f in ns4_todos.check(context)]


@pytest.mark.parametrize("text, topic", [
    ("the port leaks", "port"),
    ("ports", "ports"),
    ("leaked", "leaked"),
    ("closing the socket", "socket"),
    ("ex_gw_port", "port"),
    ("ThreadPoolExecutor", "thread"),
    ("floating IPs", "floating ips"),
    ("floating\nIP", "floating ip"),
    ("should be cleaned up", "cleaned up"),
    ("clean-up", "clean up"),
    ("tearing down", "tearing down"),
    ("file descriptors", "file descriptors"),
    ("purging", "purging"),
    ("the router portal support", None),
    ("clean the cache", None),
    ("remove this in 2028", None),
    ("close our files", None),
    ("process", None),
    ("importing", None),
])
def test_resource_words(text, topic):
    assert resource_matcher().first_match(split_words(text)) == topic


def test_extra_resource_words_extend_the_list():
    matcher = resource_matcher(frozenset({"vlan", "ovs-agent"}))
    assert matcher.first_match(split_words("two vlans")) == "vlans"
    assert matcher.first_match(split_words("the OVS agent")) == "ovs agent"
    assert matcher.first_match(split_words("the port")) == "port"
    assert ResourceMatcher(["vlan"]).first_match(split_words("port")) is None


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


def test_ns402_is_opt_in():
    # the checker reports both; flake8 shows what is selected (see
    # test_integration for the default ignore list)
    source = "# TODO: rename\n# TODO: the port leaks\n"
    assert api_findings(source) == [(1, 0, "NS402"), (2, 0, "NS401")]
    assert flake8_findings(source, "--select", "NS401") == [(2, 0, "NS401")]


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
    source = "# TODO: the vlan leaks, RHBZ#12\n# TODO: port, bug 1\n"
    assert ns4(source) == [(1, 0, "NS401")]
    custom = settings_for("--netns-resource-words", "vlan",
                          "--netns-tracker-regex", r"RHBZ#\d+")
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


@pytest.mark.parametrize("line", [
    "# TODO: bug" + " " * 10_000 + "x",
    "# TODO: " + "A" * 10_000,
    "# TODO: " + "bug " * 2_500,
    "# TODO: " + "Ab-" * 3_333,
    "# TODO: " + "lp: " * 2_500,
    "# TODO(" + "x" * 10_000,
    "#" * 10_000 + " TODO",
    "# TODO: " + "ab_" * 3_333,
    "# TODO: " + "aB" * 5_000,
    "# TODO: " + "http://" * 1_400,
])
def test_long_comment_is_checked_in_milliseconds(line):
    source = line + "\n"
    ns4(source)  # warm the caches
    start = time.perf_counter()
    ns4(source)
    assert time.perf_counter() - start < 0.05


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
