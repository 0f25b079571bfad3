"""Known-wrong implementations: what each returns on the compare cases, cached on disk."""

from __future__ import annotations

from judge import cache
from judge.cache import Observation
from judge.cases.model import Case, materialise_args
from judge.diagnose.subjects import in_process_call
from judge.implementation import load_function
from judge.reference import configure_jax
from judge.spec.diagnosis import Mutant
from judge.spec.problem import Problem


def observe(problem: Problem, path, cases: list[Case]) -> dict[str, Observation]:
    """Run the implementation at `path` eagerly on `cases` (from the cache when possible).

    Eager on purpose: JAX then compiles each primitive once per shape, and mutants share
    nearly all their primitives with the reference, so after the first implementation the
    rest cost milliseconds per case instead of a compile each.
    """
    key = cache.cache_key(path.read_bytes(), problem.entry_point, problem.array_module,
                          *(c.as_yaml_flow() for c in cases), repr(sorted(problem.array_dtypes.items())))
    stored = cache.load("observations", key)
    if stored is not None and all(c.id in stored for c in cases):
        return stored
    configure_jax()
    call = in_process_call(problem, load_function(path, problem.entry_point))
    observations = {case.id: call(*materialise_args(case, problem.array_dtypes)) for case in cases}
    cache.store("observations", key, observations)
    return observations


def compare_cases(problem: Problem) -> list[Case]:
    wanted = set(problem.diagnosis.compare_cases)
    return [case for case in problem.cases if case.id in wanted]


def mutant_observations(problem: Problem, mutant: Mutant) -> dict[str, Observation]:
    return observe(problem, mutant.path, compare_cases(problem))
