"""Checking a problem's own adequacy: does its case set catch every mistake it knows?

`validate_problem` answers, for problem authors and CI:
- does the reference pass every case when graded like a submission;
- is every catalog mutant killed by the fixed cases alone, and diagnosed as tagged;
- does any diagnosis fire on the reference or on known-correct submissions;
- does any mutant other than an initialisation-only one pass the probes' architecture
  checks (it would be told `when_only_values_differ` if initialised differently);
- does any committed cheat earn partial credit, or more than CHEAT_MAX_FRACTION of the score.
- does every fixed case test something (`case_gaps`): no trivial block passes it, and
  every mutant is still killed under the tolerance each case widens to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from judge.base.cache import Observation
from judge.base.results import CaseResult, Status
from judge.cases.reference import configure_jax
from judge.diagnose.engine import GradedOutput, examine
from judge.diagnose.mutants import observe
from judge.diagnose.probes import run_probes
from judge.diagnose.subjects import in_process_call, runner_call, same_observation
from judge.prepare.compile_cache import runner_cache_for
from judge.problem.case import materialise_args
from judge.problem.implementation import load_function
from judge.problem.model import Problem
from judge.runner.client import OutcomeKind
from judge.runner.session import Session
from judge.scoring.grading import GradeRequest, grade

# A file that imitates a block without being one may keep at most this fraction of the score
# (from cases it happens to pass): anything above is credit a course could not trust.
CHEAT_MAX_FRACTION = 0.1


@dataclass(frozen=True)
class MutantRow:
    name: str
    tagged: str
    killed_by: tuple[str, ...]
    diagnosed_as: tuple[str, ...]
    confused_with: tuple[str, ...] = ()  # mutants with another tag that behave the same on compare_cases
    looks_built_right: str = ""  # the probes' positive evidence, for a mutant that is not initialisation-only

    @property
    def gaps(self) -> list[str]:
        gaps = []
        if not self.killed_by:
            gaps.append(f"mutant {self.name} is not killed by any fixed case: add a case it fails")
        if self.tagged not in self.diagnosed_as:
            seen = ", ".join(self.diagnosed_as) or "nothing"
            gaps.append(f"mutant {self.name} is diagnosed as {seen}, not as its tag {self.tagged}")
        elif set(self.diagnosed_as) != {self.tagged}:
            extra = ", ".join(d for d in self.diagnosed_as if d != self.tagged)
            gaps.append(f"mutant {self.name} also draws {extra}: a learner making only the {self.tagged} "
                        "mistake would be told about others; sharpen the probe that fires")
        if self.looks_built_right:
            gaps.append(f"mutant {self.name} passes every architecture probe ({self.looks_built_right}): initialised "
                        "differently it would be told that only its weights differ; add a probe that sees its mistake")
        if self.confused_with:
            gaps.append(f"mutant {self.name} cannot be told from {', '.join(self.confused_with)} on "
                        "diagnosis.compare_cases: add a compare case that separates them")
        return gaps


@dataclass
class Validation:
    problem: str
    reference_status: str = ""
    reference_message: str = ""
    rows: list[MutantRow] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)  # "<subject>: <diagnosis> (<observed>)"
    cheats: list[tuple[str, float, float, str]] = field(default_factory=list)  # path, score, max, credit's diagnosis
    # fixed cases that test nothing, mutants the tolerance lets through
    case_gaps: list[str] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        gaps = []
        if self.reference_status != "passed":
            gaps.append(f"the reference does not pass its own cases: {self.reference_message}")
        for row in self.rows:
            gaps += row.gaps
        gaps += [f"a diagnosis fires on a correct subject: {alarm}" for alarm in self.false_alarms]
        for path, score, max_score, credited in self.cheats:
            if credited:
                gaps.append(f"cheat {path} earns partial credit as {credited}: "
                            "that mistake's evidence must not hold for it")
            elif score > CHEAT_MAX_FRACTION * max_score:
                gaps.append(f"cheat {path} scores {score:g} / {max_score:g}, above {CHEAT_MAX_FRACTION:.0%}: "
                            "find the cases it passes without computing the block, and make them discriminate")
        return gaps + self.case_gaps


def validate_problem(problem: Problem, correct: list[Path]) -> Validation:
    validation = Validation(problem.id)
    # The author validates the problem: the whole truth about the hidden cases too.
    graded = grade(GradeRequest(problem=problem, submission=problem.reference, staff=True,
                                prepare_runners=runner_cache_for))
    validation.reference_status = graded.status
    failing = [c for c in graded.cases if c.status is not Status.PASSED]
    validation.reference_message = graded.load_error or (f"{failing[0].id}: {failing[0].message}" if failing else "")
    validation.case_gaps = case_gaps(problem)
    if problem.diagnosis is None:
        return validation
    configure_jax()
    cases = list(problem.cases)
    expected = observe(problem, problem.reference, cases)
    tol = problem.tolerance
    observed = {m.name: observe(problem, m.path, cases) for m in problem.diagnosis.mutants}
    compare = problem.diagnosis.compare_cases
    for mutant in problem.diagnosis.mutants:
        theirs = observed[mutant.name]
        killed = tuple(c.id for c in cases if not same_observation(theirs[c.id], expected[c.id], tol.rtol, tol.atol))
        results = [_as_result(c.id, theirs[c.id], c.id in killed) for c in cases]
        call = in_process_call(problem, load_function(mutant.path, problem.entry_point))
        graded = {c.id: GradedOutput(tuple(materialise_args(c, problem.array_dtypes)), theirs[c.id].array)
                  for c in cases if c.id in killed and theirs[c.id].array is not None}
        diagnosed, run = examine(problem, results, theirs, call, graded=graded) if killed else ((), None)
        init_only = mutant.diagnosis == problem.diagnosis.when_only_values_differ
        looks_right = "; ".join(h.observed for h in run.holds) if run is not None and not init_only else ""
        confused = tuple(
            other.name for other in problem.diagnosis.mutants
            if other.diagnosis != mutant.diagnosis
            and all(same_observation(theirs[c], observed[other.name][c], tol.rtol, tol.atol) for c in compare)
        )
        validation.rows.append(MutantRow(mutant.name, mutant.diagnosis, killed, tuple(d.id for d in diagnosed),
                                         confused,
                                         looks_right))
    known = set(problem.diagnosis.catalog)
    if problem.diagnosis.probes is not None:
        reference_call = in_process_call(problem, load_function(problem.reference, problem.entry_point))
        validation.false_alarms += _alarms("reference",
                                           run_probes(problem.diagnosis.probes, reference_call, known).findings)
        for path in correct:
            validation.false_alarms += _alarms(str(path), _probe_submission(problem, path, known))
    for path in problem.diagnosis.cheats:
        graded_cheat = grade(GradeRequest(problem=problem, submission=path, shrink=False,
                                          prepare_runners=runner_cache_for))
        credit = graded_cheat.partial_credit
        validation.cheats.append((str(path), graded_cheat.score, graded_cheat.max_score,
                                  credit.diagnosis if credit else ""))
    return validation


def case_gaps(problem: Problem) -> list[str]:
    """Fixed cases a trivial block passes, and mutants no fixed case kills under its own tolerance.

    The grade compares each case under the problem's tolerance widened by the reference's
    float32 error (`Tolerance.widened`); a mutant must fail at least one case at that width.
    """
    from concurrent.futures import ThreadPoolExecutor

    from judge.cases.discrimination import non_discriminating_cases
    from judge.cases.expected import ExpectedOutputs

    gaps = [f"fixed case {case_id} tests nothing: the trivial block(s) {', '.join(names)} pass it; "
            "change its seed or inputs so that the reference's output differs from theirs"
            for case_id, names in non_discriminating_cases(problem)]
    if problem.diagnosis is None or not problem.tolerance.float64_margin:
        return gaps
    cases = list(problem.cases)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        expected = ExpectedOutputs(problem, pool, cases)
        tolerances = {case.id: expected.tolerance(case) for case in cases}
        outputs = {case.id: Observation(expected.get(case)) for case in cases}
    for mutant in problem.diagnosis.mutants:
        theirs = observe(problem, mutant.path, cases)
        if all(same_observation(theirs[c.id], outputs[c.id], tolerances[c.id].rtol, tolerances[c.id].atol)
               for c in cases):
            widest = max(t.rtol for t in tolerances.values())
            gaps.append(f"mutant {mutant.name} passes every fixed case once each case's rtol is widened by its "
                        f"float32 error (up to {widest:g}): lower tolerance.float64_margin or max_rtol, or add a case")
    return gaps


def _as_result(case_id: str, observation: Observation, killed: bool) -> CaseResult:
    status = Status.PASSED if not killed else Status.FAILED if observation.array is not None else Status.ERROR
    return CaseResult(id=case_id, kind="fixed", status=status, message="", points=0.0, max_points=0.0)


def _probe_submission(problem: Problem, path: Path, known: set[str]):
    session = Session(problem, path, time.monotonic() + problem.limits.grade_seconds)
    try:
        if session.open().kind != OutcomeKind.OK:
            return []
        return run_probes(problem.diagnosis.probes, runner_call(session), known).findings
    finally:
        session.close()


def _alarms(subject: str, findings) -> list[str]:
    return [f"{subject}: {f.diagnosis} ({f.probe}: {f.observed})" for f in findings]
