"""Gradescope's `results.json` for one submission (the autograder runs once per submission).

Settings chosen from Gradescope's autograder specification, and why:
- No test is `"visibility": "hidden"`: Gradescope hides a student's total score as soon as
  any test is hidden, and a learner must always see their score. Hidden cases stay hidden
  another way: they are folded into one visible test that says how many passed and never
  shows an input, a value or printed output of theirs.
- The generated cases are one test too (with the smallest failing input and its replay
  command), so the page lists the fixed cases a learner can read, not a hundred draws.
- Test scores are in hundredths and add up exactly to `score`; when a diagnosed mistake
  earns partial credit above what the cases earned, a "partial credit" test (max 0) holds
  the difference, so the tests still add up to the total.
- A submission that did not load (or could not be graded) is one failing test saying why.
- `stdout_visibility` stays hidden: the autograder's own log is for staff.
"""

from __future__ import annotations

import json

from judge.report.common import Report, cap, points
from judge.report.grouped import OUTPUT_CHARS, cents_of, groups_of, overview


def render_gradescope(report: Report) -> str:
    groups = groups_of(report)
    top, cents = cents_of(groups, report)
    tests = [_test(name, got / 100, most / 100, passed, output)
             for (name, _, _, (passed, output)), got, most in zip(groups, cents, top)]
    extra = round(report["score"] * 100) - sum(cents)
    if extra > 0:  # the diagnosis' credit floor, above what the cases earned
        credit = report["partial_credit"]
        tests.append(_test("partial credit for a recognised mistake", extra / 100, 0.0, True,
                           f"The cases earned {points(credit['case_score'])}; the mistake the judge recognised "
                           f"({credit['diagnosis']}) keeps {points(credit['score'])} "
                           f"of {points(report['max_score'])}."))
    document = {
        "score": round(report["score"], 2),
        "execution_time": round(report.get("duration_s", 0.0)),
        "output": cap(overview(report), OUTPUT_CHARS),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"judge": {key: report.get(key)
                                 for key in ("problem", "status", "seed", "examples", "versions")}},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _test(name: str, score: float, max_score: float, passed: bool, output: str) -> dict:
    return {"name": name, "score": score, "max_score": max_score, "status": "passed" if passed else "failed",
            "output": cap(output, OUTPUT_CHARS), "visibility": "visible"}
