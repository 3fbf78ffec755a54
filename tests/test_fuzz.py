"""Generated programs never make the checker raise or report NS001.

hypothesmith writes valid Python from the grammar (and from libcst's node
types); since a random program rarely calls `subprocess` or logs a
password, half of the programs are spiced with the calls and comments the
rule families look for, so that the analysis itself runs, not only its
pre-filters. The normal suite runs a small fixed number, derandomized so CI
is deterministic; `bench/fuzz.py` runs these same strategies by the
thousand.
"""
from __future__ import annotations

import pathlib
import sysconfig

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import mutate
from bench.fuzz import FILENAME, SPICE, findings_of, programs, spiced


def assert_checked_cleanly(source: str) -> None:
    findings = findings_of(source)
    if findings is not None:
        assert not [f.text for f in findings if f.code == "NS001"], source


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=100, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
# deferred: hypothesmith builds its grammar (a second) when first drawn
# from, not when the quick loop collects this file
@given(st.deferred(programs))
def test_generated_programs_are_checked_without_NS001(source):
    assert_checked_cleanly(source)


def test_the_spice_alone_reaches_every_default_family():
    """Guards the fuzz's premise: the spice exercises the analysis."""
    findings = findings_of(spiced("x = 1\n", SPICE))
    assert {f.code[:3] for f in findings} == {"NS1", "NS2", "NS3", "NS4"}


# -- mutations of real code (issue 13) ------------------------------------
#
# hypothesmith's programs seldom get past the text gate, so the command
# model rarely runs on them. `bench/mutate.py` mutates real files instead
# (callees, arguments, keywords, definitions, handlers, comments); the
# suite checks a fixed sample of its mutants: a few standard library files
# that hit defects before (pydoc and unittest.mock called `self(...)`) and
# the agent-shaped snippets. Seeds are fixed, so a failure is reproducible
# with `python bench/mutate.py FILE --seed 0 --mutants N`.

STDLIB = pathlib.Path(sysconfig.get_paths()["stdlib"])
STDLIB_SAMPLE = {"subprocess.py": 6, "shutil.py": 6, "unittest/mock.py": 4,
                 "pydoc.py": 3, "logging/handlers.py": 4}
SNIPPET_MUTANTS = 40


def assert_mutants_check_cleanly(source: str, filename: str, count: int,
                                 seed: str) -> int:
    """Checks each mutant of `source`; returns how many parsed."""
    settings = mutate.checker_settings()
    made = 0
    for key, text in mutate.mutants(source, seed, count):
        made += 1
        problem = mutate.failure_of(text, filename, settings)
        if problem is not None:
            kind, detail = problem
            small = mutate.shrink(text, lambda s: (mutate.failure_of(
                s, filename, settings) or ("",))[0] == kind)
            pytest.fail(f"{kind} on mutant {key} of {filename}: {detail}\n{small}")
    return made


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(STDLIB_SAMPLE))
def test_mutants_of_standard_library_files(name):
    path = STDLIB / name
    made = assert_mutants_check_cleanly(path.read_text(encoding="utf-8"),
                                        str(path), STDLIB_SAMPLE[name], f"0:{name}")
    assert made >= STDLIB_SAMPLE[name] // 2   # most mutants parse


@pytest.mark.parametrize("index", range(len(mutate.SNIPPETS)))
def test_mutants_of_agent_snippets(index):
    made = assert_mutants_check_cleanly(mutate.SNIPPETS[index], FILENAME,
                                        SNIPPET_MUTANTS, f"0:snippet{index}")
    assert made >= SNIPPET_MUTANTS // 2


def test_the_mutants_reach_every_family_and_astroid(monkeypatch):
    """Guards the sample's premise: mutants get past the text gate into
    every family and into the astroid path (a factory-made runner)."""
    from flake8_netns.model import inference

    asked = []
    original = inference.ReturnInference.returned
    monkeypatch.setattr(inference.ReturnInference, "returned",
                        lambda self, call: asked.append(call) or original(self, call))
    found = set()
    for index, snippet in enumerate(mutate.SNIPPETS):
        for _key, text in mutate.mutants(snippet, f"0:snippet{index}", 5):
            found |= {f.code for f in mutate.run_checker(text, FILENAME)}
    assert {code[:3] for code in found} == {"NS1", "NS2", "NS3", "NS4"}
    assert asked


def test_the_mutation_check_sees_failures_and_shrinks_them(monkeypatch):
    """An NS001 and an exception that escapes the boundary are failures,
    and the shrinker keeps only the statement that causes them."""
    from flake8_netns import plugin

    def broken(context):
        if "boom()" in context.source:
            raise ValueError("boom")
        return []

    monkeypatch.setattr(plugin, "_families", lambda: (broken,))
    source = "import os\nx = 1\n\ndef f():\n    y = 2\n    boom()\n"
    kind, detail = mutate.failure_of(source, FILENAME)
    assert kind == "NS001" and "ValueError: boom" in detail
    small = mutate.shrink(source, lambda s: mutate.failure_of(s, FILENAME) is not None)
    assert small == "def f():\n    boom()\n"
    monkeypatch.setattr(mutate, "run_checker",
                        lambda *a: (_ for _ in ()).throw(KeyError("k")))
    assert mutate.failure_of(source, FILENAME) == ("exception", "KeyError: 'k'")
