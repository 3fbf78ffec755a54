"""Mutation fuzzer: real code with its call shapes changed (issue 13).

usage: python bench/mutate.py [--mutants K] [--seed S] [--limit N] [--rate R]
                              [--budget SECONDS] [--out FILE] [PATH ...]

Generated programs rarely get past the plugin's text gate; real files do,
and mutating their calls makes every node shape meet every path of the
command model: callees become `self`, `cls`, `super()`, attributes,
subscripts, calls, lambdas and sink names; arguments become starred,
keyword and built strings; `shell=True` is inserted; definitions are
renamed, decorated and reordered; runner factories (`self._run =
make_runner()`, the astroid path), `try`/`except` around statements and
TODO comments are spliced in. Each mutant that still parses goes through
the checker API with every code selected; a failure is an NS001, an
exception, or more than the CPU budget.

PATHs are files or folders; the default is the development corpus
(`~/.cache/flake8-netns-corpus`, never `.corpus/blind`) and the running
Python's standard library. A failure is shrunk to the statements it needs
and printed; `--out` saves every failure as JSON. The suite runs a fixed
sample of the same mutants (`tests/test_fuzz.py`).
"""
from __future__ import annotations

import argparse
import ast
import collections
import copy
import dataclasses
import json
import pathlib
import random
import signal
import sys
import sysconfig
import time
from typing import Callable, Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEV_CORPUS = pathlib.Path.home() / ".cache" / "flake8-netns-corpus"
EVERY_CODE = ("--select", "NS", "--extend-select", "NS103,NS105,NS402")
OPTIONS = ("--netns-exec-functions=run_*:shell,*.cmd:argv,execute_in:argv",
           "--netns-loggers=self.audit", "--netns-secret-words=cookie",
           "--netns-sanitizers=scrub_it", "--netns-resource-words=vlan")
BUDGET = 10.0   # CPU seconds for one mutant: a hang, not a slow file


def _expressions(*texts: str) -> list[ast.expr]:
    return [ast.parse(text, mode="eval").body for text in texts]


def _statements(*texts: str) -> list[list[ast.stmt]]:
    return [ast.parse(text).body for text in texts]


# What a callee may become: the runners the model knows, runners it has to
# find (self attributes, factories, partials), loggers, and shapes that are
# not names at all.
CALLEES = _expressions(
    "self", "cls", "super()", "super().execute", "self.execute", "self._execute",
    "self._run", "self.agent.execute", "cls.run", "execute", "run", "system",
    "os.system", "os.popen", "os.spawnlp", "os.execvp", "subprocess.run",
    "subprocess.call", "subprocess.Popen", "subprocess.check_output",
    "subprocess.getoutput", "sp.call", "utils.execute", "processutils.execute",
    "ip_lib.IPWrapper(namespace=ns).netns.execute", "self._ns.cmd", "node.cmd",
    "run_in_shell", "execute_in", "pexpect.spawn",
    "functools.partial(subprocess.call, shell=True)",
    "partial(self._execute, run_as_root=True)", "getattr(os, 'system')",
    "getattr(self, name)", "handlers[0]", "self._cmds['ip']", "cmds[i][j]",
    "get_runner()", "self._runner()", "make_runner()()", "f()()",
    "(lambda *a, **k: os.system(*a))", "(lambda: None)",
    "(os.system if quiet else subprocess.call)", "(runner or os.system)",
    "(run := os.system)", "[os.system][0]", "{'a': os.system}['a']",
    "'ip {}'.format", "' '.join", "f'{cmd}'", "str", "print", "type(self)",
    "LOG.debug", "LOG.info", "self.log.warning", "self.audit",
    "logging.getLogger(__name__).error", "LOG().info", "LOG[0].debug",
    "self.LOG.exception", "log.info",
)

