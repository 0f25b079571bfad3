"""What a set of results adds up to: counts, a score histogram, the common diagnoses, the exit code.

Computed from the records alone (never from how the batch ran), so a batch that was
killed and resumed summarises exactly like one that ran straight through.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

from judge.base.exit_codes import EXIT_BELOW_FULL_MARKS, EXIT_JUDGE_ERROR, EXIT_OK

# Ten bins of 10 % of the maximum, and full marks on their own (what a course wants to see).
HISTOGRAM_BINS = 10


@dataclass(frozen=True)
class Summary:
    total: int
    passed: int
    failed: int
    errors: int  # graded "error": the submission did not load
    judge_errors: int  # not graded: the judge could not (see each record's judge_error)
    mean_score: float | None  # over graded submissions
    max_score: float | None
    histogram: tuple[tuple[str, int], ...]  # (bin label in % of max, submissions)
    diagnoses: tuple[tuple[str, str, int], ...]  # (id, message, submissions), most common first

    @property
    def graded(self) -> int:
        return self.total - self.judge_errors


def summarise(records: Sequence[dict[str, Any]]) -> Summary:
    graded = [r for r in records if not r.get("judge_error")]
    status = Counter(r["status"] for r in graded)
    bins = Counter(_bin(r["score"], r["max_score"]) for r in graded)
    labels = [f"{10 * i}–{10 * i + 9} %" for i in range(HISTOGRAM_BINS)] + ["100 %"]
    seen: Counter[str] = Counter()  # submissions per diagnosis id
    messages: dict[str, str] = {}  # the message of the first (sorted) submission with that id
    for record in graded:
        for diagnosis in record["diagnoses"]:
            messages.setdefault(diagnosis["id"], diagnosis.get("message", ""))
        seen.update({d["id"] for d in record["diagnoses"]})
    return Summary(
        total=len(records), passed=status["passed"], failed=status["failed"], errors=status["error"],
        judge_errors=len(records) - len(graded),
        mean_score=round(sum(r["score"] for r in graded) / len(graded), 2) if graded else None,
        max_score=max((r["max_score"] for r in records), default=None),
        histogram=tuple((label, bins[i]) for i, label in enumerate(labels)),
        diagnoses=tuple((d, messages[d], n) for d, n in sorted(seen.items(), key=lambda item: (-item[1], item[0]))),
    )


def _bin(score: float, max_score: float) -> int:
    if max_score <= 0 or score >= max_score:
        return HISTOGRAM_BINS
    return min(int(10 * score / max_score), HISTOGRAM_BINS - 1)


def below(records: Sequence[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """Records scoring below `threshold` points (`--fail-under`)."""
    return [r for r in records if r["score"] < threshold]


def exit_code(records: Sequence[dict[str, Any]], fail_under: float | None) -> int:
    """2 if the judge could not grade some submission; else 1 if one scored below
    `fail_under`; else 0, whatever the scores."""
    if any(r.get("judge_error") for r in records):
        return EXIT_JUDGE_ERROR
    if fail_under is not None and below(records, fail_under):
        return EXIT_BELOW_FULL_MARKS
    return EXIT_OK
