"""Small statistics over scores, kept apart so each is tested on its own.

Scores are compared as fractions of each record's maximum, so a class report can put
problems with different maxima side by side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Ten bins of 10 % of the maximum plus full marks on their own, like `judge batch`'s summary:
# "who has everything" is the first question, so 100 % never shares a bin with 95 %.
HISTOGRAM_BINS = 10
BIN_LABELS = tuple(f"{10 * i}–{10 * i + 9} %" for i in range(HISTOGRAM_BINS)) + ("100 %",)


def fraction(score: float, max_score: float) -> float:
    """The share of the maximum a score earned, in [0, 1]; a problem worth nothing counts as full."""
    if max_score <= 0:
        return 1.0
    return min(max(score / max_score, 0.0), 1.0)


def score_bin(score: float, max_score: float) -> int:
    """The histogram bin of a score: 0..9 by tenths of the maximum, 10 for full marks."""
    share = fraction(score, max_score)
    if share >= 1.0:
        return HISTOGRAM_BINS
    return min(int(share * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (never a 0 / 0 that reads as 0 %)."""
    return part / whole if whole else None


def percent(value: float | None) -> str:
    """A rate as a person reads it: 37 %, 0.4 %, 100 %; an em dash when there is none."""
    if value is None:
        return "—"
    shown = value * 100
    if 0 < shown < 1 or 99 < shown < 100:  # never round a few to "0 %" or all but a few to "100 %"
        return f"{math.floor(shown * 10) / 10 if shown > 99 else math.ceil(shown * 10) / 10:.1f} %"
    return f"{shown:.0f} %"