# What an argument may become: commands built every way, whole and split,
# secrets and namespaces for the loggers, and shapes that are not values.
ARGUMENTS = _expressions(
    "'ip link set %s up' % dev", "'ls ' + x", "f'ip netns exec {ns} {cmd}'",
    "'ip {} {}'.format(a, b)", "' '.join(cmd)", "('ip link del %s' % dev).split()",
    "['ip', 'link', 'set', dev, 'up']", "['sh', '-c', 'ip link ' + dev]",
    "['ip', 'x%s' % y]", "cmd", "cmd + ['x%s' % y]", "[*cmd, dev]",
    "shlex.split('ip ' + dev)", "'%(dev)s' % {'dev': dev}",
    "'ip %(d)s' % locals()", "b'ip ' + dev", "'ip ' 'link ' + dev",
    "('ip', dev)", "tuple(cmd)", "list(map(str, cmd))", "self.cmd", "self",
    "None", "password", "self.password", "token.secret", "locals()",
    "{'password': pw}", "vars(self)", "lambda: os.system('x' + y)",
    "(a for a in cmd)", "[c % d for c in cmds]", "cmd if a else 'ls ' + x",
    "x or 'ls'", "-x", "await_(x)", "self._cmd(dev)", "'%s' % (a, b, c)",
    "'%s %s' % args", "'%' % x", "'{}'.format(*args)", "'{x}'.format(**kw)",
    "f'{x!r:>{w}}'", "'ip ' + str(dev) + ' up'", "''.join(['ip ', dev])",
    "os.path.join(a, b)",
)
STARRED = _expressions("args", "cmd", "['ip', dev]", "self.args", "get_args()")
KEYWORDS = [("shell", e) for e in _expressions("True", "False", "flag", "not quiet",
                                               "shell", "kwargs.get('shell')")] + [
    (name, e) for name in ("cmd", "args", "command", "run_as_root",
                           "check_exit_code", "extra_ok_codes", "password")
    for e in _expressions("'ls ' + x", "['ip', dev]", "True", "x")] + [
    (None, e) for e in _expressions("kwargs", "{'shell': True}", "self.opts",
                                    "dict(shell=True)")]

# Definitions and statements spliced in: a runner factory (only astroid
# sees what `self._run` holds), wrappers, handlers that swallow.
SPLICED_MODULE = _statements(
    "import subprocess\nimport os\nimport functools\nimport logging\n"
    "import subprocess as sp\nfrom functools import partial\n"
    "LOG = logging.getLogger(__name__)\n",
    "def make_runner():\n    return subprocess.getoutput\n",
    "def make_runner():\n    return functools.partial(subprocess.call, shell=True)\n",
    "def run(cmd, shell=False, **kwargs):\n"
    "    return subprocess.run(cmd, shell=shell, **kwargs)\n",
    "def execute(*cmd, **kwargs):\n    return processutils.execute(*cmd, **kwargs)\n",
    "def run_in_shell(command):\n    return os.system(command)\n",
    "run = execute = make_runner()\n",
)
SPLICED_METHODS = _statements(
    "def __init__(self, *args, **kwargs):\n    self._run = make_runner()\n"
    "    self._execute = functools.partial(subprocess.call, shell=True)\n"
    "    self.cmd = 'ip link set %s up' % kwargs.get('dev')\n",
    "def _netns_use(self, dev):\n    self._run('ip link set %s up' % dev)\n"
    "    self._execute(['ip', 'link', dev])\n    return self.cmd\n",
    "@classmethod\ndef make(cls, dev):\n    return cls(dev)('ls ' + dev)\n",
    "@staticmethod\ndef execute(cmd, shell=True):\n    return os.system(cmd)\n",
)
HANDLERS = _expressions("Exception", "BaseException", "(OSError, Exception)",
                        "self.Error", "errors[0]", "get_errors()",
                        "processutils.ProcessExecutionError")
HANDLER_BODIES = _statements("pass", "LOG.debug('failed: %s', cmd)", "raise",
                             "return None", "LOG.warning('failed')")
DECORATORS = _expressions("staticmethod", "classmethod", "property",
                          "functools.wraps(f)", "contextlib.contextmanager",
                          "lru_cache()")
DEF_NAMES = ["execute", "run", "_execute", "system", "call", "cmd", "run_cmd",
             "make_runner", "__call__", "__init__"]
TODOS = ["# TODO(x): the port leaks when plugging fails",
         "# FIXME: clean up the namespace", "# XXX the veth pair leaks, bug 123",
         "# TODO: rename", "# HACK lock never released"]


