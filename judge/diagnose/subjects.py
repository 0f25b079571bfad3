"""Ways to call a subject for probing: a submission through its runner, or a trusted
implementation in the judge's process (for `judge validate`)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from judge.base.cache import Observation
from judge.problem.model import Problem
from judge.runner.client import OutcomeKind
from judge.runner.session import Session

# Probe outputs are capped like case outputs; a probe knows no output shape, so allow
# up to 16 float64 values per input element before calling a reply an attack.
_OUTPUT_ELEMENTS_PER_INPUT = 16


def runner_call(session: Session) -> Callable[..., Observation]:
    def call(*args: Any) -> Observation:
        elements = sum(a.size for a in args if isinstance(a, np.ndarray)) or 1
        outcome = session.call(list(args), elements * _OUTPUT_ELEMENTS_PER_INPUT * 8)
        if outcome.kind == OutcomeKind.OK:
            return Observation(outcome.array)
        return Observation(None, outcome.header.get("exception") or outcome.kind)

    return call


def in_process_call(problem: Problem, function: Callable[..., Any]) -> Callable[..., Observation]:
    """Call a trusted implementation eagerly; exceptions become observations."""
    import jax.numpy as jnp

    def call(*args: Any) -> Observation:
        values = [jnp.asarray(a) if isinstance(a, np.ndarray) and problem.array_module == "jax" else a for a in args]
        try:
            return Observation(np.asarray(function(*values)))
        except Exception as exc:  # noqa: BLE001 - a mutant crashing is an observation
            return Observation(None, type(exc).__name__)

    return call


def same_observation(a: Observation, b: Observation, rtol: float, atol: float) -> bool:
    """Did two subjects behave the same: the same error, or arrays equal within tolerance?"""
    if a.array is None or b.array is None:
        return a.array is None and b.array is None and a.error == b.error
    if a.array.shape != b.array.shape:
        return False
    return bool(np.allclose(a.array.astype(np.float64), b.array.astype(np.float64), rtol=rtol, atol=atol,
                            equal_nan=True))
