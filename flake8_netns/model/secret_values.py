"""Which parts of an expression carry a secret to whoever prints its value.

A secret rides along through what copies or formats a value (`%`, f-strings,
`.format`, `str`, `' '.join`, literals, dict keys) but not through a call
that makes something else of it: the response of `requests.get(url,
auth=(user, password))` holds no password, nor does `len(password)`,
`password is None` or `'set' if password else 'unset'`.
"""
from __future__ import annotations

import ast
import dataclasses
import re
from typing import Iterator, Mapping

from flake8_netns.model.secrets import SecretModel
from flake8_netns.model.words import dotted_name, split_words

# Calls whose result is their inputs in another shape.
_BUILDER_FUNCTIONS = frozenset({
    "str", "repr", "ascii", "bytes", "format", "dict", "list", "tuple", "set",
    "frozenset", "sorted", "reversed", "copy", "deepcopy", "dumps", "pformat",
    "safe_encode", "safe_decode", "to_utf8", "text_type", "b64encode",
    "urlencode", "quote", "quote_plus", "urlunparse", "urlunsplit", "join",
    "OrderedDict", "defaultdict", "namedtuple", "zip", "enumerate", "chain",
})
_BUILDER_METHODS = frozenset({
    "format", "format_map", "join", "copy", "items", "values", "encode",
    "decode", "strip", "lstrip", "rstrip", "lower", "upper", "replace",
    "split", "rsplit", "splitlines", "partition", "rpartition", "center",
    "ljust", "rjust", "zfill", "title", "casefold", "expandtabs",
})
# Methods that pick one entry by key: the key, not the container, is what
# reaches the caller.
_KEY_METHODS = frozenset({"get", "pop", "setdefault", "__getitem__"})
# A function named for a secret returns it (`get_token()`), unless its name
# asks a question or acts on the secret.
_NOT_RETURNING = frozenset({
    "is", "has", "check", "validate", "verify", "valid", "should", "can",
    "needs", "need", "set", "delete", "del", "remove", "revoke", "store",
    "save", "write", "clear", "reset", "update", "rotate", "invalidate",
    "register", "unregister", "expire", "refresh", "compare", "match",
})
_NAMESPACE_CALLS = frozenset({"locals", "globals", "vars"})
_REQUEST_NAMES = frozenset({"request", "req"})

_PERCENT_FIELD = re.compile(r"%\(([^()%]*)\)")
_BRACE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_.]*)")


@dataclasses.dataclass(frozen=True)
class Hit:
    kind: str          # "secret" (NS301), "namespace" (NS303), "derived" (NS302)
    node: ast.AST      # where the offending expression starts
    text: str          # what to name in the message
    secret: str = ""   # for "derived": the secret the local holds


