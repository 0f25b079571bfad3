"""Reproducible input arrays described by a shape and a fill.

A case never stores raw random numbers: it stores `{shape, fill, ...params}` and
`materialise` rebuilds the exact same float32 array on any machine (NumPy's PCG64
`default_rng` streams are stable). Both the reference and the submission receive
the bytes the judge built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np


@dataclass(frozen=True)
class ArraySpec:
    """An array input: its shape, fill name and fill parameters."""

    shape: tuple[int, ...]
    fill: str
    params: tuple[tuple[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"shape": list(self.shape), "fill": self.fill, **dict(self.params)}

    def describe(self) -> str:
        extras = ", ".join(f"{k}={v}" for k, v in self.params if k != "values")
        return f"{self.fill}{tuple(self.shape)}" + (f" [{extras}]" if extras else "")


def _normal(shape, seed, loc=0.0, scale=1.0, spread=0.0):
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(shape) * scale + np.asarray(loc, dtype=np.float64)
    if spread:
        # Offsets along the last axis give every channel its own clearly different mean.
        values = values + rng.uniform(-spread, spread, size=shape[-1])
    return values


def _uniform(shape, seed, low=-1.0, high=1.0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def _arange(shape, start=0.0, step=1.0):
    return start + step * np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)


def _literal(shape, values):
    return np.asarray(values, dtype=np.float64).reshape(shape)


@dataclass(frozen=True)
class Fill:
    """A fill: the function and its parameters (name -> 'int' | 'number' | 'numbers' | 'values')."""

    function: Callable[..., np.ndarray]
    params: dict[str, str]
    required: frozenset[str] = frozenset()


FILLS: dict[str, Fill] = {
    "zeros": Fill(lambda shape: np.zeros(shape), {}),
    "ones": Fill(lambda shape: np.ones(shape), {}),
    "full": Fill(lambda shape, value: np.full(shape, value, dtype=np.float64), {"value": "number"},
                 frozenset({"value"})),
    "arange": Fill(_arange, {"start": "number", "step": "number"}),
    "normal": Fill(
        _normal,
        {"seed": "int", "loc": "numbers", "scale": "number", "spread": "number"},
        frozenset({"seed"}),
    ),
    "uniform": Fill(_uniform, {"seed": "int", "low": "number", "high": "number"}, frozenset({"seed"})),
    "literal": Fill(_literal, {"values": "values"}, frozenset({"values"})),
}


def materialise(spec: ArraySpec, dtype: str) -> np.ndarray:
    """Build the array described by `spec`, C-contiguous, in `dtype`."""
    values = FILLS[spec.fill].function(spec.shape, **dict(spec.params))
    return np.ascontiguousarray(np.broadcast_to(values, spec.shape), dtype=np.dtype(dtype))
