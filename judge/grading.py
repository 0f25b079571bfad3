"""Grading one submission: cases -> runner calls -> comparison -> score.

The reference computes expected outputs on a worker thread of the judge process
while the runner (another process) computes the submission's, so the two share
the machine's cores. Comparison and scoring happen only here, in the judge.
"""

from __future__ import annotations

import math
import shlex
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from judge import __version__
from judge.cache import Observation
from judge.cases.model import Case, dims_of, materialise_args
from judge.compare import Layout, compare
from judge.diagnose.engine import diagnose, partial_credit
from judge.discrimination import draw_graded_cases
from judge.diagnose.subjects import runner_call
from judge.expected import ExpectedOutputs
from judge.results import CaseResult, GradeResult, MinimalFailure, Status
from judge.runner.compile_cache import runner_cache_for
from judge.runner.messages import call_error_message, load_error_message
from judge.runner.session import Session
from judge.sandbox.levels import Sandbox, choose
from judge.scoring import case_points, total
from judge.spec.problem import Problem
from judge.submission import check_source
from judge.versions import environment_versions

# Shrinking re-runs the submission on ever smaller inputs; a minute is plenty with a
# shape palette (no new compiles) and bounds a slow submission.
SHRINK_BUDGET_S = 60.0


@dataclass(frozen=True)
class GradeRequest:
    problem: Problem
    submission: Path
    seed: int = 0
    examples: int | None = None  # generated cases; None: the problem's default
    only: tuple[Case, ...] | None = None  # grade just these cases (a replay)
    shrink: bool = True
    sandbox: Sandbox | None = None  # how runners are confined; None: sandbox.levels.choose("auto")
    say: Callable[[str], None] | None = None  # one-line notes for the user; None: on stderr


def grade(request: GradeRequest) -> GradeResult:
    """Grade the submission; submission faults become verdicts, judge faults raise JudgeError."""
    started = time.monotonic()
    problem = request.problem
    examples = problem.generated.examples if request.examples is None else request.examples
    cases = list(request.only) if request.only is not None else [
        *problem.cases, *draw_graded_cases(problem, request.seed, examples)
    ]
    worth = case_points(cases, problem.scoring)
    source_problem = check_source(request.submission, problem.entry_point)
    base = dict(problem=problem.id, submission=str(request.submission), seed=request.seed,
                examples=sum(c.kind == "generated" for c in cases))
    if source_problem:
        return _not_loaded(base, cases, worth, source_problem, "", started)
    sandbox = request.sandbox or choose("auto")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        expected = ExpectedOutputs(problem, pool, cases)
        compile_cache = runner_cache_for(problem, sandbox, request.say or _note_on_stderr)
        session = Session(problem, request.submission, started + problem.limits.grade_seconds, sandbox,
                          compile_cache=compile_cache)
        try:
            opened = session.open()
            if opened.kind != "ok":
                return _not_loaded(base, cases, worth, load_error_message(opened, problem), opened.output,
                                   started, session.isolation)
            grader = _CaseGrader(problem, session, expected)
            results = [grader.grade(case, worth[case.id]) for case in cases]
            minimal = None
            if request.shrink and request.only is None and _shrinkable(results, session):
                minimal = _shrink(problem, request, grader, examples)
            diagnoses = () if request.only is not None else diagnose(
                problem, results, grader.observed, runner_call(session) if session.gave_up is None else None)
        finally:
            session.close()
        expected.save()
    passed = all(r.status is Status.PASSED for r in results)
    score, max_score = total([r.points for r in results]), total(list(worth.values()))
    credit = partial_credit(problem, score, max_score, diagnoses)
    return GradeResult(
        **base,
        status="passed" if passed else "failed",
        score=credit.score if credit else score,
        max_score=max_score,
        diagnoses=diagnoses,
        partial_credit=credit,
        cases=tuple(results),
        versions=environment_versions(__version__),
        duration_s=time.monotonic() - started,
        isolation=session.isolation,
        minimal_failure=minimal,
    )


