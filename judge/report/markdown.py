"""A Markdown summary, fit for a CI step summary ($GITHUB_STEP_SUMMARY) or a pull request.

Totals, a score histogram, the most common diagnoses, then a table of submissions
(path, status, score, the first diagnosis or why it was not graded).

Paths and messages may come from submissions: a path is shown as a code span (where
Markdown makes nothing of its characters), other text has every ASCII punctuation mark
backslash-escaped (no link, image, emphasis or HTML survives) and bare URLs broken with a
zero-width space, so GitHub does not turn them into links.
"""

from __future__ import annotations

import re
from typing import Sequence

from judge.base.untrusted import MESSAGE_CHARS, clean
from judge.report.common import Report, path_of, points, why_not_graded
from judge.report.summary import summarise

HISTOGRAM_WIDTH = 30  # characters of the longest bar
SHOWN_DIAGNOSES = 5
_STATUS = {"passed": "✅ passed", "failed": "❌ failed", "error": "⚠️ error"}


def render_markdown(reports: Sequence[Report]) -> str:
    summary = summarise(reports)
    problems = sorted({r["problem"] for r in reports})
    lines = [f"## judge: {', '.join(problems) or 'no submissions'}", ""]
    counts = (f"**{summary.total}** submissions: {summary.passed} passed, {summary.failed} failed, "
              f"{summary.errors} error")
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
        lines += [f"| {n} | `{_code(d)}`: {_cell(message)} |" for d, message, n in summary.diagnoses[:SHOWN_DIAGNOSES]]
    lines += ["", "### Submissions", "", "| submission | status | score | notes |", "| --- | --- | ---: | --- |"]
    for report in reports:
        lines.append(f"| `{_code(path_of(report))}` | {_cell(_STATUS.get(report['status'], report['status']))} | "
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


# Every ASCII punctuation mark may be backslash-escaped in CommonMark, and then means itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# What GitHub's autolink extension turns into a link even without any punctuation mark.
_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")


def _one_line(text: object) -> str:
    return " ".join(clean(str(text), MESSAGE_CHARS, one_line=True).split())


def _cell(text: object) -> str:
    """Text safe inside a table cell: one line, every Markdown punctuation mark literal, no autolink."""
    unlinked = _AUTOLINK.sub(lambda m: m.group()[0] + "\u200b" + m.group()[1:], _one_line(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked)


def _code(text: object) -> str:
    """Text safe inside a code span in a table cell: no backtick to end the span, no column break
    (GitHub's table parser honours a backslash before `|` even in a code span)."""
    return _one_line(text).replace("`", "'").replace("|", "\\|")
