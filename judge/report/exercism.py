"""Exercism's test-runner `results.json`, version 3, for one submission.

Top-level status: `pass` (every case passed), `fail` (some did not), `error` (no case
ran: the submission did not load, or the judge could not grade it; `message` says why).
Each case is a test whose `test_code` is the call it made; a hidden case shows no inputs.
Exercism wants a runner to exit 0 whatever the tests say: wrap `judge grade` accordingly.
"""

from __future__ import annotations

import json

from judge.report.common import Report, is_hidden, why_not_graded

EXERCISM_VERSION = 3
# Exercism truncates a test's output at 500 characters; so does the judge's runner.
OUTPUT_CHARS = 500
_STATUS = {"passed": "pass", "failed": "fail", "error": "error", "timeout": "error"}


def render_exercism(report: Report) -> str:
    reason = why_not_graded(report)
    if reason:
        document = {"version": EXERCISM_VERSION, "status": "error", "message": reason, "tests": []}
    else:
        document = {
            "version": EXERCISM_VERSION,
            "status": "pass" if report["status"] == "passed" else "fail",
            "message": None,
            "tests": [_test(case, report) for case in report["cases"]],
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _test(case: dict, report: Report) -> dict:
    hidden = is_hidden(case)
    test = {
        "name": f"{case['kind']} case {case['id']}",
        "status": _STATUS[case["status"]],
        "test_code": "(hidden case: inputs not shown)" if hidden else
                     f"{report['problem']}: call with {case['inputs']}",
    }
    if case["status"] != "passed":
        test["message"] = "\n".join([case["message"], *([] if hidden else case.get("details") or [])])
    if case.get("output") and not hidden:
        test["output"] = case["output"][:OUTPUT_CHARS]
    return test
