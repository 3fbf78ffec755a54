"""No input crashes the checker or makes it hang (issue 7).

Each pathological input goes through the checker API with every family's
machinery running (opt-in codes selected) and must end within a CPU-time
budget without NS001; a few go through a real flake8 process as well, where
flake8 itself reads, decodes and parses the file. The budgets are far above
what the inputs cost when the analysis is linear, and far below what an
exponential or quadratic blow-up costs, so the tests catch hangs without
timing noise.
"""
from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys
import textwrap
import time

import pytest

from flake8_netns.codes import Finding
from flake8_netns.context import FileContext
from flake8_netns.plugin import check
from tests.helpers import flake8_run, opt_in_args, settings_for
from tests.runners import Runner

ROOT = pathlib.Path(__file__).resolve().parent.parent

BUDGET = 3.0        # CPU seconds for one pathological snippet


def checked(source: str, budget: float = BUDGET,
            filename: str = "snippet.py") -> list[Finding]:
    """The checker's findings for `source` (parsed as flake8 parses it),
    asserting it ends within `budget` CPU seconds and reports no NS001."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    context = FileContext(tree, lines, filename, settings_for(*opt_in_args()))
    start = time.process_time()
    findings = check(context)
    spent = time.process_time() - start
    assert not [f.text for f in findings if f.code == "NS001"]
    assert spent < budget, f"{spent:.1f} s of CPU"
    return findings


def codes_at(findings) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in findings]


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, RecursionError, MemoryError):
        return False
    return True


def deepest(make, top: int = 10_000) -> int:
    """The largest n <= top for which `make(n)` parses here, less a margin
    for the few frames between this test and the checker's parse."""
    low, high = 1, top
    while low < high:
        middle = (low + high + 1) // 2
        if parses(make(middle)):
            low = middle
        else:
            high = middle - 1
    return max(1, low - 40) if low < top else top


def flake8_file(python_m: Runner, tmp_path, name: str, content: bytes, *argv: str):
    """flake8 on the file `name` holding `content`, through `python_m`:
    flake8's main() here in the quick loop, a child process in the full
    suite (flake8 reads, decodes and parses the file either way)."""
    path = tmp_path / name
    path.write_bytes(content)
    start = time.monotonic()
    run = python_m("flake8", ["--isolated", "--select", "NS,E999,E902", *opt_in_args(),
                              "--format", "%(row)d:%(col)d:%(code)s", *argv, str(path)])
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in (0, 1), run.stderr
    assert time.monotonic() - start < 60
    found = [tuple(row.split(":")) for row in run.stdout.split()]
    assert not [f for f in found if f[2] == "NS001"], run.stdout
    return [(int(line), code) for line, _col, code in found]


# -- the plugin boundary -------------------------------------------------

def test_boundary_reports_the_first_failure_once_at_line_1(monkeypatch):
    from flake8_netns import plugin, rules

    def broken(context):
        raise ValueError("boom\nsecond line")

    def too_deep(context):
        raise RecursionError("maximum recursion depth exceeded")

    families = (broken, *rules.FAMILIES, too_deep)
    monkeypatch.setattr(plugin, "_families", lambda: families)
    source = "import os\nos.system('ls ' + d)  # TODO fix the leaked port\n"
    context = FileContext(ast.parse(source), source.splitlines(True),
                          "snippet.py", settings_for())
    findings = check(context)
    assert codes_at(findings) == [(1, "NS001"), (2, "NS101"), (2, "NS401")]
    crash, = [f for f in findings if f.code == "NS001"]
    assert crash.col == 0
    assert crash.text.startswith(
        "NS001 flake8-netns could not check this file: ValueError: boom;")
    assert "\n" not in crash.text and "second line" not in crash.text


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_families_run_and_restored(monkeypatch, enabled):
    # the families run with the cyclic collector off (their allocations
    # would otherwise trigger full passes over flake8's heap); it comes back
    # as it was, also when a family fails
    import gc
    from flake8_netns import plugin

    seen = []

    def family(context):
        seen.append(gc.isenabled())
        return []

    def broken(context):
        raise ValueError("boom")

    monkeypatch.setattr(plugin, "_families", lambda: (family, broken, family))
    source = "import os\n"
    context = FileContext(ast.parse(source), source.splitlines(True),
                          "snippet.py", settings_for())
    (gc.enable if enabled else gc.disable)()
    try:
        findings = check(context)
        after = gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False]
    assert after is enabled
    assert codes_at(findings) == [(1, "NS001")]


