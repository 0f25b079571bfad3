"""Exercism's test-runner `results.json`, version 3, for one submission.

Top-level status: `pass` (every case passed), `fail` (some did not), `error` (no case
ran: the submission did not load, or the judge could not grade it; `message` says why).
`message` also carries, on a `fail`, the diagnoses with their first hint (Exercism
shows it above the tests). Each case is a test with:
- `test_code`: Python the learner can run (the inputs built with NumPy, the call, the
  checks it can make alone; testcode.py); a hidden case's is a comment, never its inputs;
- `message` when it did not pass, `output` (what it printed) within Exercism's 500
  characters, the truncation notice included;
- `task_id`: a kata is one task (task 1 of its instructions), which is what version 3 adds.
Exercism wants the runner to exit 0 whenever it wrote results.json (bin/run.sh does).
"""

from __future__ import annotations

import json
import os

from judge.report.common import Report, cap, is_hidden, why_not_graded
from judge.report.grouped import overview
from judge.report.testcode import test_code

EXERCISM_VERSION = 3
# Exercism's limits: a test's output, and the top-level message.
OUTPUT_CHARS = 500
MESSAGE_CHARS = 65535
TRUNCATION_NOTICE = "\n[output cut: {n} more characters; Exercism shows at most 500]"
TASK_ID = 1
_STATUS = {"passed": "pass", "failed": "fail", "error": "error", "timeout": "error"}


def render_exercism(report: Report) -> str:
    reason = why_not_graded(report)
    if reason:
        printed = (report.get("load_output") or "").strip()
        document = {"version": EXERCISM_VERSION, "status": "error",
                    "message": cap(reason + (f"\nIt printed:\n{printed}" if printed else ""), MESSAGE_CHARS),
                    "tests": []}
    else:
        passed = report["status"] == "passed"
        document = {
            "version": EXERCISM_VERSION,
            "status": "pass" if passed else "fail",
            "message": None if passed else cap(overview(report), MESSAGE_CHARS),
            "tests": [_test(case, report) for case in report["cases"]],
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _test(case: dict, report: Report) -> dict:
    hidden = is_hidden(case)
    module = os.path.splitext(os.path.basename(report["submission"]))[0]
    if hidden or not case.get("call"):
        code = f"# {case['kind']} case {case['id']}: a hidden case; its inputs are not shown"
    else:
        code = test_code(case["call"], module, _replay(case, report))
    test = {"name": f"{case['kind']} case {case['id']}", "status": _STATUS[case["status"]],
            "test_code": code, "task_id": TASK_ID}
    if case["status"] != "passed":
        test["message"] = "\n".join([case["message"], *([] if hidden else case.get("details") or [])])
    if case.get("output") and not hidden:
        test["output"] = cap(case["output"], OUTPUT_CHARS, TRUNCATION_NOTICE)
    return test


def _replay(case: dict, report: Report) -> str:
    args = json.dumps(case["call"]["args"], separators=(", ", ": "))
    name = os.path.basename(report["submission"])
    return f"judge grade {name} --problem {report['problem']} --case '{args}'"
