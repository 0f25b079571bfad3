"""Grading one submission: cases -> runner calls -> comparison -> score.

The reference computes expected outputs on a worker thread of the judge process
while the runner (another process) computes the submission's, so the two share
the machine's cores. Comparison and scoring happen only here, in the judge.
"""

from __future__ import annotations

import dataclasses
import math
import shlex
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from judge import __version__
from judge.base.cache import Observation
from judge.base.results import CaseResult, GradeResult, MinimalFailure, Status
from judge.base.speedups import SpeedUps
from judge.base.terminal import PreparationNotes
from judge.base.untrusted import CAPTURED_OUTPUT_CHARS, MESSAGE_CHARS, clean
from judge.base.versions import environment_versions
from judge.cases.discrimination import draw_graded_cases
from judge.cases.expected import ExpectedOutputs
from judge.compare import Layout, compare
from judge.diagnose.engine import GradedOutput, diagnose, partial_credit
from judge.diagnose.subjects import runner_call
from judge.problem.case import Case, dims_of, materialise_args
from judge.problem.model import Problem
from judge.runner.client import OutcomeKind
from judge.runner.confinement import choose
from judge.runner.messages import call_error_message, load_error_message
from judge.runner.session import Session
from judge.sandbox.levels import Sandbox
from judge.scoring.points import case_points, total
from judge.submission.notebook import as_notebook_result, python_view
from judge.submission.source import check_source

# Shrinking re-runs the submission on ever smaller inputs; a minute is plenty with a
# shape palette (no new compiles) and bounds a slow submission.
SHRINK_BUDGET_S = 60.0
# All a learner learns of a hidden case that did not pass.
HIDDEN_FAILURE = "not passed (hidden case: what happened is not shown)"


# Prepares the compilation cache the grade's runners read, given the problem, the sandbox
# and a way to tell the user; the directory, or None. Speed only: passed in by the caller
# (judge/prepare/compile_cache.py:runner_cache_for), since preparing runs trusted code in
# runners of its own and sits above grading.
PrepareRunners = Callable[[Problem, Sandbox, Callable[[str], None]], Path | None]


@dataclass(frozen=True)
class GradeRequest:
    problem: Problem
    submission: Path
    seed: int = 0
    examples: int | None = None  # generated cases; None: the problem's default
    only: tuple[Case, ...] | None = None  # grade just these cases (a replay)
    shrink: bool = True
    sandbox: Sandbox | None = None  # how runners are confined; None: runner.confinement.choose("auto")
    say: Callable[[str], None] | None = None  # one-line notes for the user; None: on stderr
    # Staff see what the hidden cases did (inputs, messages, output); learners see pass or fail only.
    staff: bool = False
    prepare_runners: PrepareRunners | None = None  # None: runners get no compilation cache


def grade(request: GradeRequest) -> GradeResult:
    """Grade the submission; submission faults become verdicts, judge faults raise JudgeError.

    A notebook is graded as the Python file of its code cells (judge/submission/notebook.py).

    Hidden cases run last, in a runner of their own, after shrinking and diagnosis: nothing a
    hidden call does (what it prints, what it keeps in memory) can reach a later visible call,
    and no verdict shown to a learner depends on more than whether a hidden case passed.
    Unless `request.staff`, the result is the learner's view (`hidden_view`).
    """
    with python_view(request.submission) as view:
        if view.path == request.submission and view.unreadable is None:
            return _grade_file(request)
        result = _grade_file(dataclasses.replace(request, submission=view.path), view.unreadable)
    return as_notebook_result(result, request.submission, view)


