"""PrairieLearn's external-grader `results.json` for one submission.

`score` is a fraction in 0..1 of the kata's points; `gradable` is true whenever the
judge graded the file, a file that does not load included (it is the learner's answer,
and it scores 0); it is false only when the judge itself could not grade, so the
attempt is not counted against the learner. `message` is the verdict and diagnoses,
`output` the whole overview; the tests are those the Gradescope renderer shows, with
`points` / `max_points` that add up exactly to the grade.
"""

from __future__ import annotations

import json

from judge.report.common import Report, cap
from judge.report.grouped import OUTPUT_CHARS, cents_of, groups_of, overview


def render_prairielearn(report: Report) -> str:
    groups = groups_of(report)
    top, cents = cents_of(groups, report)
    tests = [{"name": name, "points": got / 100, "max_points": most / 100, "message": cap(output, OUTPUT_CHARS)}
             for (name, _, _, (_, output)), got, most in zip(groups, cents, top)]
    extra = round(report["score"] * 100) - sum(cents)
    if extra > 0:  # the diagnosis' credit floor, above what the cases earned
        tests.append({"name": "partial credit for a recognised mistake", "points": extra / 100, "max_points": 0.0,
                      "message": f"the mistake the judge recognised ({report['partial_credit']['diagnosis']}) "
                                 "keeps part of the points"})
    text = overview(report)
    graded = not report.get("judge_error")
    document = {
        "gradable": graded,
        "score": round(report["score"] / report["max_score"], 4) if report["max_score"] and graded else 0.0,
        "message": cap(text.split("\nSmallest failing", 1)[0], OUTPUT_CHARS),
        "output": cap(text, OUTPUT_CHARS),
        "tests": tests,
    }
    if not graded:
        document["format_errors"] = [cap(report["judge_error"], 1000)]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
