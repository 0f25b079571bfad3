"""Gradescope's `results.json` for one submission (the autograder runs once per submission).

Each case is a test with its points; hidden cases are tests with `"visibility": "hidden"`,
so a student never sees them (nor their inputs). The top-level `output` is what the
student reads first: verdict, score, diagnoses, why nothing ran, the shrunk failure.
"""

from __future__ import annotations

import json

from judge.report.common import Report, case_text, is_hidden, points, why_not_graded

# Gradescope shows test scores as given; the judge's per-case points are fractions.
POINT_DECIMALS = 4


def render_gradescope(report: Report) -> str:
    tests = []
    for number, case in enumerate(report["cases"], start=1):
        hidden = is_hidden(case)
        tests.append({
            "name": f"{case['kind']} case {case['id']}",
            "number": str(number),
            "score": round(case["points"], POINT_DECIMALS),
            "max_score": round(case["max_points"], POINT_DECIMALS),
            "status": "passed" if case["status"] == "passed" else "failed",
            "output": case["message"] + ("" if hidden else _more(case_text(case))),
            "visibility": "hidden" if hidden else "visible",
        })
    document = {
        "score": round(report["score"], POINT_DECIMALS),
        "execution_time": round(report.get("duration_s", 0.0)),
        "output": _overview(report),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"judge": {key: report.get(key) for key in ("problem", "status", "seed", "examples", "versions")}},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _overview(report: Report) -> str:
    lines = [f"{report['status'].upper()}  score {points(report['score'])} / {points(report['max_score'])}"]
    reason = why_not_graded(report)
    if reason:
        lines.append(reason)
    lines += [f"- {d['message']}" for d in report["diagnoses"]]
    credit = report.get("partial_credit")
    if credit:  # the score is the diagnosed mistake's floor, above what the cases earned
        lines.append(f"Partial credit: the cases earned {points(credit['case_score'])}; the likely mistake "
                     f"({credit['diagnosis']}) keeps {points(credit['score'])}.")
    minimal = report.get("minimal_failure")
    if minimal:
        lines += ["Smallest failing generated input:", f"  {minimal['inputs']}", f"  {minimal['message']}"]
    lines.append(f"seed {report['seed']} · {report['examples']} generated cases · "
                 f"jax {report['versions'].get('jax')} · flax {report['versions'].get('flax')}")
    return "\n".join(lines)


def _more(text: str) -> str:
    return "\n" + text if text else ""