def _grade_file(request: GradeRequest, refusal: str | None = None) -> GradeResult:
    started = time.monotonic()
    problem = request.problem
    examples = problem.generated.examples if request.examples is None else request.examples
    # First, since a missing file or a folder is an error: a fresh machine's first draw takes ~30 s.
    source_problem = refusal or check_source(request.submission, problem.entry_point)
    cases = list(request.only) if request.only is not None else [
        *problem.cases, *draw_graded_cases(problem, request.seed, examples, request.say or _note_on_stderr)
    ]
    worth = case_points(cases, problem.scoring)
    base = dict(problem=problem.id, submission=str(request.submission), seed=request.seed,
                examples=sum(c.kind == "generated" for c in cases))
    if source_problem:  # it may quote the file's own line or the target of a link: clean it
        return _not_loaded(base, cases, worth, clean(source_problem, MESSAGE_CHARS, one_line=True), "", started)
    sandbox = request.sandbox or choose("auto")
    visible = [c for c in cases if not c.hidden]
    hidden = [c for c in cases if c.hidden]
    hidden_seconds = 0.0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        expected = ExpectedOutputs(problem, pool, cases)
        prepare = request.prepare_runners
        prepared = prepare(problem, sandbox, request.say or _note_on_stderr) if prepare else None
        speedups = SpeedUps.from_environment().with_compile_cache(prepared)

        def new_session() -> Session:
            return Session(problem, request.submission, started + problem.limits.grade_seconds, sandbox, speedups)

        session = new_session()
        # The hidden cases' runner imports jax and the submission (~1 s of CPU) on the other
        # core while the visible cases run, instead of after them.
        hidden_session = new_session() if hidden else None
        try:
            opened = session.open()
            if opened.kind != OutcomeKind.OK:
                return _not_loaded(base, cases, worth, load_error_message(opened, problem),
                                   clean(opened.output, CAPTURED_OUTPUT_CHARS), started, session.isolation)
            if hidden_session:
                hidden_session.launch()
            grader = _CaseGrader(problem, session, expected)
            graded = {case.id: grader.grade(case, worth[case.id]) for case in visible}
            minimal = None
            results = list(graded.values())
            if request.shrink and request.only is None and _shrinkable(results, session):
                minimal = _shrink(problem, request, grader, examples)
            diagnoses = () if request.only is not None else diagnose(
                problem, results, grader.observed, runner_call(session) if session.gave_up is None else None,
                seed=request.seed, graded=grader.failed_outputs)
        except BaseException:
            if hidden_session:
                hidden_session.close()
            raise
        finally:
            session.close()
        if hidden and session.gave_up:  # it hangs or crashes on every input: not worth another runner
            hidden_session.close()
            graded.update({c.id: _not_run(c, worth[c.id], session.gave_up) for c in hidden})
        elif hidden:
            hidden_started = time.monotonic()
            graded.update(_grade_hidden(problem, hidden_session, expected, hidden, worth))
            hidden_seconds = time.monotonic() - hidden_started
        expected.save()
    results = [graded[case.id] for case in cases]
    passed = all(r.status is Status.PASSED for r in results)
    score, max_score = total([r.points for r in results]), total(list(worth.values()))
    credit = partial_credit(problem, score, max_score, diagnoses)
    result = GradeResult(
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
    return result if request.staff else hidden_view(result, hidden_seconds)


def _grade_hidden(problem: Problem, session: Session, expected: ExpectedOutputs, cases: list[Case],
                  worth: dict[str, float]) -> dict[str, CaseResult]:
    """The hidden cases, in a fresh runner; a runner that does not start fails them all."""
    try:
        opened = session.open()
        if opened.kind != OutcomeKind.OK:
            message = ("not run: a fresh runner for the hidden cases did not start: "
                       + load_error_message(opened, problem))
            return {c.id: _not_run(c, worth[c.id], message, clean(opened.output, CAPTURED_OUTPUT_CHARS)) for c in cases}
        grader = _CaseGrader(problem, session, expected)
        return {c.id: grader.grade(c, worth[c.id]) for c in cases}
    finally:
        session.close()


def _not_run(case: Case, points: float, reason: str, output: str = "") -> CaseResult:
    return CaseResult(id=case.id, kind=case.kind, status=Status.ERROR, message=reason, points=0.0, max_points=points,
                      inputs=case.describe(), output=output, visibility="hidden" if case.hidden else "visible")


class _CaseGrader:
    def __init__(self, problem: Problem, session: Session, expected: ExpectedOutputs):
        self._problem = problem
        self.session = session
        self._expected = expected
        self._watched = set(problem.diagnosis.compare_cases) if problem.diagnosis else set()
        self.observed: dict[str, Observation] = {}  # the submission's outcome on the compare cases
        self.failed_outputs: dict[str, GradedOutput] = {}  # what it returned on cases it failed (diagnoses)

    def grade(self, case: Case, points: float, graded: bool = True) -> CaseResult:
        """One case's verdict; `graded` is False for the shrinker's extra inputs."""
        problem = self._problem
        dims = dims_of(case, problem.array_dims)
        output_size = math.prod(problem.output.shape_for(dims))
        # Any real dtype is at most 8 bytes wide; nothing larger than that is ever read.
        args = materialise_args(case, problem.array_dtypes)
        outcome = self.session.call(args, max(output_size * 8, 64))
        expected = self._expected.get(case)
        if case.kind == "fixed" and case.id in self._watched:
            self.observed[case.id] = Observation(
                outcome.array,
                None if outcome.kind == OutcomeKind.OK else outcome.header.get("exception") or outcome.kind)
        if outcome.kind == OutcomeKind.OK:
            layout = Layout(problem.output.index, problem.output.index_shape_for(dims))
            # Staff may see a hidden case's values; learners see none of them (hidden_view).
            result = compare(outcome.array, expected, self._expected.tolerance(case), layout, hidden=False)
            status = Status.PASSED if result.passed else Status.FAILED
            message, details = result.message, result.details
            if status is Status.FAILED and graded:
                self.failed_outputs[case.id] = GradedOutput(tuple(args), outcome.array)
        else:
            status = Status.TIMEOUT if outcome.kind == OutcomeKind.TIMEOUT else Status.ERROR
            message, details = call_error_message(outcome, problem)
        return CaseResult(
            id=case.id, kind=case.kind, status=status, message=message,
            points=points if status is Status.PASSED else 0.0, max_points=points,
            details=details, inputs=case.describe(), output=clean(outcome.output, CAPTURED_OUTPUT_CHARS),
            visibility="hidden" if case.hidden else "visible", call=_call_of(case, problem, dims),
        )


def _call_of(case: Case, problem: Problem, dims: dict[str, int]) -> dict | None:
    """The call as data a learner can repeat (never for a hidden case: its inputs stay secret)."""
    if case.hidden:
        return None
    return {"function": problem.entry_point, "args": case.args_dict(), "dtypes": dict(problem.array_dtypes),
            "output_shape": list(problem.output.shape_for(dims))}


# Notes on stderr, with each step of a first grade's preparation as it finishes.
_note_on_stderr = PreparationNotes("judge: note: ")


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
        result = grader.grade(case, 0.0, graded=False)
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
    replay = (f"judge grade {shlex.quote(str(request.submission))} --problem {problem.id} "
              f"--case {shlex.quote(case_json)}")
    return MinimalFailure(inputs=minimal.describe(), case_json=case_json, message=result.message, replay=replay)


def hidden_view(result: GradeResult, hidden_seconds: float = 0.0) -> GradeResult:
    """What a learner may see: each hidden case passed or failed, nothing more.

    Its inputs, message, traceback, printed output and whether it raised, crashed or timed out
    are all dropped (each could carry the case's data out), and the time the hidden runner
    took is left out of `duration_s` (a submission can sleep in proportion to an input).
    """
    cases = tuple(_hidden_case(c) if c.visibility == "hidden" else c for c in result.cases)
    return replace(result, cases=cases, duration_s=max(result.duration_s - hidden_seconds, 0.0))


def _hidden_case(case: CaseResult) -> CaseResult:
    passed = case.status is Status.PASSED
    return CaseResult(id=case.id, kind=case.kind, status=Status.PASSED if passed else Status.FAILED,
                      message="passed" if passed else HIDDEN_FAILURE, points=case.points,
                      max_points=case.max_points, inputs=None, visibility="hidden")


def _not_loaded(base: dict, cases: list[Case], worth: dict[str, float], reason: str, output: str,
                started: float, isolation: str = "none") -> GradeResult:
    """Every case errors with the same cause: the submission never ran (no hidden case did either)."""
    results = tuple(
        CaseResult(id=c.id, kind=c.kind, status=Status.ERROR, message="not run: the submission did not load",
                   points=0.0, max_points=worth[c.id], inputs=None if c.hidden else c.describe(),
                   visibility="hidden" if c.hidden else "visible")
        for c in cases
    )
    return GradeResult(
        **base, status="error", score=0.0, max_score=total(list(worth.values())), cases=results,
        versions=environment_versions(__version__), duration_s=time.monotonic() - started,
        isolation=isolation, load_error=reason, load_output=output,
    )
