"""Known-wrong implementations: what each returns on the compare cases, cached on disk."""

from __future__ import annotations

from judge.base import cache
from judge.base.cache import Observation
from judge.cases.reference import configure_jax
from judge.diagnose.subjects import in_process_call
from judge.problem.case import Case, materialise_args
from judge.problem.implementation import load_function
from judge.problem.model import Mutant, Problem


def observe(problem: Problem, path, cases: list[Case]) -> dict[str, Observation]:
    """Run the implementation at `path` eagerly on `cases`, reusing cached observations.

    Eager on purpose: JAX then compiles each primitive once per shape, and mutants share
    nearly all their primitives with the reference, so after the first implementation the
    rest cost milliseconds per case instead of a compile each. The cache holds one entry
    per implementation, indexed by each case's inputs, so another case list reuses it.
    """
    key = cache.cache_key(path.read_bytes(), problem.entry_point, problem.array_module,
                          repr(sorted(problem.array_dtypes.items())))
    stored = cache.load("observations", key) or {}
    by_inputs = {case.id: case.as_yaml_flow() for case in cases}
    missing = [case for case in cases if by_inputs[case.id] not in stored]
    if missing:
        configure_jax()
        call = in_process_call(problem, load_function(path, problem.entry_point))
        for case in missing:
            stored[by_inputs[case.id]] = call(*materialise_args(case, problem.array_dtypes))
        cache.store("observations", key, stored)
    return {case.id: stored[by_inputs[case.id]] for case in cases}


def compare_cases(problem: Problem) -> list[Case]:
    wanted = set(problem.diagnosis.compare_cases)
    return [case for case in problem.cases if case.id in wanted]


def mutant_observations(problem: Problem, mutant: Mutant) -> dict[str, Observation]:
    return observe(problem, mutant.path, compare_cases(problem))
