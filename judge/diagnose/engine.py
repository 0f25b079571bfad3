"""Deciding which known mistakes a failing submission made, and the credit it keeps."""

from __future__ import annotations

from judge.cache import Observation
from judge.diagnose.api import Call
from judge.diagnose.mutants import mutant_observations
from judge.diagnose.probes import run_probes
from judge.diagnose.subjects import same_observation
from judge.results import CaseResult, Diagnosis, PartialCredit, Status
from judge.spec.problem import Problem

# Mutants run eagerly and submissions may be jitted: allow a little more than the
# grading tolerance when asking "is this the same computation?".
MATCH_TOLERANCE_FACTOR = 10


def diagnose(problem: Problem, results: list[CaseResult], observed: dict[str, Observation],
             call: Call | None) -> tuple[Diagnosis, ...]:
    """Diagnoses for a submission that did not pass everything; none for one that did.

    `observed` holds the submission's outcome on the compare cases; `call` runs it on
    probe inputs (None when its runner is no longer usable).
    """
    spec = problem.diagnosis
    if spec is None or all(r.status is Status.PASSED for r in results):
        return ()
    evidence: dict[str, list[str]] = {}
    seen: dict[str, list[str]] = {}
    identified: set[str] = set()

    def add(mistake: str, cases: list[str], text: str, exact: bool = False) -> None:
        if exact:
            identified.add(mistake)
        evidence.setdefault(mistake, [])
        evidence[mistake] += [c for c in cases if c not in evidence[mistake]]
        seen.setdefault(mistake, []).append(text)

    rtol = problem.tolerance.rtol * MATCH_TOLERANCE_FACTOR
    atol = problem.tolerance.atol * MATCH_TOLERANCE_FACTOR
    cases = list(spec.compare_cases)
    for mutant in spec.mutants:
        theirs = mutant_observations(problem, mutant)
        if all(c in observed and same_observation(observed[c], theirs[c], rtol, atol) for c in cases):
            add(mutant.diagnosis, cases, f"on cases {', '.join(cases)} it returns exactly what the known "
                                         f"mistake '{mutant.name}' returns", exact=True)
    if spec.probes is not None and call is not None:
        for finding in run_probes(spec.probes, call, set(spec.catalog)):
            add(finding.diagnosis, [finding.evidence()], finding.observed, exact=finding.conclusive)
    not_passed = [r for r in results if r.status is not Status.PASSED]
    if not evidence and spec.when_only_values_differ and all(r.status is Status.FAILED for r in not_passed):
        add(spec.when_only_values_differ, [r.id for r in not_passed[:3]],
            "every behavioural probe passes (the block is shaped right), yet its values differ from the reference's",
            exact=True)
    return tuple(
        Diagnosis(id=mistake, message=spec.catalog[mistake].message, evidence=tuple(evidence[mistake]),
                  observed=tuple(seen[mistake]), hint=spec.catalog[mistake].hint,
                  more_hints=len(spec.catalog[mistake].hints) - 1, identified=mistake in identified)
        for mistake in evidence
    )


def partial_credit(problem: Problem, score: float, max_score: float,
                   diagnoses: tuple[Diagnosis, ...]) -> PartialCredit | None:
    """The floor a diagnosed submission's score is raised to, if above what its cases earned.

    With several mistakes the smallest credit applies: the worst mistake sets the floor.
    There is no floor unless at least one mistake is identified (see `Diagnosis.identified`):
    suspicions raised by probes alone explain a failure but earn nothing.
    """
    if not any(d.identified for d in diagnoses) or problem.diagnosis is None:
        return None
    worst = min(diagnoses, key=lambda d: problem.diagnosis.catalog[d.id].credit)
    credit = problem.diagnosis.catalog[worst.id].credit
    floor = round(credit * max_score, 2)
    if floor <= score:
        return None
    return PartialCredit(case_score=score, score=floor, diagnosis=worst.id, fraction=credit)