# -- huge expressions ----------------------------------------------------

TERMS = 10_000

# Flat in the tree however long: these reach 10,000 terms on any Python.
FLAT = {
    "tuple of built argv items": (
        "import subprocess\nsubprocess.call(['ip', "
        + ", ".join(["'x%s' % a"] * TERMS) + "])\n", (2, "NS103")),
    "10,000 %-operands": (
        "import os\nos.system('ip %s' % (" + ", ".join(["a"] * TERMS) + "))\n",
        (2, "NS101")),
    "10,000 .format() arguments": (
        "import os\nos.system('ip {}'.format(" + ", ".join(["a"] * TERMS)
        + "))\n", (2, "NS101")),
    "10,000 f-string fields": (
        "import os\nos.system(f'ip " + "{a}" * TERMS + "')\n", (2, "NS101")),
    "join of 10,000 names": (
        "import os\nos.system(' '.join([" + ", ".join(["a"] * TERMS) + "]))\n",
        (2, "NS101")),
    "10,000 or-operands": (
        "import os\nos.system(" + " or ".join(["a"] * TERMS) + ")\n",
        (2, "NS104")),
    "10,000 secret keys logged": (
        "LOG.info({" + ", ".join(f"'password{i}': p" for i in range(TERMS))
        + "})\n", (1, "NS301")),
    "10,000 handlers": (
        "try:\n    execute(cmd)\n"
        + "".join(f"except E{i}:\n    pass\n" for i in range(TERMS))
        + "except Exception:\n    pass\n", (2 * TERMS + 3, "NS202")),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", FLAT)
def test_ten_thousand_term_expressions(name):
    source, expected = FLAT[name]
    assert expected in codes_at(checked(source))


# Nested in the tree: as deep as the running parser accepts (about 3,000
# for `+` on CPython 3.11; 200 parentheses), 10,000 where it accepts that.
# The command model stops looking 12 levels down, so a sink whose built
# string is deeper than that is still reported, as an opaque command.
SHELL_SINK = {"NS101", "NS104"}
DEEP = {
    "a + a + ... reaching a shell": (
        lambda n: "import os\ndef f(a):\n    os.system('ip ' + "
        + " + ".join(["a"] * n) + ")\n", (3, "NS101")),
    "concatenation through a local": (
        lambda n: "import subprocess\ndef f(a):\n    cmd = 'ip ' + "
        + " + ".join(["a"] * n) + "\n    subprocess.call(cmd, shell=True)\n",
        (4, "NS101")),
    "a + a + ... of secrets logged": (
        lambda n: "def f(password):\n    LOG.debug("
        + " + ".join(["password"] * n) + ")\n", (2, "NS301")),
    "a + a + ... of secrets logged through a local": (
        lambda n: "def f(password):\n    x = " + " + ".join(["password"] * n)
        + "\n    LOG.debug(x)\n", (3, "NS302")),
    "conditional expressions": (
        lambda n: "import os\ndef f(a, b):\n    x = " + "a if b else " * n
        + "'ls ' + a\n    os.system(x)\n    LOG.info(x)\n", (4, "NS101")),
    "attribute chain": (
        lambda n: "import os\nos.system(a" + ".b" * n + ")\n", (2, "NS104")),
    "call chain": (
        lambda n: "import os\nos.system(a" + "()" * n + ")\n", (2, "NS104")),
    "subscript chain logged": (
        lambda n: "LOG.info(password" + "[0]" * n + ")\n", None),
    "unary chain": (
        lambda n: "import os\nos.system(" + "-" * n + "a)\n", (2, "NS104")),
    "nested lambdas": (
        lambda n: "import os\nf = " + "lambda: " * n + "os.system(a + 'x')\n",
        None),
    "nested parentheses": (
        lambda n: "import os\nos.system(" + "(" * n + "a + 'x'" + ")" * n
        + ")\n", (2, "NS101")),
    "nested calls": (
        lambda n: "import os\nos.system(" + "f(" * n + "a" + ")" * n + ")\n",
        (2, "NS104")),
    "nested lists": (
        lambda n: "import subprocess\nsubprocess.call(" + "[" * n + "a"
        + "]" * n + ")\n", None),
    "nested blocks": (
        lambda n: "import os\n" + "".join(" " * i + "if a:\n" for i in range(n))
        + " " * n + "os.system(a + 'x')\n", None),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", DEEP)
def test_expressions_as_deep_as_the_parser_accepts(name):
    make, expected = DEEP[name]
    findings = checked(make(deepest(make)))
    if expected is not None:
        line, code = expected
        wanted = SHELL_SINK if code in SHELL_SINK else {code}
        assert {c for n, c in codes_at(findings) if n == line} & wanted


def test_deep_expression_through_real_flake8(tmp_path, python_m):
    make = DEEP["a + a + ... reaching a shell"][0]
    # pyflakes, which every flake8 run includes, fails on its own from
    # about 350 levels (flake8 then exits 1 with its own message)
    source = make(300)
    found = flake8_file(python_m, tmp_path, "deep.py", source.encode())
    assert len(found) == 1 and found[0][0] == 3 and found[0][1] in SHELL_SINK


# -- command building that branches -----------------------------------

def flag_builder(flags: int, step: str) -> str:
    return ("import subprocess\ndef f(opts, dev):\n    cmd = ['ip', 'link']\n"
            + "".join(f"    if opts.o{i}:\n        {step}\n"
                      for i in range(flags))
            + "    subprocess.call(cmd)\n    return cmd\n")


@pytest.mark.parametrize("step", [
    "cmd = cmd + ['-o', dev]",
    "cmd += ['-o', dev]",
    "cmd.append('-o')",
    "cmd = cmd + ['-o%s' % dev]",
])
def test_optional_flags_do_not_multiply_the_work(step):
    """Every `if` doubles the paths to the call: 40 of them stay cheap."""
    checked(flag_builder(40, step), budget=2.0)


def test_a_string_grown_under_forty_ifs():
    source = ("import os\ndef f(a):\n    c = 'ls'\n"
              + "    if a:\n        c = c + a\n" * 40 + "    os.system(c)\n")
    assert codes_at(checked(source, budget=2.0)) == [(84, "NS101")]


# -- huge files and lines --------------------------------------------

def generated_module(functions: int) -> str:
    chunk = textwrap.dedent("""\
        def f{i}(dev, password, cmd):
            # TODO: clean up the port of {i}
            x = 'ip link set %s up' % dev
            try:
                subprocess.call(x, shell=True)
            except Exception:
                pass
            LOG.debug('pw %s', password)
            return f{j}(cmd, password, x)

        """)
    return ("import subprocess\nfrom oslo_log import log as logging\n"
            "LOG = logging.getLogger(__name__)\n\n\n"
            + "".join(chunk.format(i=i, j=max(i - 1, 0))
                      for i in range(functions)))


# 50,000 lines in the full suite, 2,000 in the quick loop
@pytest.mark.parametrize("functions", [200, pytest.param(5_000, marks=pytest.mark.slow)])
def test_a_file_of_tens_of_thousands_of_lines(functions):
    source = generated_module(functions)
    assert source.count("\n") >= 10 * functions
    findings = checked(source, budget=30.0)
    # `f<j>(cmd, password, x)` hands `cmd` to a parameter that `f<j>` builds
    # into its own command line: reported there, not at the call (RULES.md:
    # a wrapper passes a parameter unchanged or split)
    per_function = ["NS401", "NS101", "NS202", "NS301"]
    assert len(findings) == functions * len(per_function)
    assert {f.code for f in findings} == set(per_function)


def test_one_megabyte_line(tmp_path, python_m):
    source = ("import os\nx = '" + "a" * 1_000_000 + "'\n"
              "os.system('ls ' + x + y)  # " + "TODO port leak " * 10 + "\n")
    expected = [(3, "NS101"), (3, "NS401")]
    assert codes_at(checked(source)) == expected
    assert flake8_file(python_m, tmp_path, "wide.py", source.encode()) == expected


def test_ten_thousand_character_comments(tmp_path, python_m):
    source = ("# TODO " + "leak " * 2_000 + "\n" + "#  " + "x" * 10_000 + "\n"
              + "x = 1  # " + "y" * 10_000 + "\n"
              + "# TODO " + "a-" * 5_000 + "\n"
              + "# XXX " + "http:" + "/" * 10_000 + "\n")
    expected = [(1, "NS401"), (4, "NS402")]   # 'http://' is a reference
    assert codes_at(checked(source)) == expected
    assert flake8_file(python_m, tmp_path, "comments.py", source.encode()) == expected


# -- bytes flake8 has to decode -----------------------------------

def test_non_utf8_bytes_with_a_coding_cookie(tmp_path, python_m):
    content = (b"# -*- coding: latin-1 -*-\n"
               b"# TODO: clean up the port \xe9\xe8\n"
               b"name = '\xff\xfe'\nimport os\nos.system('ls ' + dev)\n")
    expected = [(2, "NS401"), (5, "NS101")]
    assert flake8_file(python_m, tmp_path, "latin.py", content) == expected
    assert codes_at(checked(content.decode("latin-1"))) == expected


def test_invalid_utf8_without_a_cookie(tmp_path, python_m):
    """flake8 falls back to latin-1: the bytes are one more constant."""
    content = b"import os\nx = '\xff\xfe'\nos.system('ls ' + x)\n"
    assert flake8_file(python_m, tmp_path, "bad.py", content) == [(3, "NS105")]


@pytest.mark.parametrize("content", [
    b"import os\nx = 1\x00\nos.system('a' + x)\n",
    b"import os\n# comment \x00 here\nos.system('a' + x)\n",
])
def test_nul_byte_is_a_syntax_error_and_the_plugin_is_silent(tmp_path, content, python_m):
    assert flake8_file(python_m, tmp_path, "nul.py", content) == [(1, "E999")]


def test_bom_and_old_mac_line_ends(tmp_path, python_m):
    assert flake8_file(python_m, tmp_path, "bom.py",
                       b"\xef\xbb\xbfimport os\nos.system('a' + x)\n") == \
        [(2, "NS101")]
    assert flake8_file(python_m, tmp_path, "cr.py",
                       b"import os\r# TODO: clean up the port\r"
                       b"os.system('a' + x)\r") == [(2, "NS401"), (3, "NS101")]


# -- nearly nothing, or not Python -------------------------------

@pytest.mark.parametrize("source,expected", [
    ("", []),
    ("\n\n\n", []),
    ("# TODO: clean up the port\n# FIXME leak\n#!\n#", [(1, "NS401"), (2, "NS401")]),
    ("#", []),
    ("'''TODO: clean up the port'''", []),
])
def test_empty_and_comment_only_files(tmp_path, source, expected, python_m):
    assert codes_at(checked(source)) == expected
    assert flake8_file(python_m, tmp_path, "tiny.py", source.encode()) == expected


@pytest.mark.parametrize("source", [
    "import os\ndef f(:\n    os.system('a' + x)  # TODO leak\n",
    "import os\nos.system('a' + x\n",
    "if 1:\n\tx = 1\n        os.system('a' + x)\n",
    "x = '''\n# TODO: clean up the port\n",
    "def f():\nreturn os.system('a' + x)\n",
    "f'{'\n",
])
def test_syntax_errors_give_E999_and_no_plugin_finding(tmp_path, source, python_m):
    found = flake8_file(python_m, tmp_path, "broken.py", source.encode())
    assert [code for _line, code in found] == ["E999"]


# -- newer syntax ------------------------------------------------------

MATCH = textwrap.dedent("""\
    import subprocess
    def f(cmd, password):
        match cmd:
            case ["up", name] if name:
                subprocess.call("ip link set %s up" % name, shell=True)
            case {"password": pw, **rest}:
                LOG.info("%s", password)
            case Point(x=0) | [*_]:
                try:
                    execute(cmd)
                except Exception:
                    pass
            case _:
                pass
    """)


def test_match_statements(tmp_path, python_m):
    expected = [(5, "NS101"), (7, "NS301"), (11, "NS202")]
    assert codes_at(checked(MATCH)) == expected
    assert flake8_file(python_m, tmp_path, "match.py", MATCH.encode()) == expected


PY312 = textwrap.dedent("""\
    import subprocess
    type Command[T] = list[T]
    class Runner[T: str, *Ts, **P]:
        def run[U](self, dev: U) -> Command[U]:
            subprocess.call(f"ip link set {f"{dev!r:>{10}}"} up", shell=True)
            LOG.info(f"{'token'}: {f'{password}'}")
    """)


def test_python_312_syntax(tmp_path, python_m):
    """PEP 695 generics and nested f-strings: checked where the running
    Python parses them, a syntax error (E999, plugin silent) elsewhere."""
    if sys.version_info >= (3, 12):
        expected = [(5, "NS101"), (6, "NS301")]
        assert codes_at(checked(PY312)) == expected
    else:
        assert not parses(PY312)
        expected = [(2, "E999")]
    found = flake8_file(python_m, tmp_path, "new.py", PY312.encode())
    assert found == expected or (sys.version_info < (3, 12)
                                 and [c for _, c in found] == ["E999"])


# -- wrappers that reach themselves --------------------------------

RECURSIVE = textwrap.dedent("""\
    import subprocess

    def run(cmd, shell=False):
        if isinstance(cmd, list):
            return run(' '.join(cmd), shell)
        return subprocess.call(cmd, shell=shell)

    def ping(cmd):
        return pong(cmd + ' x')

    def pong(cmd):
        return ping(cmd) or subprocess.call(cmd, shell=True)

    class Agent:
        def a(self, c):
            return self.b(c)

        def b(self, c):
            return self.a(c) or self.b(c)

        def c(self, c):
            return self.c(c)

    run('ls %s' % x, shell=True)
    ping('ls %s' % x)
    Agent().a('ls %s' % x)
    """)


def test_recursive_and_mutually_recursive_wrappers(tmp_path, python_m):
    # `ping` builds its own command (`cmd + ' x'`, line 9), so line 25's
    # argument is no command of its own
    expected = [(6, "NS104"), (9, "NS101"), (12, "NS104"), (24, "NS101")]
    assert codes_at(checked(RECURSIVE)) == expected
    assert flake8_file(python_m, tmp_path, "recursive.py", RECURSIVE.encode()) == expected


def test_a_thousand_wrappers_in_a_chain():
    source = ("import os\n" + "".join(
        f"def w{i}(cmd):\n    return w{i - 1}(cmd)\n" for i in range(1, 1000))
        + "def w0(cmd):\n    os.system(cmd)\n" + "w999('ls ' + x)\n")
    findings = checked(source)
    assert (2001, "NS104") in codes_at(findings)


REBOUND = textwrap.dedent("""\
    import subprocess
    import os as subprocess2
    subprocess = subprocess.subprocess
    subprocess.call('ls ' + x, shell=True)
    LOG = LOG.LOG
    LOG = None
    def LOG(password): pass
    LOG.debug(password)
    del LOG
    LOG = logging = os = 3
    os.system = print
    (subprocess) = [subprocess][0]
    subprocess.call = lambda *a, **k: None
    global subprocess
    class subprocess: call = staticmethod(os.system)
    import subprocess as LOG
    LOG.info(password)
    for subprocess in range(3): subprocess.call(x + 'y', shell=True)
    with open(x) as LOG: LOG.info(password)
    subprocess, LOG = LOG, subprocess
    try:
        pass
    except ImportError as subprocess:
        subprocess.call(a + 'b', shell=True)
    import subprocess.subprocess.subprocess
    from . import subprocess
    from .. import LOG
    from subprocess import *
    call('ls ' + x, shell=True)
    subprocess = __import__('subprocess')
    LOG = lambda: LOG
    LOG().info(password)
    [subprocess := os for os in [LOG]]
    """)


def test_module_that_rebinds_subprocess_and_LOG_in_odd_ways(tmp_path, python_m):
    findings = checked(REBOUND)
    assert {code for _line, code in codes_at(findings)} <= {
        "NS101", "NS104", "NS301"}
    assert flake8_file(python_m, tmp_path, "rebound.py", REBOUND.encode()) == \
        codes_at(findings)


# -- modules that import each other -------------------------------

def write_package(root, files: dict[str, str]):
    package = root / "pkg"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(textwrap.dedent(text))
    return package


CYCLE = {
    "__init__.py": "from pkg import a, b\nfrom pkg.a import *\n",
    "a.py": """\
        import subprocess
        from pkg import b
        from pkg.b import run_b
        from pkg.a import run_a as again
        from . import a

        def run_a(cmd):
            return subprocess.call(cmd, shell=True)

        def via_b(cmd):
            return run_b(cmd)

        run_b('ls %s' % x)
        b.run_b('ls %s' % x)
        """,
    "b.py": """\
        from pkg.a import run_a, via_b
        from pkg import a, b
        import pkg.b

        def run_b(cmd):
            return run_a(cmd)

        run_a('ls %s' % x)
        via_b('ls %s' % x)
        a.run_a('ls %s' % x)
        """,
}


def test_a_module_that_imports_itself(tmp_path, python_m):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "selfish.py": """\
            import subprocess
            from pkg.selfish import run
            from pkg import selfish
            from . import selfish as me

            def run(cmd):
                return subprocess.call(cmd, shell=True)

            selfish.run('ls %s' % x)
            me.run('ls %s' % x)
            run('ls %s' % x)
            """})
    path = package / "selfish.py"
    findings = checked(path.read_text(), filename=str(path))
    assert (7, "NS104") in codes_at(findings)
    assert (11, "NS101") in codes_at(findings)
    found = flake8_file(python_m, tmp_path, "pkg/selfish.py", path.read_bytes())
    assert found == codes_at(findings)


