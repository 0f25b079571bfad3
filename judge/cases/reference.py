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

import os
from typing import Any

import numpy as np

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
        values = [jnp.asarray(v) if isinstance(v, np.ndarray) and self._problem.array_module == "jax" else v for v in args]
        kwargs = dict(zip(names, values))
        try:
            result = self._compiled(**kwargs)
        except Exception:  # noqa: BLE001 - a reference that does not trace still runs eagerly
            result = self._eager(*values)
        return np.asarray(result)
