"""A Markdown summary, fit for a CI step summary ($GITHUB_STEP_SUMMARY) or a pull request.

Totals, a score histogram, the most common diagnoses, then a table of submissions
(path, status, score, the first diagnosis or why it was not graded).
"""

from __future__ import annotations

from typing import Sequence

from judge.batch.summary import summarise
from judge.report.common import Report, path_of, points, why_not_graded

HISTOGRAM_WIDTH = 30  # characters of the longest bar
SHOWN_DIAGNOSES = 5
_STATUS = {"passed": "✅ passed", "failed": "❌ failed", "error": "⚠️ error"}


def render_markdown(reports: Sequence[Report]) -> str:
    summary = summarise(reports)
    problems = sorted({r["problem"] for r in reports})
    lines = [f"## judge: {', '.join(problems) or 'no submissions'}", ""]
    counts = f"**{summary.total}** submissions: {summary.passed} passed, {summary.failed} failed, {summary.errors} error"
    if summary.judge_errors:
        counts += f", **{summary.judge_errors} not graded** (judge error)"
    lines.append(counts)
    if summary.mean_score is not None:
        lines.append(f"· mean score {points(summary.mean_score)} / {points(summary.max_score)}")
    if reports:
        first = reports[0]
        lines += ["", f"seed {first['seed']} · {first['examples']} generated cases · "
                      f"jax {first['versions'].get('jax')} · flax {first['versions'].get('flax')} · "
                      f"judge {first['versions'].get('judge')}"]
    if summary.graded:
        lines += ["", "### Scores", "", "```"]
        widest = max(n for _, n in summary.histogram) or 1
        for label, count in summary.histogram:
            bar = "█" * round(HISTOGRAM_WIDTH * count / widest)
            lines.append(f"{label:>10}  {bar} {count}" if count else f"{label:>10}")
        lines.append("```")
    if summary.diagnoses:
        lines += ["", "### Most common diagnoses", "", "| submissions | diagnosis |", "| ---: | --- |"]
        lines += [f"| {n} | `{_cell(d)}`: {_cell(message)} |" for d, message, n in summary.diagnoses[:SHOWN_DIAGNOSES]]
    lines += ["", "### Submissions", "", "| submission | status | score | notes |", "| --- | --- | ---: | --- |"]
    for report in reports:
        lines.append(f"| `{_cell(path_of(report))}` | {_STATUS.get(report['status'], report['status'])} | "
                     f"{points(report['score'])} / {points(report['max_score'])} | {_cell(_note(report))} |")
    return "\n".join(lines) + "\n"


def _note(report: Report) -> str:
    reason = why_not_graded(report)
    if reason:
        return reason
    if report["diagnoses"]:
        return report["diagnoses"][0].get("message", report["diagnoses"][0]["id"])
    failing = [c for c in report["cases"] if c["status"] != "passed"]
    return f"{len(failing)} cases not passed; first: {failing[0]['message']}" if failing else ""


def _cell(text: str) -> str:
    """Text safe inside a table cell: one line, no column breaks, no code-span breaks."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")