# Small programs in the shapes of network agents, for the mutations to
# start from when no real file is at hand (the suite's sample uses both).
SNIPPETS = [
    """\
import subprocess
from oslo_log import log as logging
LOG = logging.getLogger(__name__)


class Agent(object):
    def __init__(self, namespace, root_helper=None):
        self.namespace = namespace
        self._execute = functools.partial(utils.execute, run_as_root=True)

    def plug(self, dev, mtu):
        cmd = ['ip', 'netns', 'exec', self.namespace, 'ip', 'link', 'set', dev]
        if mtu:
            cmd += ['mtu', str(mtu)]
        try:
            self._execute(cmd)
        except Exception:
            LOG.debug('plug failed for %s', dev)

    def unplug(self, dev):
        # TODO(someone): the veth peer leaks here
        return self._execute('ip link del %s' % dev, shell=True)
""",
    """\
import os
import subprocess


def run(cmd, shell=False, check=True, **kwargs):
    return subprocess.run(cmd, shell=shell, check=check, **kwargs)


def sysctl(key, value):
    return run('sysctl -w %s=%s' % (key, value), shell=True)


def wrap(*args):
    return run(['ip', *args])


def chain(cmd):
    return wrap(*cmd.split())


class Node:
    def cmd(self, *args, **kwargs):
        return os.popen(' '.join(args)).read()

    def config(self, intf, ip):
        self.cmd('ifconfig', intf, ip)
        return self.cmd('ip addr add %s dev %s' % (ip, intf))
""",
    """\
import contextlib
import logging

LOG = logging.getLogger(__name__)


def connect(user, password, token=None):
    LOG.info('connecting %s with %s', user, password)
    auth = {'user': user, 'password': password}
    LOG.debug('auth: %s', auth)
    with contextlib.suppress(Exception):
        execute(['ip', 'netns', 'add', user])
    try:
        processutils.execute('ip', 'netns', 'del', user)
    except:
        pass
    LOG.debug('state %s', locals())
""",
    """\
import subprocess
import functools


def make_runner():
    return subprocess.getoutput


shell_run = functools.partial(subprocess.call, shell=True)


class Runner:
    def __init__(self):
        self._run = make_runner()
        self._shell = shell_run

    def flush(self, dev):
        self._run('ip addr flush dev %s' % dev)
        self._shell('ip link del ' + dev)
        later = lambda: self._run('ip link set %s down' % dev)
        return later
""",
]


def _fresh(pool: list):
    return copy.deepcopy(pool)


class Mutator(ast.NodeTransformer):
    """Changes about one node in `rate` of each kind it visits."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng = rng
        self.rate = rate

    def _hit(self) -> bool:
        return self.rng.random() < self.rate

    def _pick(self, pool):
        return copy.deepcopy(self.rng.choice(pool))

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if self._hit():
            node.func = self._pick(CALLEES)
        if self._hit():
            self._mutate_arguments(node)
        if self._hit():
            node.keywords.append(ast.keyword(arg="shell", value=ast.Constant(True)))
        return node

    def _mutate_arguments(self, node: ast.Call) -> None:
        choice = self.rng.randrange(4)
        if choice == 0 and node.args:
            node.args[self.rng.randrange(len(node.args))] = self._pick(ARGUMENTS)
        elif choice == 1:
            node.args.insert(self.rng.randint(0, len(node.args)),
                             self._pick(ARGUMENTS))
        elif choice == 2:
            node.args.append(ast.Starred(value=self._pick(STARRED), ctx=ast.Load()))
        else:
            name, value = self.rng.choice(KEYWORDS)
            node.keywords.append(ast.keyword(arg=name, value=copy.deepcopy(value)))

    def _mutate_def(self, node) -> None:
        if self._hit():
            node.name = self.rng.choice(DEF_NAMES)
        if self._hit():
            node.decorator_list.append(self._pick(DECORATORS))
        if self._hit():
            arguments = node.args
            if arguments.vararg is None and self.rng.random() < 0.5:
                arguments.vararg = ast.arg(arg="args")
            elif arguments.kwarg is None:
                arguments.kwarg = ast.arg(arg="kwargs")
            else:
                arguments.kwonlyargs.append(ast.arg(arg="shell"))
                arguments.kw_defaults.append(ast.Constant(self.rng.random() < 0.5))

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        self._mutate_def(node)
        node.body = self._shuffled(self._guarded(node.body))
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        if self.rng.random() < 0.5:   # the runner factory: astroid's path
            node.body.extend(_fresh(SPLICED_METHODS[0]) + _fresh(SPLICED_METHODS[1]))
        if self._hit():
            node.body.extend(_fresh(self.rng.choice(SPLICED_METHODS)))
        node.body = self._shuffled(node.body)
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        self.generic_visit(node)
        if self._hit():
            node.type = self._pick(HANDLERS) if self.rng.random() < 0.8 else None
            node.name = node.name if node.type is not None else None
        if self._hit():
            node.body = _fresh(self.rng.choice(HANDLER_BODIES))
        return node

    def visit_Module(self, node: ast.Module) -> ast.AST:
        self.generic_visit(node)
        future = [s for s in node.body if isinstance(s, ast.ImportFrom)
                  and s.module == "__future__"]
        rest = [s for s in node.body if s not in future]
        spliced = _fresh(SPLICED_MODULE[0]) + [
            s for _ in range(self.rng.randint(1, 3))
            for s in _fresh(self.rng.choice(SPLICED_MODULE[1:]))]
        node.body = future + spliced + self._shuffled(rest)
        return node

    def _guarded(self, body: list[ast.stmt]) -> list[ast.stmt]:
        """One statement wrapped in a handler that may swallow its failure."""
        if not body or not self._hit():
            return body
        i = self.rng.randrange(len(body))
        handler = ast.ExceptHandler(type=self._pick(HANDLERS), name=None,
                                    body=_fresh(self.rng.choice(HANDLER_BODIES)))
        body[i] = ast.Try(body=[body[i]], handlers=[handler], orelse=[],
                          finalbody=[])
        return body

    def _shuffled(self, body: list[ast.stmt]) -> list[ast.stmt]:
        """Definitions reordered: a callee may come before or after its
        callers (docstrings stay first)."""
        if len(body) < 2 or not self._hit():
            return body
        head = body[:1] if _is_docstring(body[0]) else []
        tail = body[len(head):]
        self.rng.shuffle(tail)
        return head + tail


def _is_docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def with_comments(source: str, rng: random.Random, count: int) -> str:
    """TODO comments put at the end of random lines (inside a string they
    are text; a mutant broken by one is skipped)."""
    lines = source.splitlines()
    for _ in range(count if lines else 0):
        i = rng.randrange(len(lines))
        lines[i] += "  " + rng.choice(TODOS)
    return "\n".join(lines) + "\n"


def mutant(tree: ast.Module, seed: str, rate: float = 0.15) -> str | None:
    """One mutant of `tree` (left unchanged), as source; None when the
    mutation made something Python does not accept."""
    rng = random.Random(seed)
    changed = Mutator(rng, rate).visit(copy.deepcopy(tree))
    ast.fix_missing_locations(changed)
    try:
        text = with_comments(ast.unparse(changed), rng, rng.randint(0, 3))
        compile(text, "<mutant>", "exec", flags=ast.PyCF_ONLY_AST)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return text


def mutants(source: str, seed: str, count: int,
            rate: float = 0.15) -> Iterator[tuple[str, str]]:
    """(mutant seed, mutant source) for the mutants of `source` that parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for k in range(count):
        key = f"{seed}:{k}"
        text = mutant(tree, key, rate)
        if text is not None:
            yield key, text


