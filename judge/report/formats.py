"""Which renderer each `--format` names, for `judge grade` (one document) and `judge batch` / `judge merge`.

Gradescope, PrairieLearn and Exercism run a grader once per submission, so their formats exist for
one grade only; a batch's full per-submission data is its JSON Lines.
"""

from __future__ import annotations

from typing import Callable, Sequence

from judge.report.common import Report
from judge.report.csv_report import render_csv
from judge.report.exercism import render_exercism
from judge.report.gradescope import render_gradescope
from judge.report.jsonl import render_jsonl
from judge.report.junit import render_junit
from judge.report.markdown import render_markdown
from judge.report.prairielearn import render_prairielearn

MANY: dict[str, Callable[[Sequence[Report]], str]] = {
    "markdown": render_markdown,
    "jsonl": render_jsonl,
    "csv": render_csv,
    "junit": render_junit,
}
ONE: dict[str, Callable[[Report], str]] = {
    "junit": lambda report: render_junit([report]),
    "gradescope": render_gradescope,
    "exercism": render_exercism,
    "prairielearn": render_prairielearn,
    "markdown": lambda report: render_markdown([report]),
}
