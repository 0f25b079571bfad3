"""A case as Python a learner can run: build its inputs with NumPy, call the function, check.

The arrays are rebuilt exactly as judge/problem/arrays.py builds them (NumPy's PCG64
streams are stable), so the learner's call sees the bytes the judge sent. The values
are compared by the judge (the expected output comes from the reference, which the
learner does not have): the code checks what it can check alone, the output's shape and
that it is finite, and names the replay command that compares the values.
"""

from __future__ import annotations

import json
from typing import Any


def test_code(call: dict[str, Any], module: str, replay: str | None = None) -> str:
    """Python that repeats `call` (a CaseResult's `call`) against `module`'s function."""
    function = call["function"]
    lines = ["import numpy as np", f"from {module} import {function}", ""]
    names = []
    for name, value in call["args"].items():
        names.append(name)
        if isinstance(value, dict):
            lines += _array_lines(name, value, call["dtypes"].get(name, "float32"))
        else:
            lines.append(f"{name} = {int(value)!r}")
    shape = tuple(call["output_shape"])
    lines += [
        f"got = np.asarray({function}({', '.join(names)}))",
        f"assert got.shape == {shape!r}, f\"shape {{got.shape}}, expected {shape!r}\"",
        "assert np.all(np.isfinite(got)), \"the output holds NaN or inf\"",
    ]
    if replay:
        lines.append(f"# the values are compared by the judge: {replay}")
    return "\n".join(lines)


def _array_lines(name: str, spec: dict[str, Any], dtype: str) -> list[str]:
    shape = tuple(spec["shape"])
    params = {k: v for k, v in spec.items() if k not in ("shape", "fill")}
    fill = spec["fill"]
    if fill in ("zeros", "ones"):
        build = [f"{name} = np.{fill}({shape!r})"]
    elif fill == "full":
        build = [f"{name} = np.full({shape!r}, {params['value']!r})"]
    elif fill == "arange":
        start, step = params.get("start", 0.0), params.get("step", 1.0)
        build = [f"{name} = {start!r} + {step!r} * np.arange({_size(shape)}, dtype=np.float64).reshape({shape!r})"]
    elif fill == "normal":
        build = [f"rng = np.random.default_rng({params['seed']!r})",
                 f"{name} = rng.standard_normal({shape!r}) * {params.get('scale', 1.0)!r} "
                 f"+ np.asarray({params.get('loc', 0.0)!r}, dtype=np.float64)"]
        if params.get("spread"):
            spread = params["spread"]
            build.append(f"{name} = {name} + rng.uniform({-spread!r}, {spread!r}, size={shape[-1]!r})")
    elif fill == "uniform":
        build = [f"{name} = np.random.default_rng({params['seed']!r}).uniform("
                 f"{params.get('low', -1.0)!r}, {params.get('high', 1.0)!r}, size={shape!r})"]
    elif fill == "literal":
        build = [f"{name} = np.asarray({json.dumps(params['values'])}, dtype=np.float64).reshape({shape!r})"]
    else:  # a fill this renderer does not know: say so rather than guess
        return [f"# {name}: fill {fill!r} with {params!r}; see the kata's cases.yaml", f"{name} = None"]
    return [*build, f"{name} = np.ascontiguousarray(np.broadcast_to({name}, {shape!r}), dtype=np.{dtype})"]


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size
