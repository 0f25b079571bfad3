"""Running a problem's trusted reference implementation in the judge's own process.

The reference is the single source of truth for expected outputs. It runs on the
CPU with float32 matmul precision, exactly like the runner, and under `jax.jit`
with the problem's static inputs marked static, so each distinct shape compiles once.

`float64` runs the same function on the same inputs widened to float64, to measure
how far the float32 answer is from a more exact one (README.md, "Grading"). JAX's
64-bit mode is switched on only for that call and only in the calling thread
(`jax.enable_x64` is thread-local), so nothing else in the judge sees it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, Callable

import numpy as np

from judge.problem.case import Case, materialise_args
from judge.problem.implementation import load_function
from judge.problem.model import IntInput, Problem


def configure_jax() -> None:
    """Pin JAX to the CPU and to true float32 matmuls; call before the first computation."""
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import jax

    jax.config.update("jax_platforms", "cpu")
    jax.config.update("jax_default_matmul_precision", "float32")


class Reference:
    """The problem's reference entry point, loaded once and called per case."""

    def __init__(self, problem: Problem):
        configure_jax()
        import jax

        self._problem = problem
        function = load_function(problem.reference, problem.entry_point)
        static = [i.name for i in problem.inputs if isinstance(i, IntInput) and i.static]
        self._compiled = jax.jit(function, static_argnames=static) if static else jax.jit(function)
        self._eager = function

    def __call__(self, args: list[Any]) -> np.ndarray:
        return self._run(args)

    def float64(self, args: list[Any]) -> np.ndarray:
        """The reference's answer with every float array input and every computation in float64.

        Parameters the reference initialises keep their declared dtype (Flax: float32, the same
        values), so only the rounding of the computation changes.
        """
        import jax

        widened = [v.astype(np.float64) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v for v in args]
        with jax.enable_x64(True):
            return self._run(widened)

    def _run(self, args: list[Any]) -> np.ndarray:
        import jax.numpy as jnp

        names = self._problem.arg_names
        values = [jnp.asarray(v) if isinstance(v, np.ndarray) and self._problem.array_module == "jax" else v
                  for v in args]
        kwargs = dict(zip(names, values))
        try:
            result = self._compiled(**kwargs)
        except Exception:  # noqa: BLE001 - a reference that does not trace still runs eagerly
            result = self._eager(*values)
        return np.asarray(result)


_shared: dict[tuple, Reference] = {}
_shared_lock = threading.Lock()


def shared_reference(problem: Problem) -> Reference:
    """The problem's reference, loaded once per process and source.

    Every Reference has a jit of its own, and a new signature costs ~0.8 s of CPU to compile
    in each precision: one shared instance lets the programs compiled while drawing a grade's
    cases serve its expected outputs, its tolerances and `judge validate` as well.
    """
    key = (str(problem.reference.resolve()), hashlib.sha256(problem.reference.read_bytes()).hexdigest(),
           problem.entry_point, problem.array_module, tuple(problem.arg_names),
           tuple(i.name for i in problem.inputs if isinstance(i, IntInput) and i.static))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Reference(problem)
        return _shared[key]


def compile_ahead(problem: Problem, reference: Reference, cases: list[Case], measures_error: bool,
                  step: Callable[[int, int, str], None] | None = None) -> None:
    """Compile `reference` for each case's signature (and in float64 if `measures_error`), on every core.

    A first draw calls the reference on ~170 candidates, one at a time, and each new signature
    compiles where it first appears, one after the other. XLA compiles outside the GIL, so
    compiling them side by side here first uses the machine's other cores; the draw then finds
    every program ready. A case the reference cannot run is left for the real call to report.
    """
    def run(case: Case) -> None:
        args = materialise_args(case, problem.array_dtypes)
        reference(args)
        if measures_error:
            reference.float64(args)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="reference-compile") as pool:
        futures = {pool.submit(run, case): _label(problem, case) for case in cases}
        if step:
            step(0, len(cases), "compiling the reference")
        for done, future in enumerate(as_completed(futures), 1):
            try:
                future.result()
            except Exception:  # noqa: BLE001 - the draw or the grade calls it again and says what failed
                pass
            if step:
                step(done, len(cases), futures[future])


def _label(problem: Problem, case: Case) -> str:
    """What decides the program: array shapes and static ints (a traced seed does not)."""
    static = {i.name for i in problem.inputs if isinstance(i, IntInput) and i.static}
    return ", ".join(f"{name} {value.shape}" if hasattr(value, "shape") else f"{name} {value}"
                     for name, value in case.args if hasattr(value, "shape") or name in static)
