"""Folding records into a class's aggregates, one record at a time.

Only what the report shows survives a record: a small row per submission (for the
tables and the per-student anchors) and counters per mistake and per case. A record's
cases, inputs and printed output are dropped as soon as they are counted, so memory
grows with the number of submissions, never with the size of their records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from judge.classreport.escape import clean
from judge.report.common import is_hidden, why_not_graded

CASE_KINDS = ("fixed", "generated")
# A case id (or a diagnosis id) longer than this is not the judge's: it is cut, not trusted.
ID_CHARS = 120
# No file system has a longer path; a longer one in a log is kept only as cleaned text.
PATH_CHARS = 4096


@dataclass(frozen=True)
class Submission:
    """What the report keeps of one record."""

    path: str  # as the record gives it (the renderers escape it; the source reader needs it exact)
    problem: str
    status: str  # passed | failed | error
    score: float
    max_score: float
    likely: tuple[str, ...]  # identified diagnosis ids, in the record's order
    possible: tuple[str, ...]  # diagnosis ids found but not identified
    cases_run: int  # cases counted for this submission (0 when it did not load)
    cases_failed: int
    note: str  # why it was not graded, or its first failure; cleaned and capped
    judge_error: bool  # not graded at all: the judge could not


@dataclass
class MistakeTally:
    id: str
    problem: str
    message: str
    hint: str
    likely: list[str] = field(default_factory=list)  # paths where the mistake was identified
    possible: list[str] = field(default_factory=list)  # paths where it was only possible

    @property
    def count(self) -> int:
        return len(self.likely) + len(self.possible)


@dataclass
class CaseTally:
    problem: str
    id: str
    kind: str
    hidden: bool
    runs: int = 0
    failed: int = 0  # every verdict but passed
    by_status: Counter = field(default_factory=Counter)
    mistakes: Counter = field(default_factory=Counter)  # identified mistakes of the submissions it failed

    @property
    def failure_rate(self) -> float:
        return self.failed / self.runs if self.runs else 0.0


class Collector:
    """Add records with `add`; the collected aggregates are its attributes."""

    def __init__(self) -> None:
        self.submissions: list[Submission] = []
        self.mistakes: dict[tuple[str, str], MistakeTally] = {}  # (problem, id) -> tally
        self.cases: dict[tuple[str, str], CaseTally] = {}  # (problem, case id) -> tally
        self.settings: dict[str, dict[str, Any]] = {}  # problem -> seed, examples, versions

    def add(self, record: dict[str, Any]) -> None:
        problem = clean(record["problem"], ID_CHARS)
        path = str(record["path"])
        if len(path) > PATH_CHARS:
            path = clean(path, PATH_CHARS)
        self.settings.setdefault(problem, {"seed": record["seed"], "examples": record["examples"],
                                           "versions": dict(record.get("versions") or {})})
        likely, possible = self._add_diagnoses(record, problem, path)
        loaded = not record.get("judge_error") and not record.get("load_error")
        run = failed = 0
        first_failure = ""
        for case in record["cases"] if loaded else ():
            passed = case.get("status") == "passed"
            run += 1
            failed += not passed
            self._add_case(problem, case, passed, likely)
            if not passed and not first_failure:
                first_failure = f"{clean(case.get('id'), ID_CHARS)}: {case.get('message') or case.get('status')}"
        self.submissions.append(Submission(
            path=path, problem=problem, status=str(record["status"]), score=float(record["score"]),
            max_score=float(record["max_score"]), likely=likely, possible=possible, cases_run=run,
            cases_failed=failed, note=clean(why_not_graded(record) or first_failure),
            judge_error=bool(record.get("judge_error")),
        ))

    def _add_diagnoses(self, record: dict[str, Any], problem: str,
                       path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        likely, possible = [], []
        for diagnosis in record["diagnoses"]:
            mistake_id = clean(diagnosis.get("id"), ID_CHARS)
            tally = self.mistakes.get((problem, mistake_id))
            if tally is None:
                tally = self.mistakes[(problem, mistake_id)] = MistakeTally(
                    mistake_id, problem, clean(diagnosis.get("message", "")), clean(diagnosis.get("hint") or ""))
            # Records written before "identified" existed named only likely mistakes.
            if diagnosis.get("identified", True):
                likely.append(mistake_id)
                tally.likely.append(path)
            else:
                possible.append(mistake_id)
                tally.possible.append(path)
        return tuple(likely), tuple(possible)

    def _add_case(self, problem: str, case: dict[str, Any], passed: bool, likely: tuple[str, ...]) -> None:
        case_id = clean(case.get("id"), ID_CHARS)
        tally = self.cases.get((problem, case_id))
        if tally is None:
            kind = case.get("kind") if case.get("kind") in CASE_KINDS else "fixed"
            tally = self.cases[(problem, case_id)] = CaseTally(problem, case_id, kind, is_hidden(case))
        tally.runs += 1
        if not passed:
            tally.failed += 1
            tally.by_status[clean(case.get("status"), 20)] += 1
            tally.mistakes.update(likely)
