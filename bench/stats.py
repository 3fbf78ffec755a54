"""Small statistics for paired timings and per-file scaling."""
from __future__ import annotations

import math
import statistics
from typing import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> tuple[float, float]:
    return min(values), max(values)


def line_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares slope and Pearson r of ys against xs."""
    if len(xs) < 2 or len(set(xs)) < 2:
        return 0.0, 0.0
    slope, _ = statistics.linear_regression(xs, ys)
    try:
        r = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # constant ys
        r = 0.0
    return slope, r


def growth_exponent(xs: Sequence[float], ys: Sequence[float]) -> float:
    """k in time ~ size**k (log-log slope): 1 is linear, 2 quadratic."""
    pairs = [(math.log(x), math.log(y)) for x, y in zip(xs, ys)
             if x > 0 and y > 0]
    if len(pairs) < 2:
        return 0.0
    return line_fit([p[0] for p in pairs], [p[1] for p in pairs])[0]
