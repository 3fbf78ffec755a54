"""NS301-NS303 behaviour: positions, messages, options, the logger model
other families reuse, and odd input."""
from __future__ import annotations

import ast
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from flake8_netns.context import FileContext
from flake8_netns.model.loggers import (is_logging_call, logging_level,
                                        logging_levels, logs_at_or_above)
from flake8_netns.rules import ns3_secrets
from tests.helpers import (api_findings, api_messages, flake8_findings,
                           settings_for)

NS3 = ("NS301", "NS302", "NS303")


def ns3(source: str, *argv: str):
    return [f for f in api_findings(source, *argv) if f[2] in NS3]


def both(source: str, *argv: str):
    """Findings through the API, after checking real flake8 agrees."""
    api = ns3(source, *argv)
    real = [f for f in flake8_findings(source, *argv) if f[2] in NS3]
    assert real == api
    return api


def test_position_is_where_the_offending_expression_starts():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(conf, params, pw):
        LOG.debug("a %s b %s", conf.user,
                  conf.password)
        LOG.debug("%s", {"user": 1,
                         "password": pw})
        LOG.debug("%(password)s",
                  params)
        LOG.debug("x", password=pw)
    """
    assert both(src) == [(5, 14, "NS301"), (7, 21, "NS301"), (8, 14, "NS301"),
                         (10, 19, "NS301")]


def test_ns302_is_reported_at_the_logging_call():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(conf):
        cmd = ["ipsec", conf.psk]
        if conf.debug:
            LOG.debug("run %s",
                      cmd)
    """
    assert both(src) == [(6, 8, "NS302")]


def test_messages_name_the_secret_the_variable_and_the_logger():
    src = """\
    import logging, os
    LOG = logging.getLogger(__name__)
    def f(conf):
        LOG.debug("%s", conf.admin_password)
        cmd = ["ipsec", conf.psk]
        LOG.info("run %s", cmd)
        LOG.warning("env %s", os.environ)
    """
    messages = [m for m in api_messages(src) if m.startswith("NS3")]
    assert messages == [
        "NS301 secret 'conf.admin_password' is passed to 'LOG.debug': mask "
        "it (e.g. strutils.mask_password) or leave it out",
        "NS302 'cmd' holds secret 'conf.psk' and is passed to 'LOG.info': "
        "mask it or log only what is not secret",
        "NS303 os.environ passed to 'LOG.warning' may hold secrets: log the "
        "fields you need",
    ]


def test_one_finding_per_expression():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(params, password, cmd):
        cmd = [password]
        LOG.debug("%(password)s %s", {"password": password})
        LOG.debug("%s", password)
        LOG.debug("%s %s", cmd, cmd)
    """
    assert ns3(src) == [(5, 34, "NS301"), (6, 20, "NS301"), (7, 4, "NS302")]


def test_a_local_named_as_a_secret_is_ns301_not_ns302():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(conf):
        token = conf.get_auth()
        LOG.debug("%s", token)
    """
    assert ns3(src) == [(5, 20, "NS301")]


def test_not_a_logger_is_not_checked():
    src = """\
    import logging
    def f(reporter, password, warnings):
        reporter.debug("%s", password)
        warnings.warn("%s" % password)
        print(password)
        logging.getLogger(__name__).setLevel(password)
    """
    assert ns3(src) == []


def test_pwd_and_secrets_modules_are_never_secrets():
    src = """\
    import logging
    import pwd
    import secrets
    LOG = logging.getLogger(__name__)
    def f(user):
        LOG.debug("%s", pwd.getpwnam(user))
        LOG.debug("%s", pwd)
        LOG.debug("%s", secrets.choice([1, 2]))
    def g(pwd):
        LOG.debug("%s", pwd)
    """
    # a local `pwd` in a file that imports the module is the module to us
    assert ns3(src) == []
    no_import = "import logging\nLOG = logging.getLogger()\n" \
                "def g(pwd):\n    LOG.debug('%s', pwd)\n"
    assert ns3(no_import) == [(4, 20, "NS301")]


@pytest.mark.parametrize("receiver, bind", [
    ("LOG", ""),
    ("log", ""),
    ("LOGGER", ""),
    ("logger", ""),
    ("_LOG", ""),
    ("_log", ""),
    ("_logger", ""),
    ("self.log", ""),
    ("self.logger", ""),
    ("self.LOG", ""),
    ("cls.logger", ""),
    ("lg", "import logging as lg"),
    ("journal", "import logging\njournal = logging.getLogger('x')"),
    ("journal", "from oslo_log import log as l\njournal = l.getLogger('x')"),
    ("journal", "import logging\njournal = logging.LoggerAdapter(None, {})"),
    ("child", "import logging\nchild = logging.getLogger().getChild('c')"),
    ("other", "from x import LOG\nother = LOG"),
])
def test_logger_receivers(receiver, bind):
    src = f"{bind}\ndef f(self, cls, password):\n    {receiver}.info('%s', password)\n"
    line = bind.count("\n") + 3
    assert ns3(src) == [(line, 4 + len(receiver) + len(".info('%s', "), "NS301")]


