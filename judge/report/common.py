"""Small helpers shared by the renderers of grade documents (`GradeResult.to_dict()` or a batch record).

Renderers of several submissions take a list of such documents; renderers of one take one.
"""

from __future__ import annotations

from typing import Any

Report = dict[str, Any]


def path_of(report: Report) -> str:
    """The submission's path: a batch record's `path`, else the grade's `submission`."""
    return report.get("path") or report["submission"]


def is_hidden(case: dict[str, Any]) -> bool:
    """Hidden cases are graded but their inputs are never shown; the document marks them
    with `inputs: null` (or an explicit `visibility`, if a later schema adds one)."""
    if "visibility" in case:
        return case["visibility"] == "hidden"
    return case.get("inputs") is None


def points(value: float) -> str:
    """A score as a person reads it: 59.12, 100, 1.58."""
    return f"{round(value, 2):g}"


def why_not_graded(report: Report) -> str | None:
    """The one reason no case ran: the judge's own error, or the submission did not load."""
    if report.get("judge_error"):
        return f"the judge could not grade it: {report['judge_error']}"
    if report.get("load_error"):
        return f"the submission could not be loaded: {report['load_error']}"
    return None


def case_text(case: dict[str, Any]) -> str:
    """A case's explanation as plain text: inputs (visible cases), details, printed output."""
    lines = []
    if case.get("inputs"):
        lines.append(f"inputs: {case['inputs']}")
    lines.extend(case.get("details") or ())
    if case.get("output", "").strip():
        lines.append("printed:")
        lines.extend("  | " + line for line in case["output"].rstrip().splitlines())
    return "\n".join(lines)


def in_cents(values: list[float], total: float) -> list[int]:
    """`values` in hundredths, adding up exactly to `total` (rounded likewise): each is rounded
    down, then the cents left over go to the largest remainders (to values above zero only:
    a test that earned nothing never shows a cent); cents too many come off the smallest.

    Per-case points are fractions (100 / 19 a case): rounded one by one they add up to
    99.9984 or 100.02, which a platform that sums the tests shows as the wrong total.
    """
    exact = [v * 100 for v in values]
    cents = [int(x // 1) for x in exact]
    left = round(total * 100) - sum(cents)
    by_remainder = sorted((i for i in range(len(values)) if values[i] > 0),
                          key=lambda i: exact[i] - cents[i], reverse=True)
    for i in by_remainder[:max(left, 0)]:
        cents[i] += 1
    for i in reversed(by_remainder[:max(-left, 0)]):
        cents[i] = max(cents[i] - 1, 0)
    return cents


def cap(text: str, limit: int, notice: str = "… (cut: {n} more characters)") -> str:
    """`text` at most `limit` characters, the notice (saying how much was cut) included."""
    if len(text) <= limit:
        return text
    keep = limit - len(notice.format(n=len(text)))
    return text[:keep] + notice.format(n=len(text) - keep)


def abnormal_run(report: Report) -> str:
    """Why a submission did not run normally ("" when it did): the judge's error, a file that
    did not load, or cases that raised, crashed or timed out (a hung or crashing submission
    has a score and a status like any other, but a TA must see why it earned nothing)."""
    reason = report.get("judge_error") or report.get("load_error")
    if reason:
        return reason
    broken = [c for c in report["cases"] if c["status"] in ("error", "timeout")]
    if not broken:
        return ""
    kinds = sorted({c["status"] for c in broken})
    return (f"{len(broken)} of {len(report['cases'])} cases ended in {' or '.join(kinds)}; "
            f"first: {broken[0]['message']}")
