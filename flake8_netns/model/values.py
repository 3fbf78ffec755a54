"""Kept for the modules that still import the evaluator from here: it lives
in `analysis/flow.py` (values) and `analysis/scope.py` (bindings)."""
from flake8_netns.analysis.flow import (BUILT, CONST, MAX_ALTERNATIVES, MAX_DEPTH,
                                        MAX_STEPS, OPAQUE, Evaluator, Source, Value)
from flake8_netns.analysis.scope import LoopItem, Scope, Unknown

__all__ = ["BUILT", "CONST", "OPAQUE", "MAX_ALTERNATIVES", "MAX_DEPTH", "MAX_STEPS",
           "Evaluator", "LoopItem", "Scope", "Source", "Unknown", "Value"]