def test_class_attribute_and_self_bound_loggers():
    src = """\
    import logging
    class A:
        audit = logging.getLogger("audit")
        def __init__(self):
            self.events = logging.getLogger("events")
        def f(self, password):
            self.audit.info("%s", password)
            self.events.info("%s", password)
            A.audit.info("%s", password)
    """
    assert codes_only(ns3(src)) == [(7, "NS301"), (8, "NS301")]


def codes_only(found):
    return [(line, code) for line, _col, code in found]


def test_loggers_option_adds_receivers():
    src = """\
    def f(self, password):
        self.audit.info("%s", password)
        journal.warning("%s", password)
    """
    assert ns3(src) == []
    assert codes_only(both(src, "--netns-loggers", "self.audit,jour*")) == [
        (2, "NS301"), (3, "NS301")]


def test_secret_and_not_secret_word_options():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(session_cookie, token_rotation, password):
        LOG.debug("%s %s %s", session_cookie, token_rotation, password)
    """
    assert codes_only(ns3(src)) == [(4, "NS301"), (4, "NS301")]
    found = both(src, "--netns-secret-words", "cookie",
                 "--netns-not-secret-words", "rotation")
    assert found == [(4, 26, "NS301"), (4, 58, "NS301")]


def test_sanitizers_option():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(password):
        LOG.debug("%s", utils.obscure(password))
        cmd = ["login", utils.obscure(password)]
        LOG.debug("%s", cmd)
    """
    assert codes_only(ns3(src)) == []  # an unknown call's result is not the secret
    src2 = src.replace("utils.obscure(password)", "str(password)")
    assert codes_only(ns3(src2)) == [(4, "NS301"), (6, "NS302")]
    src3 = src.replace("utils.obscure(password)", "obscure(password, True)")
    assert codes_only(ns3(src3, "--netns-sanitizers", "obscure")) == []


def test_mask_functions_of_any_receiver_sanitise():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(self, password, params):
        LOG.debug("%s", self._mask_secret(password))
        LOG.debug("%s", redact(password))
        LOG.debug("%s", hashlib.md5(password))
        LOG.debug("%s", bool(password))
        LOG.debug("%s", mask_dict_password(params.password))
        LOG.debug("%s", {"password": sha256(password)})
        LOG.debug("%s", {"password": digest(password)})
    """
    assert ns3("from hashlib import sha256 as digest, sha256\n" +
               textwrap.dedent(src)) == []
    # without the import they are unknown calls: the key names a secret
    assert codes_only(ns3(src)) == [(9, "NS301"), (10, "NS301")]


def test_an_unknown_call_makes_something_else_of_a_secret():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(self, url, user, password, token):
        LOG.debug("%s", self.session.get(url, auth=(user, password)))
        LOG.debug("%s", self.validate(token))
        resp = self.session.get(url, auth=(user, password))
        LOG.debug("%s", resp)
        LOG.debug("%s", str(password).encode())
    """
    assert both(src) == [(8, 24, "NS301")]


