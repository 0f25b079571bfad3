"""What the collected aggregates say, per problem: scores, mistakes in order, hard and easy cases.

Pure computation over a `Collector`; the renderers format these values and compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.classreport import stats
from judge.classreport.collect import CASE_KINDS, CaseTally, Collector, MistakeTally, Submission


@dataclass(frozen=True)
class ProblemScores:
    problem: str
    submissions: int  # every record of the problem
    graded: int  # all but the judge's own errors
    passed: int
    did_not_load: int  # graded "error": syntax error, missing function, ...
    not_graded: int  # the judge could not grade them
    max_score: float
    mean: float | None  # over graded submissions, in points
    median: float | None
    histogram: tuple[int, ...]  # submissions per stats.BIN_LABELS bin

    @property
    def pass_rate(self) -> float | None:
        return stats.rate(self.passed, self.graded)


@dataclass(frozen=True)
class CaseGroup:
    problem: str
    kind: str  # fixed | generated
    cases: int
    runs: int  # case verdicts counted (cases x submissions that loaded)
    failed: int

    @property
    def failure_rate(self) -> float | None:
        return stats.rate(self.failed, self.runs)


@dataclass(frozen=True)
class ProblemCases:
    problem: str
    loaded: int  # submissions whose cases ran: the denominator of every failure rate
    cases: tuple[CaseTally, ...]  # hardest first
    groups: tuple[CaseGroup, ...]
    nobody_passes: tuple[CaseTally, ...]
    everybody_passes: tuple[CaseTally, ...]


@dataclass(frozen=True)
class Unexplained:
    """A submission below full marks without an identified mistake, and why none was named."""

    submission: Submission
    reason: str


def problem_scores(collector: Collector) -> tuple[ProblemScores, ...]:
    result = []
    for problem in sorted({s.problem for s in collector.submissions}):
        rows = [s for s in collector.submissions if s.problem == problem]
        graded = [s for s in rows if not s.judge_error]
        histogram = [0] * len(stats.BIN_LABELS)
        for row in graded:
            histogram[stats.score_bin(row.score, row.max_score)] += 1
        scores = [row.score for row in graded]
        result.append(ProblemScores(
            problem=problem, submissions=len(rows), graded=len(graded),
            passed=sum(row.status == "passed" for row in graded),
            did_not_load=sum(row.status == "error" for row in graded), not_graded=len(rows) - len(graded),
            max_score=max((row.max_score for row in rows), default=0.0),
            mean=stats.mean(scores), median=stats.median(scores), histogram=tuple(histogram),
        ))
    return tuple(result)


def mistakes_by_frequency(collector: Collector) -> tuple[MistakeTally, ...]:
    """Most submissions first; identified before merely possible; then by problem and id."""
    return tuple(sorted(collector.mistakes.values(),
                        key=lambda m: (-m.count, -len(m.likely), m.problem, m.id)))


def unexplained(collector: Collector) -> tuple[Unexplained, ...]:
    """Not passed, and no mistake identified: where the catalog of mistakes should grow next."""
    found = []
    for row in collector.submissions:
        if row.status == "passed" or row.likely:
            continue
        if row.judge_error:
            reason = "not graded: the judge could not grade it"
        elif row.status == "error":
            reason = "did not load"
        elif row.possible:
            reason = "only possible mistakes: " + ", ".join(row.possible)
        else:
            reason = "no known mistake matches"
        found.append(Unexplained(row, reason))
    return tuple(found)


def problem_cases(collector: Collector) -> tuple[ProblemCases, ...]:
    result = []
    for problem in sorted({s.problem for s in collector.submissions}):
        loaded = sum(1 for s in collector.submissions if s.problem == problem and s.cases_run)
        cases = [c for c in collector.cases.values() if c.problem == problem]
        cases.sort(key=lambda c: (-c.failure_rate, c.kind != "fixed", c.id))
        groups = tuple(
            CaseGroup(problem, kind, sum(1 for c in cases if c.kind == kind),
                      sum(c.runs for c in cases if c.kind == kind), sum(c.failed for c in cases if c.kind == kind))
            for kind in CASE_KINDS if any(c.kind == kind for c in cases))
        result.append(ProblemCases(
            problem=problem, loaded=loaded, cases=tuple(cases), groups=groups,
            nobody_passes=tuple(c for c in cases if c.runs and c.failed == c.runs),
            everybody_passes=tuple(c for c in cases if c.runs and c.failed == 0),
        ))
    return tuple(result)