@dataclasses.dataclass
class Failure:
    filename: str
    seed: str
    kind: str          # "NS001", "exception" or "budget"
    detail: str
    source: str


class _OverBudget(BaseException):
    """Raised by the CPU timer: a BaseException, so the plugin boundary
    (which turns an Exception into NS001) lets it through."""


def checker_settings(*extra: str):
    """The plugin's settings for a flake8 run with every code selected and
    `extra` options (`OPTIONS` when none are given), read through flake8's
    own option parsing as a run reads them."""
    from flake8.options.parse_args import parse_args

    from flake8_netns.plugin import settings_from_options
    _, options = parse_args(["--isolated", *EVERY_CODE, *(extra or OPTIONS)])
    return settings_from_options(options)


def run_checker(source: str, filename: str, settings=None):
    """The checker's findings for `source` as flake8 would hand it over."""
    from flake8_netns.context import FileContext
    from flake8_netns.plugin import check
    context = FileContext(ast.parse(source), source.splitlines(True), filename,
                          settings if settings is not None else checker_settings())
    return check(context)


def failure_of(source: str, filename: str, settings=None, budget: float = BUDGET,
               tally: collections.Counter | None = None) -> tuple[str, str] | None:
    """(kind, detail) when the checker fails on `source`, else None; the
    codes found are counted in `tally`. The budget is enforced with a CPU
    timer where the platform has one."""
    timer = hasattr(signal, "setitimer") and hasattr(signal, "ITIMER_PROF")
    if timer:
        def over(signum, frame):
            raise _OverBudget()
        previous = signal.signal(signal.SIGPROF, over)
        signal.setitimer(signal.ITIMER_PROF, budget)
    start = time.process_time()
    try:
        findings = run_checker(source, filename, settings)
    except _OverBudget:
        return "budget", f"over {budget:.0f} s of CPU"
    except Exception as exc:   # the boundary let something through
        return "exception", f"{type(exc).__name__}: {exc}"[:300]
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
    spent = time.process_time() - start
    if tally is not None:
        tally.update(f.code for f in findings)
    if spent > budget:
        return "budget", f"{spent:.1f} s of CPU"
    crashes = [f.text for f in findings if f.code == "NS001"]
    if crashes:
        return "NS001", crashes[0]
    return None


