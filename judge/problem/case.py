"""What a test case is: named arguments for the entry point, plus grading metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from judge.problem.arrays import ArraySpec, materialise

CaseKind = Literal["fixed", "generated"]


@dataclass(frozen=True)
class Case:
    """One call of the entry point.

    `args` maps each input name to an int or an `ArraySpec`, in call order.
    """

    id: str
    kind: CaseKind
    args: tuple[tuple[str, Any], ...]
    weight: float = 1.0
    hidden: bool = False
    note: str = ""

    def args_dict(self) -> dict[str, Any]:
        """Arguments as plain data (ints and array descriptions), as in cases.yaml."""
        return {name: value.to_dict() if isinstance(value, ArraySpec) else value for name, value in self.args}

    def describe(self) -> str:
        """A one-line summary of the inputs, e.g. `seed=0, x=normal(4, 4, 4) [seed=1], reduction=2`."""
        parts = []
        for name, value in self.args:
            shown = value.describe() if isinstance(value, ArraySpec) else repr(value)
            parts.append(f"{name}={shown}")
        return ", ".join(parts)

    def as_yaml_flow(self) -> str:
        """The inputs as one JSON/YAML flow mapping, ready to paste into cases.yaml or `--case`."""
        return json.dumps(self.args_dict(), separators=(", ", ": "))


def materialise_args(case: Case, dtypes: dict[str, str]) -> list[Any]:
    """The concrete argument values, in call order (arrays built from their specs)."""
    values = []
    for name, value in case.args:
        values.append(materialise(value, dtypes[name]) if isinstance(value, ArraySpec) else value)
    return values


def dims_of(case: Case, array_dims: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Bind every named dimension (H, W, C, ...) to its size in this case."""
    bindings: dict[str, int] = {}
    for name, value in case.args:
        if isinstance(value, ArraySpec):
            bindings.update(zip(array_dims[name], value.shape))
        elif isinstance(value, (int, np.integer)):
            bindings[name] = int(value)
    return bindings
