"""Deciding which known mistakes a failing submission made, and the credit it keeps.

Credit comes only from evidence that holds on the graded outputs themselves:
- outputs equal to a known-wrong implementation's on the compare cases;
- a conclusive probe finding, or positive evidence that the block is the kata's
  architecture with other weights (`when_only_values_differ`), from a probe run in which
  every call returned, and only when every failed case's output passes the probe
  module's `check_graded`, and, before "only the weights differ", its
  `check_consistent` agrees (a submission cannot act one way on graded cases and
  another on the probes' inputs).
Anything else is a possible mistake: named, explained, worth nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judge.base.cache import Observation
from judge.base.results import CaseResult, Diagnosis, PartialCredit, Status
from judge.diagnose.api import Call
from judge.diagnose.mutants import mutant_observations
from judge.diagnose.probes import ProbeRun, consistency_checker, graded_checker, probe_rng, run_probes
from judge.diagnose.subjects import same_observation
from judge.problem.model import Problem

# Mutants run eagerly and submissions may be jitted: allow a little more than the
# grading tolerance when asking "is this the same computation?".
MATCH_TOLERANCE_FACTOR = 10


@dataclass(frozen=True)
class GradedOutput:
    """What the submission returned on one failed case, with the arguments it was called with."""

    args: tuple
    array: np.ndarray


def diagnose(problem: Problem, results: list[CaseResult], observed: dict[str, Observation],
             call: Call | None, seed: int = 0,
             graded: dict[str, GradedOutput] | None = None) -> tuple[Diagnosis, ...]:
    """Diagnoses for a submission that did not pass everything; none for one that did."""
    return examine(problem, results, observed, call, seed, graded)[0]


def examine(problem: Problem, results: list[CaseResult], observed: dict[str, Observation],
            call: Call | None, seed: int = 0,
            graded: dict[str, GradedOutput] | None = None) -> tuple[tuple[Diagnosis, ...], ProbeRun | None]:
    """The diagnoses, and the probe run they rest on (None when the probes did not run).

    `observed` holds the submission's outcome on the compare cases; `call` runs it on
    probe inputs (None when its runner is no longer usable); `seed` is the grade's, from
    which the probe inputs are drawn; `graded` holds its outputs on the failed cases.
    """
    spec = problem.diagnosis
    if spec is None or all(r.status is Status.PASSED for r in results):
        return (), None
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
    if spec.probes is None or call is None:
        return _as_diagnoses(problem, evidence, seen, identified), None
    run = run_probes(spec.probes, call, set(spec.catalog), seed)
    trusted = run.complete and _graded_hold(problem, results, graded) is None
    for finding in run.findings:
        add(finding.diagnosis, [finding.evidence()], finding.observed, exact=finding.conclusive and trusted)
    not_passed = [r for r in results if r.status is not Status.PASSED]
    fallback = spec.when_only_values_differ
    if (not evidence and fallback and trusted and run.holds and all(r.status is Status.FAILED for r in not_passed)
            and _graded_consistent(problem, not_passed, graded, call, seed) is None):
        add(fallback, [r.id for r in not_passed[:3]], _graded_sentence(not_passed), exact=True)
        for holds in run.holds:
            add(fallback, [f"probe:{holds.probe}"], holds.observed)
    return _as_diagnoses(problem, evidence, seen, identified), run


def _graded_hold(problem: Problem, results: list[CaseResult], graded: dict[str, GradedOutput] | None) -> str | None:
    """None when every failed case's output passes the probe module's check_graded, else why not."""
    check = graded_checker(problem.diagnosis.probes)
    failed = [r.id for r in results if r.status is Status.FAILED]
    if check is None or graded is None:
        return "no check of the graded outputs"
    for case_id in failed:
        if case_id not in graded:
            return f"case {case_id}: its output was not kept"
        why = check(graded[case_id].args, graded[case_id].array)
        if why is not None:
            return f"case {case_id}: {why}"
    return None


# Failed cases re-run by the probe module's `check_consistent` before "only the weights differ".
CONSISTENCY_CASES = 2


def _graded_consistent(problem: Problem, not_passed: list[CaseResult], graded: dict[str, GradedOutput] | None,
                       call: Call, seed: int) -> str | None:
    """None when the function the probes vouched for also gave the graded outputs, else why not.

    A file that recognises the graded inputs by content could answer them with anything that
    passes `check_graded` (x times tiny gates) and be a real block on the probes' inputs.
    """
    check = consistency_checker(problem.diagnosis.probes)
    if check is None:
        return None
    rng = probe_rng(seed + 1)  # not the probes' own draws
    visible = [r for r in not_passed if r.visibility == "visible"]  # never hand a hidden input back to it
    for result in visible[:CONSISTENCY_CASES]:
        output = (graded or {}).get(result.id)
        if output is None:
            return f"case {result.id}: its output was not kept"
        why = check(call, output.args, output.array, rng)
        if why is not None:
            return f"case {result.id}: {why}"
    return None


def _graded_sentence(not_passed: list[CaseResult]) -> str:
    return (f"on every one of the {len(not_passed)} failed cases the output has the block's shape of function; "
            "on the probes' inputs it behaves like the kata's architecture, yet its values differ from the reference's")


def _as_diagnoses(problem: Problem, evidence: dict[str, list[str]], seen: dict[str, list[str]],
                  identified: set[str]) -> tuple[Diagnosis, ...]:
    catalog = problem.diagnosis.catalog
    return tuple(
        Diagnosis(id=mistake, message=catalog[mistake].message, evidence=tuple(evidence[mistake]),
                  observed=tuple(seen[mistake]), hint=catalog[mistake].hint,
                  more_hints=len(catalog[mistake].hints) - 1, identified=mistake in identified)
        for mistake in evidence
    )


def partial_credit(problem: Problem, score: float, max_score: float,
                   diagnoses: tuple[Diagnosis, ...]) -> PartialCredit | None:
    """The floor a diagnosed submission's score is raised to, if above what its cases earned.

    With several mistakes the smallest credit applies: the worst mistake sets the floor.
    There is no floor unless at least one mistake is identified (see `Diagnosis.identified`):
    suspicions raised by probes alone explain a failure but earn nothing, and a submission
    with no identified mistake keeps exactly its case points.
    """
    if not any(d.identified for d in diagnoses) or problem.diagnosis is None:
        return None
    worst = min(diagnoses, key=lambda d: problem.diagnosis.catalog[d.id].credit)
    credit = problem.diagnosis.catalog[worst.id].credit
    floor = round(credit * max_score, 2)
    if floor <= score:
        return None
    return PartialCredit(case_score=score, score=floor, diagnosis=worst.id, fraction=credit)