def shrink(source: str, fails: Callable[[str], bool], rounds: int = 3) -> str:
    """The statements of `source` that the failure needs: each statement
    (at any depth) is dropped, or its block replaced by `pass`, while
    `fails` stays true."""
    tree = ast.parse(source)
    for _ in range(rounds):
        changed = False
        for owner, field, i in list(_statement_slots(tree)):
            body = getattr(owner, field)
            if i >= len(body):
                continue
            kept = body[i]
            replacement = [] if len(body) > 1 else [ast.Pass()]
            body[i:i + 1] = replacement
            try:
                candidate = ast.unparse(tree)
                ok = fails(candidate)
            except Exception:
                ok = False
            if ok:
                changed = True
            else:
                body[i:i + len(replacement)] = [kept]
        if not changed:
            break
    return ast.unparse(tree) + "\n"


def _statement_slots(tree: ast.AST) -> Iterator[tuple[ast.AST, str, int]]:
    """(node, field, index) of every statement, last first so that deleting
    one does not move the ones still to visit."""
    slots = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                slots.extend((node, field, i) for i in range(len(body)))
    return reversed(slots)


def default_paths() -> list[pathlib.Path]:
    paths = [DEV_CORPUS] if DEV_CORPUS.is_dir() else []
    return paths + [pathlib.Path(sysconfig.get_paths()["stdlib"])]


def python_files(paths: list[pathlib.Path]) -> list[pathlib.Path]:
    found: list[pathlib.Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
            continue
        found.extend(p for p in sorted(path.rglob("*.py"))
                     if "site-packages" not in p.parts and "blind" not in p.parts
                     and "__pycache__" not in p.parts)
    return found


def fuzz(files: list[pathlib.Path], seed: int, count: int, budget: float,
         report: Callable[[str], None] = print,
         rate: float = 0.15) -> tuple[dict, list[Failure]]:
    """Checks `count` mutants of each file; (counts, failures)."""
    settings = checker_settings()
    counts = {"files": 0, "mutants": 0, "not_python": 0}
    codes: collections.Counter[str] = collections.Counter()
    failures: list[Failure] = []
    for done, path in enumerate(files, 1):
        if done % 50 == 0:
            print(f"mutate: {done}/{len(files)} files, {counts['mutants']} mutants, "
                  f"{len(failures)} failures", file=sys.stderr, flush=True)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(source) > 400_000:
            continue
        counts["files"] += 1
        made = 0
        for key, text in mutants(source, f"{seed}:{path.name}", count, rate):
            made += 1
            problem = failure_of(text, str(path), settings, budget, codes)
            if problem is None:
                continue
            kind, detail = problem
            small = shrink(text, lambda s: (failure_of(s, str(path), settings, budget)
                                            or ("",))[0] == kind)
            failures.append(Failure(str(path), key, kind, detail, small))
            report(f"FAIL {kind} {path} seed {key}: {detail}\n{small}")
        counts["mutants"] += made
        counts["not_python"] += count - made
    counts["findings"] = dict(sorted(codes.items()))
    return counts, failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=pathlib.Path)
    parser.add_argument("--mutants", type=int, default=20, help="per file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0,
                        help="at most this many files, evenly spread")
    parser.add_argument("--budget", type=float, default=BUDGET)
    parser.add_argument("--rate", type=float, default=0.15,
                        help="share of the nodes of each kind that change")
    parser.add_argument("--out", type=pathlib.Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    files = python_files([p.expanduser() for p in args.paths] or default_paths())
    if any(".corpus" in p.parts and "blind" in p.parts for p in files):
        sys.exit("bench/mutate.py: never run the plugin on .corpus/blind")
    if args.limit and len(files) > args.limit:
        step = len(files) / args.limit
        files = [files[int(i * step)] for i in range(args.limit)]
    start = time.perf_counter()
    counts, failures = fuzz(files, args.seed, args.mutants, args.budget, rate=args.rate)
    by_kind: dict[str, int] = {}
    for failure in failures:
        by_kind[failure.kind] = by_kind.get(failure.kind, 0) + 1
    print(f"mutate: {counts['files']} files, {counts['mutants']} mutants checked, "
          f"{counts['not_python']} did not parse, {len(failures)} failures "
          f"{by_kind or ''}, {time.perf_counter() - start:.0f} s\n"
          f"mutate: findings in the mutants: {counts['findings']}")
    if args.out:
        args.out.write_text(json.dumps([dataclasses.asdict(f) for f in failures],
                                       indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
