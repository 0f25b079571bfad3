"""The tests a platform shows for one grade, shared by the Gradescope and PrairieLearn renderers.

Each visible fixed case is a test; the hidden cases are one test that shows only how many
passed; the generated cases are one test with the smallest failing input and its replay
command; a submission that never ran is one failing test saying why. Points are in
hundredths and add up exactly to the grade (common.in_cents).
"""

from __future__ import annotations

import os

from judge.report.common import Report, case_text, in_cents, is_hidden, points, why_not_graded

# No platform documents a limit on a test's output; a page of text is all a student reads.
OUTPUT_CHARS = 8000

def groups_of(report: Report) -> list[tuple[str, float, float, tuple[bool, str]]]:
    """(test name, points earned, points at most, (passed, output)) for each test shown."""
    cases = report["cases"]
    most = sum(c["max_points"] for c in cases) or report["max_score"]
    reason = why_not_graded(report)
    if reason:
        printed = (report.get("load_output") or "").strip()
        return [("the submission loads and runs", 0.0, most,
                 (False, reason + (f"\nIt printed:\n{printed}" if printed else "")))]
    groups = []
    for case in cases:
        if case["kind"] == "fixed" and not is_hidden(case):
            text = case_text(case)
            groups.append((f"case {case['id']}", case["points"], case["max_points"],
                           (case["status"] == "passed", case["message"] + ("\n" + text if text else ""))))
    hidden = [c for c in cases if c["kind"] == "fixed" and is_hidden(c)]
    if hidden:
        groups.append(_summary("hidden cases (inputs not shown)", hidden, shown=False))
    generated = [c for c in cases if c["kind"] == "generated"]
    if generated:
        groups.append(_summary("generated cases", generated, shown=True, minimal=report.get("minimal_failure"),
                               submission=report.get("submission")))
    return groups


def _summary(name, cases, shown, minimal=None, submission=None):
    passed = [c for c in cases if c["status"] == "passed"]
    lines = [f"{len(passed)} of {len(cases)} passed."]
    failing = [c for c in cases if c["status"] != "passed"]
    if shown:
        lines += [f"- {c['id']}: {c['message']}" for c in failing[:5]]
        if minimal:
            lines += ["Smallest failing input: " + minimal["inputs"], "  " + minimal["message"],
                      "Replay it: " + _local(minimal["replay"], submission)]
    else:  # a hidden case's message names no value (compare.py), but its id and count are all we say
        lines += [f"- {c['id']}: {c['status']}" for c in failing]
    return (f"{name}: {len(passed)}/{len(cases)}", sum(c["points"] for c in cases),
            sum(c["max_points"] for c in cases), (len(passed) == len(cases), "\n".join(lines)))


def overview(report: Report) -> str:
    """What a learner reads first: verdict and score, why nothing ran, notes, each diagnosis
    with its first hint, partial credit, the smallest failure and how to replay it."""
    lines = [f"{report['status'].upper()}  score {points(report['score'])} / {points(report['max_score'])}"]
    reason = why_not_graded(report)
    if reason:
        lines.append(reason)
    lines += [f"note: {note}" for note in report.get("notes") or ()]
    for diagnosis in report["diagnoses"]:
        lines.append(f"- {diagnosis['message']}")
        if diagnosis.get("hint"):
            lines.append(f"  hint: {diagnosis['hint']}")
    credit = report.get("partial_credit")
    if credit:
        lines.append(f"Partial credit: the cases earned {points(credit['case_score'])}; the likely mistake "
                     f"({credit['diagnosis']}) keeps {points(credit['score'])}.")
    minimal = report.get("minimal_failure")
    if minimal:
        lines += ["Smallest failing generated input:", f"  {minimal['inputs']}", f"  {minimal['message']}",
                  "Replay it on your machine:", f"  {_local(minimal['replay'], report.get('submission'))}"]
    versions = report.get("versions") or {}
    lines.append(f"seed {report['seed']} · {report['examples']} generated cases · "
                 f"jax {versions.get('jax')} · flax {versions.get('flax')}")
    return "\n".join(lines)


def _local(replay: str, submission: str | None) -> str:
    """The replay command with the platform's path of the file (/autograder/submission/x.py)
    said as the learner's own file name."""
    if submission and os.path.dirname(submission):
        return replay.replace(submission, os.path.basename(submission))
    return replay


def cents_of(groups, report: Report) -> tuple[list[int], list[int]]:
    """Each test's maximum and score in cents, adding up exactly to the maximum and to what the
    cases earned. A test that fully passed shows its whole maximum as its score: the fully
    passed tests share what they earned together, the others the rest of the maximum."""
    full = [i for i, (_, got, _, (passed, _)) in enumerate(groups) if passed and got > 0]
    rest = [i for i in range(len(groups)) if i not in full]
    full_earned = round(sum(groups[i][2] for i in full) * 100)
    top, cents = [0] * len(groups), [0] * len(groups)
    for i, value in zip(full, in_cents([groups[i][2] for i in full], full_earned / 100)):
        top[i] = cents[i] = value
    rest_max = round(report["max_score"] * 100) - full_earned
    for i, value in zip(rest, in_cents([groups[i][2] for i in rest], rest_max / 100)):
        top[i] = value
    earned = round(sum(c["points"] for c in report["cases"]) * 100)
    for i, value in zip(rest, in_cents([groups[i][1] for i in rest], (earned - full_earned) / 100)):
        cents[i] = min(value, top[i])
    return top, cents