class _CaseGrader:
    def __init__(self, problem: Problem, session: Session, expected: ExpectedOutputs):
        self._problem = problem
        self.session = session
        self._expected = expected
        self._watched = set(problem.diagnosis.compare_cases) if problem.diagnosis else set()
        self.observed: dict[str, Observation] = {}  # the submission's outcome on the compare cases

    def grade(self, case: Case, points: float) -> CaseResult:
        problem = self._problem
        dims = dims_of(case, problem.array_dims)
        output_size = math.prod(problem.output.shape_for(dims))
        # Any real dtype is at most 8 bytes wide; nothing larger than that is ever read.
        outcome = self.session.call(materialise_args(case, problem.array_dtypes), max(output_size * 8, 64))
        expected = self._expected.get(case)
        if case.kind == "fixed" and case.id in self._watched:
            self.observed[case.id] = Observation(
                outcome.array, None if outcome.kind == "ok" else outcome.header.get("exception") or outcome.kind)
        shown_inputs = None if case.hidden else case.describe()
        printed = "" if case.hidden else outcome.output
        if outcome.kind == "ok":
            layout = Layout(problem.output.index, problem.output.index_shape_for(dims))
            result = compare(outcome.array, expected, self._expected.tolerance(case), layout, case.hidden)
            status = Status.PASSED if result.passed else Status.FAILED
            message, details = result.message, result.details
        else:
            status = Status.TIMEOUT if outcome.kind == "timeout" else Status.ERROR
            message, details = call_error_message(outcome, problem)
        return CaseResult(
            id=case.id, kind=case.kind, status=status, message=message,
            points=points if status is Status.PASSED else 0.0, max_points=points,
            details=details, inputs=shown_inputs, output=printed,
        )


def _note_on_stderr(text: str) -> None:
    print(f"judge: note: {text}", file=sys.stderr, flush=True)


def _shrinkable(results: list[CaseResult], session: Session) -> bool:
    """Shrink when a generated case failed or raised, and the runner is still usable."""
    return session.gave_up is None and any(
        r.kind == "generated" and r.status in (Status.FAILED, Status.ERROR) for r in results
    )


def _shrink(problem: Problem, request: GradeRequest, grader: _CaseGrader, examples: int) -> MinimalFailure | None:
    seen: dict[tuple, CaseResult] = {}
    stop = {"now": False}

    def fails(case: Case) -> bool:
        if stop["now"]:
            return False
        result = grader.grade(case, 0.0)
        if result.status is Status.TIMEOUT or grader.session.gave_up:
            stop["now"] = True  # a slow or crashing submission is not worth shrinking further
        seen[case.args] = result
        return result.status is not Status.PASSED

    from judge.cases.generated import shrink_failure  # imports hypothesis: only a failing grade needs it

    minimal = shrink_failure(problem, request.seed, examples, fails, SHRINK_BUDGET_S)
    if minimal is None:
        return None
    result = seen[minimal.args]
    case_json = minimal.as_yaml_flow()
    replay = f"judge grade {shlex.quote(str(request.submission))} --problem {problem.id} --case {shlex.quote(case_json)}"
    return MinimalFailure(inputs=minimal.describe(), case_json=case_json, message=result.message, replay=replay)


def _not_loaded(base: dict, cases: list[Case], worth: dict[str, float], reason: str, output: str,
                started: float, isolation: str = "none") -> GradeResult:
    """Every case errors with the same cause: the submission never ran."""
    results = tuple(
        CaseResult(id=c.id, kind=c.kind, status=Status.ERROR, message="not run: the submission did not load",
                   points=0.0, max_points=worth[c.id], inputs=None if c.hidden else c.describe())
        for c in cases
    )
    return GradeResult(
        **base, status="error", score=0.0, max_score=total(list(worth.values())), cases=results,
        versions=environment_versions(__version__), duration_s=time.monotonic() - started,
        isolation=isolation, load_error=reason, load_output=output,
    )
