"""Expected outputs: the reference's answer for each case, computed once and cached.

The reference runs on a worker thread of the judge while the runner works, so the two
share the machine's cores. Answers are cached on disk (`judge.base.cache`) per reference
source and versions, indexed by case inputs: the fixed cases and the default seed's
generated cases are computed by the first grade on a machine, and later grades need
not even import JAX for them.

With `tolerance.float64_margin` set, each answer comes with the case's tolerance: the
reference also runs in float64, and the float32 answer's largest relative error against
it widens that case's rtol (`Tolerance.widened`). The error is cached beside the answer.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from judge.base import cache
from judge.base.errors import JudgeError
from judge.cases.reference import Reference, shared_reference
from judge.problem.case import Case, dims_of, materialise_args
from judge.problem.model import Problem, Tolerance


class ExpectedOutputs:
    """Reference outputs by case, from the cache or computed in order on `pool`."""

    def __init__(self, problem: Problem, pool: ThreadPoolExecutor, cases: list[Case]):
        self._problem = problem
        self._pool = pool
        self._reference: Reference | None = None
        self._key = cache.cache_key(problem.reference.read_bytes(), "reference", problem.entry_point,
                                    problem.array_module, repr(sorted(problem.array_dtypes.items())))
        self._stored = cache.load("reference", self._key) or {}
        self._errors_key = cache.cache_key(self._key, "float32-error-against-float64")
        self._errors = (cache.load("reference", self._errors_key) or {}) if self._measures_error else {}
        self._computed = 0
        self._futures: dict[str, Future[np.ndarray]] = {
            case.id: pool.submit(self._compute, case) for case in cases if not self._has(case.as_yaml_flow())
        }

    @property
    def _measures_error(self) -> bool:
        return self._problem.tolerance.float64_margin > 0

    def _has(self, flow: str) -> bool:
        return flow in self._stored and (flow in self._errors or not self._measures_error)

    def _compute(self, case: Case) -> np.ndarray:
        if self._reference is None:  # only this worker thread creates it: imports JAX when first needed
            self._reference = shared_reference(self._problem)
        args = materialise_args(case, self._problem.array_dtypes)
        output = self._reference(args)
        self._check_shape(case, output)
        if self._measures_error:
            error = float32_error(output, self._reference.float64(args), self._problem.tolerance.atol)
            self._errors[case.as_yaml_flow()] = cache.Observation(np.array([error]))
        self._stored[case.as_yaml_flow()] = cache.Observation(output)
        self._computed += 1
        return output

    def _check_shape(self, case: Case, output: np.ndarray) -> None:
        wanted = self._problem.output.shape_for(dims_of(case, self._problem.array_dims))
        if output.shape != wanted:
            raise JudgeError(f"{self._problem.reference}: returned shape {output.shape} for case {case.id}, "
                             f"but problem.yaml's output.shape says {wanted}; fix one of them")

    def get(self, case: Case) -> np.ndarray:
        stored = self._stored.get(case.as_yaml_flow()) if self._has(case.as_yaml_flow()) else None
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

    def tolerance(self, case: Case) -> Tolerance:
        """The tolerance for this case: the problem's, widened by the reference's float32 error if asked."""
        if not self._measures_error:
            return self._problem.tolerance
        self.get(case)
        return self._problem.tolerance.widened(float(self._errors[case.as_yaml_flow()].array[0]))

    def save(self) -> None:
        """Keep what this grade computed for the next one."""
        if self._computed:
            cache.store("reference", self._key, dict(self._stored))
            if self._measures_error:
                cache.store("reference", self._errors_key, dict(self._errors))


def float32_error(output: np.ndarray, exact: np.ndarray, atol: float) -> float:
    """The largest relative error of `output` against the float64 answer `exact`.

    Each element's error is measured against |exact| + atol, so an element near zero (where
    atol governs anyway) cannot inflate it; non-finite elements are left out.
    """
    output64, exact64 = output.astype(np.float64).reshape(-1), exact.astype(np.float64).reshape(-1)
    if output64.shape != exact64.shape:
        return 0.0
    with np.errstate(invalid="ignore", over="ignore"):
        relative = np.abs(output64 - exact64) / (np.abs(exact64) + atol)
    relative = relative[np.isfinite(relative)]
    return float(relative.max()) if relative.size else 0.0