def test_a_package_whose_modules_import_each_other_in_a_cycle(tmp_path):
    package = write_package(tmp_path, CYCLE)
    for name in ("a.py", "b.py", "__init__.py"):
        path = package / name
        checked(path.read_text(), filename=str(path))
    run = flake8_run(["--isolated", "--select", "NS", "--format",
                      "%(path)s:%(row)d:%(code)s", "-j", "1", "pkg"],
                     cwd=str(tmp_path))
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    found = run.stdout.split()
    assert "pkg/a.py:8:NS104" in found
    assert not [f for f in found if f.endswith("NS001")]
    # b.py's calls of a's wrapper are read across the cycle
    assert "pkg/b.py:8:NS101" in found and "pkg/b.py:10:NS101" in found


# -- text that makes a careless regex backtrack ------------------

LONG = 100_000

ADVERSARIAL = {
    "%-format of a 100,000-digit width": (
        "import os\nos.system('%" + "0" * LONG + "' % x)\n", (2, "NS101")),
    "%-format of 50,000 unclosed keys": (
        "import os\nos.system('" + "%(" * (LONG // 2) + "' % x)\n",
        (2, "NS101")),
    "%-keys logged": (
        "LOG.info('" + "%(a" * (LONG // 3) + "' % x)\n", None),
    # 50,000 `{{`: literal braces, a constant command
    "open braces": (
        "import os\nos.system('" + "{" * LONG + "'.format(x))\n", (2, "NS105")),
    "unclosed brace fields logged": (
        "LOG.info('" + "{a." * (LONG // 3) + "'.format(**x))\n", None),
    "JIRA-like words in a TODO": (
        "# TODO leak " + "A-" * (LONG // 2) + "\n", (1, "NS401")),
    "URL-like words in a TODO": (
        "# TODO leak " + "http:/" * (LONG // 6) + "\n", (1, "NS401")),
    "bug-like words in a TODO": (
        "# TODO leak " + "bug #" * (LONG // 5) + "\n", (1, "NS401")),
    "camelCase word of 100,000 letters": (
        "# TODO " + "aB" * (LONG // 2) + "\n", (1, "NS402")),
    "camelCase name logged": (
        "LOG.info(" + "aB" * (LONG // 2) + ")\n", None),
    "underscores in a name": (
        "LOG.info(a" + "_" * LONG + "password)\n", (1, "NS301")),
    "dotted secret key": (
        "LOG.info({'" + "a." * (LONG // 2) + "': 1})\n", None),
    "a TODO continued for 20,000 lines": (
        "# TODO " + "\n# ".join(["x"] * 20_000) + "\n", (1, "NS402")),
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_text_made_to_backtrack(name):
    source, expected = ADVERSARIAL[name]
    findings = checked(source)
    if expected is not None:
        assert expected in codes_at(findings)


# -- memory: nothing of a checked file outlives it (issue 13) ------------
#
# astroid keeps process-wide caches (its module cache, an lru cache of
# look-ups, inference caches, one object model per node class remembering
# the last node it served); any one of them holding a node keeps the
# node's whole tree alive through its parents.

def factory_module(i: int, methods: int) -> str:
    """A module whose `self._run(built)` calls only astroid can resolve:
    `_run` holds what a factory returns."""
    return ("import subprocess\n\n\ndef make_runner():\n"
            "    return subprocess.getoutput\n\n\n"
            f"class Agent{i}:\n    def __init__(self):\n"
            "        self._run = make_runner()\n"
            "        self.errors = Exception()\n"
            "        self.errors.code = 1\n"
            + "".join(f"\n    def op{k}(self, dev, n):\n        x = n + {k}\n"
                      f"        self._run('ip link set %s up {k}' % dev)\n"
                      "        return [x, dev]\n" for k in range(methods)))


def test_no_astroid_node_of_a_checked_file_outlives_its_check(tmp_path):
    import gc

    import astroid

    path = tmp_path / "agent.py"
    source = factory_module(0, 3)
    context = FileContext(ast.parse(source), source.splitlines(True),
                          str(path), settings_for())
    findings = check(context)
    # the NS101s are astroid's answer: the file really went through it
    assert codes_at(findings) == [(16, "NS101"), (21, "NS101"), (26, "NS101")]
    del context
    gc.collect()
    alive = [node for node in gc.get_objects()
             if isinstance(node, astroid.nodes.NodeNG)
             and getattr(node.root(), "file", None) == str(path)]
    assert alive == []
    assert not [name for name, module in astroid.MANAGER.astroid_cache.items()
                if module.file == str(path)]


RSS_CHILD = """\
import ast, json, os, sys
sys.path.insert(0, {root!r})
from flake8_netns.context import FileContext
from flake8_netns.plugin import check
from tests.helpers import settings_for
from tests.test_reliability import factory_module

def rss_mb():   # the resident set now, not the peak (Linux, like netns)
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

settings, rss = settings_for(), []
for i in range({files}):
    source = factory_module(i, {methods})
    context = FileContext(ast.parse(source), source.splitlines(True),
                          os.path.join({folder!r}, f"agent{{i}}.py"), settings)
    assert [f.code for f in check(context)] == ["NS101"] * {methods}
    rss.append(rss_mb())
print(json.dumps(rss))
"""


@pytest.mark.slow
def test_rss_stays_flat_over_hundreds_of_files_that_use_astroid(tmp_path):
    """Before issue 13, each of these files (astroid-built, about 130
    lines) left about 0.2 MB behind: 40 MB over 200 files."""
    files, methods = 200, 25
    script = RSS_CHILD.format(root=str(ROOT), files=files, methods=methods,
                              folder=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rss = json.loads(run.stdout)
    first, last = rss[:50], rss[-50:]
    growth = sum(last) / len(last) - sum(first) / len(first)
    assert growth < 8, f"{growth:.1f} MB more over {files} files"