def describe(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # unparse of an odd tree must not cost the finding
        text = type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def quoted(text: str) -> str:
    return f'"{text}"' if "'" in text else f"'{text}'"


def format_string(node: ast.AST) -> ast.Constant | None:
    """The constant format string of `node`, seen through `_('...')`."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and \
            not node.keywords:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node
    return None


class SecretScanner:
    """Finds secret names, namespaces and secret-holding locals in
    expressions of one file."""

    def __init__(self, context, model: SecretModel | None = None) -> None:
        self._context = context
        self.model = model or SecretModel.of(context.settings)

    @property
    def _imports(self):
        # the import table walks the whole tree: asked for only when a name
        # could be a module (`pwd`), `environ`, or a hashing call
        return self._context.imports

    # -- names ---------------------------------------------------------
    def secret_in_name(self, *parts: str) -> str | None:
        word = self.model.secret_word(*parts)
        if word is not None and len(parts) == 1 and \
                self._imports.is_module(parts[0]):
            return None
        return word

    def is_clean(self, node: ast.AST | None) -> bool:
        """True for values that show nothing of a secret put into them."""
        if node is None or isinstance(node, (ast.Constant, ast.Compare)):
            return True
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return True
        return isinstance(node, ast.Call) and self._is_sanitiser(node)

    def _is_sanitiser(self, call: ast.Call) -> bool:
        if self.model.is_sanitiser(call, None):
            return True
        qualified = self._imports.qualify(call.func)
        return qualified is not None and self.model.is_sanitiser(call, qualified)

    def is_namespace(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            return (isinstance(node.func, ast.Name)
                    and node.func.id in _NAMESPACE_CALLS
                    and len(node.args) <= 1 and not node.keywords)
        if isinstance(node, ast.Attribute):
            if node.attr == "__dict__":
                return True
            if node.attr == "headers":
                receiver = dotted_name(node.value)
                if receiver and receiver.rsplit(".", 1)[-1] in _REQUEST_NAMES:
                    return True
        name = getattr(node, "attr", None) or getattr(node, "id", None)
        return name == "environ" and \
            self._imports.qualify(node) == "os.environ"

    def field_hits(self, fmt: ast.Constant, regex=None) -> Iterator[Hit]:
        """Secret field names of a format string filled from a mapping."""
        for match in (regex or _PERCENT_FIELD).finditer(fmt.value):
            field = match.group(1)
            if field and self.secret_in_name(*field.split(".")):
                yield Hit("secret", fmt, f"format field '{field}'")
                return

    def scan_formatted(self, fmt: ast.Constant, operand: ast.AST,
                       tainted: Mapping[str, str]) -> Iterator[Hit]:
        """What `fmt % operand` shows (also logging's `msg, arg`): with
        `%(name)s` fields, only the named entries of the mapping."""
        fields = {m.group(1) for m in _PERCENT_FIELD.finditer(fmt.value)}
        if not fields or isinstance(operand, ast.Tuple) or \
                self.is_namespace(operand):
            yield from self.scan(operand, tainted)
        elif isinstance(operand, ast.Dict):
            yield from self._scan_Dict(operand, tainted, True, only=fields)
        elif isinstance(operand, (ast.Name, ast.Attribute)):
            yield from self.field_hits(fmt)
        else:
            yield from self.field_hits(fmt)
            yield from self.scan(operand, tainted)

    # -- expressions -----------------------------------------------------
    def scan(self, node: ast.AST | None, tainted: Mapping[str, str],
             whole: bool = True) -> Iterator[Hit]:
        """Every offending sub-expression of `node`, outermost first; a hit
        is not looked into further. `whole` is False where only one entry
        of a container is taken (`os.environ['HOME']`)."""
        if node is None or isinstance(node, ast.Constant):
            return
        if whole and self.is_namespace(node):
            yield Hit("namespace", node, describe(node))
            return
        method = getattr(self, "_scan_" + type(node).__name__, None)
        if method is not None:
            yield from method(node, tainted, whole)
            return
        if isinstance(node, (ast.Compare, ast.Lambda)) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                yield from self.scan(child, tainted, whole)

    def holds(self, node: ast.AST | None, tainted: Mapping[str, str]) -> str | None:
        """What secret a value built from `node` would hold, or None. A copy
        of a namespace is not counted: NS303 is about handing the namespace
        itself to a logger, and its named entries are judged by key."""
        for hit in self.scan(node, tainted):
            if hit.kind != "namespace":
                return hit.secret or hit.text
        return None

    def holds_any(self, call: ast.Call, tainted: Mapping[str, str]) -> str | None:
        """What secret the arguments of `call` would put into its receiver
        (`params.update(password=pw)`, `cmd.append(psk)`)."""
        hits = self._scan_arguments(call, tainted)
        return next((h.secret or h.text for h in hits
                     if h.kind != "namespace"), None)

    def _scan_Name(self, node, tainted, whole):
        if self.secret_in_name(node.id):
            yield Hit("secret", node, quoted(node.id))
        elif node.id in tainted:
            yield Hit("derived", node, node.id, tainted[node.id])

    def _scan_Attribute(self, node, tainted, whole):
        parts, base = [], node
        while isinstance(base, ast.Attribute):
            parts.append(base.attr)
            base = base.value
        if isinstance(base, ast.Name):
            parts.append(base.id)
        parts.reverse()
        if self.secret_in_name(*parts):
            yield Hit("secret", node, quoted(describe(node)))
        elif not isinstance(base, ast.Name):
            yield from self.scan(base, tainted, whole)

    def _scan_Subscript(self, node, tainted, whole):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            # one named entry: the key says whether it is a secret
            if self.secret_in_name(*_key_parts(key.value)):
                yield Hit("secret", node, quoted(describe(node)))
            return
        yield from self.scan(node.value, tainted, whole=False)

    def _scan_Call(self, node, tainted, whole):
        if self._is_sanitiser(node):
            return
        func = node.func
        if isinstance(func, ast.Attribute):
            name = func.attr
            if name in _KEY_METHODS:
                key = node.args[0] if node.args else None
                if isinstance(key, ast.Constant) and isinstance(key.value, str) \
                        and self.secret_in_name(*_key_parts(key.value)):
                    yield Hit("secret", node, quoted(describe(node)))
                return
            if name in _BUILDER_METHODS:
                fmt = format_string(func.value) if name == "format" else None
                if fmt is not None:
                    if _fills_from_mapping(node):
                        yield from self.field_hits(fmt, _BRACE_FIELD)
                else:
                    yield from self.scan(func.value, tainted, whole)
                yield from self._scan_arguments(node, tainted)
                return
        elif isinstance(func, ast.Name):
            name = func.id
            if name in _BUILDER_FUNCTIONS:
                yield from self._scan_arguments(node, tainted)
                return
        else:
            return
        if self._returns_secret(name):
            yield Hit("secret", node, quoted(describe(func) + "()"))

    def _returns_secret(self, name: str) -> bool:
        """`get_token()`, `retrieve_credentials()`: named for what they
        return, the secret word last; `get_credential_store()` returns a
        store and `is_token_valid()` a bool."""
        words = split_words(name)
        if not words or words[0] in _NOT_RETURNING:
            return False
        secret = self.model.secret_word(name)
        return secret is not None and \
            tuple(words[-len(secret.split("_")):]) == tuple(secret.split("_"))

    def _scan_arguments(self, call: ast.Call, tainted):
        for arg in call.args:
            yield from self.scan(arg, tainted)
        yield from self.scan_keywords(call.keywords, tainted)

    def scan_keywords(self, keywords, tainted):
        for kw in keywords:
            if kw.arg and self.secret_in_name(kw.arg) and \
                    not self.is_clean(kw.value):
                yield Hit("secret", kw, quoted(kw.arg + "="))
            else:
                yield from self.scan(kw.value, tainted)

    def _scan_BinOp(self, node, tainted, whole):
        fmt = format_string(node.left) if isinstance(node.op, ast.Mod) else None
        if fmt is not None:
            yield from self.scan_formatted(fmt, node.right, tainted)
            return
        # `a + b + c ...` nests to the left: walk that spine in a loop, so a
        # long concatenation costs no recursion depth
        operands = [node.right]
        left = node.left
        while isinstance(left, ast.BinOp) and not (
                isinstance(left.op, ast.Mod) and format_string(left.left)):
            operands.append(left.right)
            left = left.left
        operands.append(left)
        for operand in reversed(operands):
            yield from self.scan(operand, tainted, whole)

    def _scan_Dict(self, node, tainted, whole, only=None):
        for key, value in zip(node.keys, node.values):
            constant = isinstance(key, ast.Constant) and \
                isinstance(key.value, str)
            if constant and only is not None and key.value not in only:
                continue  # an entry the format string does not show
            if constant and self.secret_in_name(*_key_parts(key.value)):
                if not self.is_clean(value):
                    yield Hit("secret", key, f"key '{key.value}'")
                continue
            yield from self.scan(key, tainted)
            yield from self.scan(value, tainted)

    def _scan_IfExp(self, node, tainted, whole):
        # the test only picks a branch; its value is not shown
        yield from self.scan(node.body, tainted, whole)
        yield from self.scan(node.orelse, tainted, whole)

    def _scan_comprehension(self, node, tainted, whole):
        for gen in node.generators:
            yield from self.scan(gen.iter, tainted, whole)
        for part in ("elt", "key", "value"):
            yield from self.scan(getattr(node, part, None), tainted, whole)

    _scan_ListComp = _scan_SetComp = _scan_GeneratorExp = _scan_DictComp = \
        _scan_comprehension


def _key_parts(key: str) -> list[str]:
    # a constant key is one name; `node.session.auth.password` is dotted
    return key.split(".") if len(key) <= 200 else [key[:200]]


def _fills_from_mapping(call: ast.Call) -> bool:
    """`'{token}'.format(**ctx)`: field names pick values the call does not
    show by name (explicit keywords are judged as keywords)."""
    return any(kw.arg is None for kw in call.keywords) or any(
        isinstance(a, ast.Starred) for a in call.args)