def test_taint_through_loops_and_tuples():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    def f(conf, peers):
        user, secretive = conf.user, conf.psk
        LOG.debug("%s", user)
        LOG.debug("%s", secretive)
        for item in conf.passwords:
            LOG.debug("%s", item)
    """
    assert codes_only(ns3(src)) == [(6, "NS302")]


def test_scopes_are_separate():
    src = """\
    import logging
    LOG = logging.getLogger(__name__)
    cmd = ["ipsec", CONF.psk]
    LOG.debug("%s", cmd)
    def f():
        LOG.debug("%s", cmd)
    class A:
        argv = [CONF.psk]
        LOG.debug("%s", argv)
    """
    assert codes_only(ns3(src)) == [(4, "NS302"), (9, "NS302")]


def _context(source: str, *argv: str) -> tuple[FileContext, ast.Module]:
    source = textwrap.dedent(source)
    tree = ast.parse(source)
    return FileContext(tree, source.splitlines(True), "x.py",
                       settings_for(*argv)), tree


def _calls(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and not isinstance(n.func, ast.Name)]


@pytest.mark.parametrize("call, levels, highest, warns", [
    ("LOG.debug('x')", ("debug",), "debug", False),
    ("LOG.info('x')", ("info",), "info", False),
    ("LOG.warn('x')", ("warning",), "warning", True),
    ("LOG.warning('x')", ("warning",), "warning", True),
    ("LOG.error('x')", ("error",), "error", True),
    ("LOG.exception('x')", ("exception",), "exception", True),
    ("LOG.critical('x')", ("critical",), "critical", True),
    ("LOG.fatal('x')", ("critical",), "critical", True),
    ("LOG.log(logging.WARNING, 'x')", ("warning",), "warning", True),
    ("LOG.log(logging.DEBUG, 'x')", ("debug",), "debug", False),
    ("LOG.log(40, 'x')", ("error",), "error", True),
    ("LOG.log(level=logging.INFO, msg='x')", ("info",), "info", False),
    ("LOG.log(lvl, 'x')", ("unknown",), None, True),
    ("(LOG.warning if c else LOG.exception)('x')",
     ("warning", "exception"), "exception", True),
    ("(LOG.debug if c else LOG.warning)('x')",
     ("debug", "warning"), "warning", True),
    ("logging.error('x')", ("error",), "error", True),
])
def test_logging_levels_for_other_families(call, levels, highest, warns):
    context, tree = _context(f"import logging\nLOG = logging.getLogger()\n{call}\n")
    node = tree.body[-1].value
    assert is_logging_call(node, context)
    assert logging_levels(node, context) == levels
    assert logging_level(node, context) == highest
    assert logs_at_or_above(node, context, "warning") is warns


@pytest.mark.parametrize("call", [
    "reporter.error('x')", "LOG.setLevel(10)", "(a if c else LOG.debug)('x')",
    "errors.append('x')", "self.error('x')", "info('x')",
])
def test_not_logging_calls(call):
    context, tree = _context(f"import logging\nLOG = logging.getLogger()\n{call}\n")
    node = tree.body[-1].value
    assert not is_logging_call(node, context)
    assert logging_levels(node, context) == ()
    assert logging_level(node, context) is None
    assert not logs_at_or_above(node, context)


def test_logging_functions_imported_from_logging():
    context, tree = _context("from logging import warning as w, info\n"
                             "w('x')\ninfo('y')\n")
    first, second = tree.body[1].value, tree.body[2].value
    assert logging_level(first, context) is None  # aliased: not the name
    assert logging_level(second, context) == "info"


ODD_SOURCES = [
    "LOG.debug()",
    "LOG.debug(*args, **kwargs)",
    "LOG.log()",
    "LOG.debug('%(password', params)",
    "LOG.debug('{password', **ctx)",
    "LOG.debug('{}'.format())",
    "LOG.debug(f'{x!r:>{width}}', password := 1)",
    "LOG.debug(lambda password: password)",
    "LOG.debug([p for p in passwords if p])",
    "LOG.debug({**creds})",
    "LOG.debug(x[password])",
    "LOG.debug(a.b().c[0].password())",
    "match x:\n    case {'password': p}:\n        LOG.debug(p)",
    "async def f():\n    async for password in g():\n        LOG.debug(await password)",
    "x: int\nLOG.debug(x)",
    "del password\nLOG.debug(None)",
    "@LOG.debug(password)\ndef f(x=LOG.info(token)):\n    pass",
    "(LOG.debug if a else (LOG.info if b else LOG.error))(token)",
    "LOG.debug('%s' % (password,))",
    "LOG.debug('%(' * 10000 + 'password)s', p)",
    "LOG.debug('{' * 10000 + 'password}'.format(**p))",
    "LOG.debug(" + "[" * 50 + "password" + "]" * 50 + ")",
]
if sys.version_info >= (3, 11):
    ODD_SOURCES.append(
        "try:\n    pass\nexcept* ValueError as password:\n    LOG.debug(password)")


@pytest.mark.parametrize("source", ODD_SOURCES)
def test_odd_input_never_raises(source):
    context, _ = _context(source)
    list(ns3_secrets.check(context))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "password", "cmd", "LOG.debug", "(", ")", ",", "'%(token)s'", "%", "{",
    "}", "[", "]", ":", "'k'", "x", "=", "\n", "    ", ".", "append",
    "update", "locals()", "os.environ", "+", "for", "in", "if", "else",
    "def f():\n    ", "headers", "'X-Auth-Token'", "mask(", "len(",
]), max_size=30))
def test_generated_snippets_never_raise(parts):
    source = "import os, logging\nLOG = logging.getLogger()\n" + " ".join(parts)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return
    context = FileContext(tree, source.splitlines(True), "x.py",
                          settings_for())
    for found in ns3_secrets.check(context):
        assert found.code in NS3 and found.line >= 1


def test_long_concatenation_is_judged_without_recursion():
    terms = " + ".join(["a"] * 2000)
    src = ("import logging\nLOG = logging.getLogger()\n"
           f"def f(a, password):\n    LOG.debug('%s', {terms} + password)\n"
           f"    x = {terms} + password\n    LOG.debug(x)\n")
    assert codes_only(ns3(src)) == [(4, "NS301"), (6, "NS302")]


def test_expression_nested_too_deep_costs_only_itself():
    deep = "a" + "[0]" * 900  # deeper than scan can recurse, parseable
    src = ("import logging\nLOG = logging.getLogger()\n"
           f"def f(a, password):\n    LOG.debug('%s', {deep})\n"
           f"    x = {deep}\n    LOG.debug('%s', password)\n")
    assert codes_only(ns3(src)) == [(6, "NS301")]


def test_logging_method_named_on_a_continuation_line():
    src = ("import logging\nLOG = logging.getLogger()\n"
           "def f(password):\n    LOG.\\\n        debug('%s', password)\n"
           "    (LOG\n     .info('%s', password))\n")
    assert both(src) == [(5, 20, "NS301"), (7, 17, "NS301")]


_PARTS = st.sampled_from(["password", "psk", "auth_token", "user", "port",
                          "conf", "self", "creds", "x", "apiKey", "cookie"])
_EXPRS = st.recursive(
    _PARTS,
    lambda inner: st.one_of(
        st.builds("{}.{}".format, inner, _PARTS),
        st.builds("[{}, {}]".format, inner, inner),
        st.builds("{{'k': {}}}".format, inner),
        st.builds("'%s %s' % ({}, {})".format, inner, inner),
        st.builds("str({})".format, inner),
    ),
    max_leaves=6)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_EXPRS)
def test_a_sanitised_argument_is_never_reported(expr):
    src = ("import logging\nLOG = logging.getLogger()\n"
           f"def f(self):\n    LOG.debug('%s', strutils.mask_password({expr}))\n"
           f"    LOG.debug('%s', len({expr}))\n")
    assert ns3(src) == []


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_EXPRS)
def test_a_secret_named_last_part_is_reported_once_where_it_starts(expr):
    src = ("import logging\nLOG = logging.getLogger()\n"
           f"def f(self):\n    LOG.debug('%s', ({expr}).password)\n")
    assert ns3(src) == [(4, 20, "NS301")]


def test_ns3_reads_the_files_shared_scopes():
    """One scope per function for the whole file: what NS3 asked about a
    function is kept where the command model asks again."""
    source = textwrap.dedent("""\
        import logging
        LOG = logging.getLogger(__name__)

        def connect(user, password):
            url = "%s:%s" % (user, password)
            LOG.debug("url %s", url)
        """)
    context, tree = _context(source)
    function = tree.body[2]
    scopes = context.scopes
    assert scopes.of(function) is scopes.of(function)
    assert scopes.of(function).parent is scopes.module is scopes.of(None)
    assert [f.code for f in ns3_secrets.check(context)] == ["NS302"]
    assert scopes.of(function).memo   # the answers NS3 kept


# -- the text gates ------------------------------------------------------

GATED = '''\
import logging

LOG = logging.getLogger(__name__)


def start(conf):
    LOG.debug("starting with %s", conf.admin_password)


def stop(agent):
    LOG.info("stopping %s", agent)


class Agent:
    def run(self, env):
        LOG.info("env %s", env.copy())
'''


def _gate(source: str) -> tuple[bool, dict[str, bool]]:
    tree = ast.parse(source)
    context = FileContext(tree, source.splitlines(True), "gated.py", settings_for())
    gate = ns3_secrets._ScopeGate(context, source.lower())
    return gate.everywhere, {stmt.name: gate.passes(stmt) for stmt in tree.body
                             if isinstance(stmt, (ast.FunctionDef, ast.ClassDef))}


def test_scope_gate_walks_only_scopes_that_name_a_secret():
    # NS3 reads a logging call's sources from its own scope and the
    # module's assignments: a body naming no secret is not walked
    assert _gate(GATED) == (False, {"start": True, "stop": False, "Agent": False})
    assert [(line, code) for line, _col, code in both(GATED)] == [(7, "NS301")]


def test_scope_gate_walks_everything_when_module_code_names_a_secret():
    source = GATED.replace("LOG = logging", "TOKEN_HEADER = 'X-Auth-Token'\nLOG = logging")
    assert _gate(source) == (True, {"start": True, "stop": True, "Agent": True})


@pytest.mark.parametrize("source", [
    "import logging\nLOG = logging.getLogger()\n\n\ndef f(x):\n    LOG.info('%s', x)\n",
    "def f(x):\n    print(x)\n",
])
def test_file_gate_drops_files_naming_no_secret_or_namespace(source, monkeypatch):
    # the evaluation of logging calls never starts in such a file
    def judged(*args):
        raise AssertionError("a logging call was judged")

    monkeypatch.setattr(ns3_secrets._Query, "judge", judged)
    assert ns3(source) == []


def test_scope_gate_is_not_opened_by_imports():
    source = "import pwd\nfrom nova.api.metadata import password\n" + GATED
    assert _gate(source) == (False, {"start": True, "stop": False, "Agent": False})
