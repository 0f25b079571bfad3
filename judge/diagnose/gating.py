"""Probe helpers for katas whose block scales x (H, W, C) by one gate per channel from pooled descriptors.

A probe module imports these (besides `judge.diagnose.api`) to define its optional
`check_consistent(call, args, output, rng)`: does the function the probes examined also
produce what the submission returned on a graded case? A file that recognises the graded
inputs by their content can return anything there and a real block everywhere else; the
probes would then vouch for a block the graded outputs never came from.
"""

from __future__ import annotations

import numpy as np

# A shuffle changes only the summation order of the means: float32 rounding, far below this.
SHUFFLE_RTOL = 1e-3


def shuffled_input_consistent(call, args: tuple, output: np.ndarray, rng: np.random.Generator,
                              spatial_axes: int = 2) -> str | None:
    """None when `call` on x with its spatial positions shuffled returns the graded output shuffled alike.

    Pooling over all positions of a channel ignores their order, so a block of the kata's
    architecture, whatever its weights, must; why not in a sentence otherwise. `args` are
    the graded case's (seed, x, ...), x last-axis channels.
    """
    x = np.asarray(args[1])
    if x.ndim != spatial_axes + 1 or np.asarray(output).size != x.size:
        return "the graded output does not have x's size"
    channels = x.shape[-1]
    order = rng.permutation(x.size // channels)
    shuffled = x.reshape(-1, channels)[order].reshape(x.shape)
    again = call(args[0], shuffled, *args[2:])
    if again.array is None or again.array.size != x.size:
        return f"called again on the same x with its positions shuffled it returned {again.error or 'another size'}"
    expected = np.asarray(output, dtype=np.float64).reshape(-1, channels)[order].reshape(-1)
    got = np.asarray(again.array, dtype=np.float64).reshape(-1)
    scale = max(float(np.abs(expected).max()), 1e-30)
    if not np.allclose(got, expected, rtol=SHUFFLE_RTOL, atol=SHUFFLE_RTOL * scale):
        return ("called again on the same x with its positions shuffled, it did not return its graded output "
                "shuffled alike: the graded outputs did not come from the function the probes examined")
    return None
