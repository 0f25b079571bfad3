"""Running a problem's trusted reference implementation in the judge's own process.

The reference is the single source of truth for expected outputs. It runs on the
CPU with float32 matmul precision, exactly like the runner, and under `jax.jit`
with the problem's static inputs marked static, so each distinct shape compiles once.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from judge.implementation import load_function
from judge.spec.problem import IntInput, Problem


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
        import jax.numpy as jnp

        names = self._problem.arg_names
        values = [jnp.asarray(v) if isinstance(v, np.ndarray) and self._problem.array_module == "jax" else v for v in args]
        kwargs = dict(zip(names, values))
        try:
            result = self._compiled(**kwargs)
        except Exception:  # noqa: BLE001 - a reference that does not trace still runs eagerly
            result = self._eager(*values)
        return np.asarray(result)
