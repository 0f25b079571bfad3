"""Expected outputs: the reference's answer for each case, computed once and cached.

The reference runs on a worker thread of the judge while the runner works, so the two
share the machine's cores. Answers are cached on disk (`judge.cache`) per reference
source and versions, indexed by case inputs: the fixed cases and the default seed's
generated cases are computed by the first grade on a machine, and later grades need
not even import JAX for them.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from judge import cache
from judge.cases.model import Case, dims_of, materialise_args
from judge.errors import JudgeError
from judge.reference import Reference
from judge.spec.problem import Problem


class ExpectedOutputs:
    """Reference outputs by case, from the cache or computed in order on `pool`."""

    def __init__(self, problem: Problem, pool: ThreadPoolExecutor, cases: list[Case]):
        self._problem = problem
        self._pool = pool
        self._reference: Reference | None = None
        self._key = cache.cache_key(problem.reference.read_bytes(), "reference", problem.entry_point,
                                    problem.array_module, repr(sorted(problem.array_dtypes.items())))
        self._stored = cache.load("reference", self._key) or {}
        self._computed = 0
        self._futures: dict[str, Future[np.ndarray]] = {
            case.id: pool.submit(self._compute, case) for case in cases if case.as_yaml_flow() not in self._stored
        }

    def _compute(self, case: Case) -> np.ndarray:
        if self._reference is None:  # only this worker thread creates it: imports JAX when first needed
            self._reference = Reference(self._problem)
        output = self._reference(materialise_args(case, self._problem.array_dtypes))
        self._check_shape(case, output)
        self._stored[case.as_yaml_flow()] = cache.Observation(output)
        self._computed += 1
        return output

    def _check_shape(self, case: Case, output: np.ndarray) -> None:
        wanted = self._problem.output.shape_for(dims_of(case, self._problem.array_dims))
        if output.shape != wanted:
            raise JudgeError(f"{self._problem.reference}: returned shape {output.shape} for case {case.id}, "
                             f"but problem.yaml's output.shape says {wanted}; fix one of them")

    def get(self, case: Case) -> np.ndarray:
        stored = self._stored.get(case.as_yaml_flow())
        if stored is not None:
            # The cache is keyed by the reference, not by problem.yaml: check an edited output.shape too.
            self._check_shape(case, stored.array)
            return stored.array
        # Cases met while shrinking were not planned ahead: compute them now.
        future = self._futures.get(case.id) or self._pool.submit(self._compute, case)
        try:
            return future.result()
        except JudgeError:
            raise
        except Exception as exc:  # noqa: BLE001 - the reference failing is the judge's problem
            raise JudgeError(f"{self._problem.reference}: the reference failed on case {case.id} "
                             f"({type(exc).__name__}: {exc}); fix the reference or the case") from None

    def save(self) -> None:
        """Keep what this grade computed for the next one."""
        if self._computed:
            cache.store("reference", self._key, dict(self._stored))
