"""Behavioural probes for the se_block kata: properties of every SE block, whatever its weights.

The judge runs `probe(call)` on a failing submission; `call(seed, x, reduction)` returns
an Observation. Each property an SE block must have is checked on inputs built here,
and a violation names the mistake that breaks it. Nothing here compares with the
reference's numbers, so a block initialised differently is probed just as well.

Inputs keep the hidden units alive: channel means of a few units in size make about
half of the ReLU units active. With every unit dead all gates would be sigmoid(0) =
0.5 and many mistakes would look right.
"""

from __future__ import annotations

import numpy as np

from judge.diagnose.api import Finding

# Shapes and reductions from the generated-case palette: the runner has compiled them.
SHAPE = (5, 3, 8)
H, W, C = SHAPE
SMALL_SHAPE = (2, 2, 8)  # same channels, another spatial size
REDUCTION, NARROW_REDUCTIONS, WIDE_REDUCTION = 2, (3, 16), 16
SEED = 3
MEANS = np.array([-3.0, 2.2, -1.4, 0.6, -0.6, 1.4, -2.2, 3.0])
NOISE = 0.4  # spread of values around each channel mean
STEP = 1e-2  # perturbation of one channel mean when measuring the bottleneck's width
# Float32 outputs carry ~1e-7 relative error; properties hold far tighter than these.
SAME = 1e-4
RANK_CUTOFF = 1e-2


def probe(call):
    base_x = _map(MEANS, seed=0)
    base = call(SEED, base_x, REDUCTION)
    if base.array is None:
        return []  # it fails on an ordinary input: no property can be probed
    findings, read = _layout(base.array)
    if read is None:
        return findings
    gates = _gates(read(base.array), base_x)
    if gates is None:
        read = _other_order(base.array, base_x)
        if read is None:
            return findings + [Finding("wrong_scale", "gates_constant_over_space",
                                       "the output divided by x is not the same at every position of a channel: "
                                       "x is not scaled by one number per channel")]
        findings.append(Finding("wrong_flatten_order", "output_order",
                                "the values are right but come out in another order: read back as (H, W, C) in row-major "
                                "order they do not line up with x"))
        gates = _gates(read(base.array), base_x)
    pooling = _pooling(call, read, base_x, gates, standard_order=not any(f.probe == "output_order" for f in findings))
    if pooling:
        # The later probes read gates as a function of the channel means; with a wrong
        # squeeze they would only echo that mistake. A crash on a narrow bottleneck still counts.
        return findings + pooling + [f for f in _clamp(call) if f.observed.startswith("raised")]
    findings += _seed(call, read, base.array, gates)
    findings += _clamp(call)
    squashing = _squashing(call, read)
    if squashing:
        return findings + squashing
    return findings + _relu(call, read) + _width(call, read)


# -- reading the output ---------------------------------------------------------------------
def _map(means, seed, shape=SHAPE):
    """A map whose channel c has mean exactly means[c] (in float64) and varies around it."""
    noise = np.random.default_rng(seed).uniform(-NOISE, NOISE, size=shape)
    noise -= noise.mean(axis=(0, 1), keepdims=True)
    return (noise + means).astype(np.float32)


def _constant(means, shape=SHAPE):
    return np.broadcast_to(np.asarray(means, dtype=np.float32), shape).copy()


def _layout(array, shape=SHAPE):
    """How to read a returned array as (H, W, C); findings about its shape or order."""
    size = int(np.prod(shape))
    if array.size != size:
        if array.size == shape[-1]:
            return [Finding("wrong_scale", "output_shape", f"returned {array.size} values for x of shape {shape}: "
                            "the gates alone, not x scaled by them")], None
        return [], None
    if array.shape != (size,):
        finding = Finding("not_flattened", "output_shape",
                          f"returned shape {tuple(array.shape)} for x of shape {shape}; the kata asks for {size} values in a row")
        return [finding], lambda a: np.asarray(a, dtype=np.float64).reshape(shape)
    return [], lambda a: np.asarray(a, dtype=np.float64).reshape(shape)


def _other_order(array, x):
    """A reader for a channel-major or column-major flattening, if one makes sense of the output."""
    readers = (
        lambda a: np.asarray(a, dtype=np.float64).reshape(C, H, W).transpose(1, 2, 0),
        lambda a: np.asarray(a, dtype=np.float64).reshape(SHAPE, order="F"),
    )
    for read in readers:
        if _gates(read(array), x) is not None:
            return read
    return None


def _gates(out, x):
    """One gate per channel if out == x * gate at every position (else None)."""
    x = x.astype(np.float64)
    ratio = out / x
    gates = np.median(ratio.reshape(-1, x.shape[-1]), axis=0)
    if not np.allclose(out, x * gates, rtol=SAME, atol=SAME):
        return None
    return gates


def _logit(gates):
    return np.log(gates) - np.log1p(-gates)


# -- the properties -----------------------------------------------------------------------------
def _seed(call, read, base_out, gates):
    findings = []
    again = call(SEED, _map(MEANS, seed=0), REDUCTION)
    if again.array is not None and not np.allclose(read(again.array), read(base_out), rtol=SAME, atol=SAME):
        findings.append(Finding("nondeterministic", "same_seed_same_output",
                                "two calls with the same seed and input returned different outputs", conclusive=True))
    other = call(SEED + 1, _map(MEANS, seed=0), REDUCTION)
    all_half = np.allclose(gates, 0.5, atol=1e-6)  # no live unit: every seed looks alike
    if other.array is not None and not all_half and np.allclose(read(other.array), read(base_out), rtol=SAME, atol=SAME):
        # Reached only with a per-channel scaling whose squeeze passed every pooling probe:
        # the block is built right and only its weights ignore the seed.
        findings.append(Finding("ignores_seed", "seed_changes_output",
                                f"seeds {SEED} and {SEED + 1} returned the same output: the weights do not come from the seed",
                                conclusive=True))
    return findings


def _pooling(call, read, base_x, gates, standard_order):
    """The squeeze must be the per-channel mean: order-free and size-free."""
    order = np.random.default_rng(1).permutation(H * W)
    shuffled = base_x.reshape(H * W, C)[order].reshape(SHAPE)
    moved = call(SEED, shuffled, REDUCTION)
    if moved.array is not None:
        expected = (base_x.reshape(H * W, C)[order].reshape(SHAPE)) * gates
        if not np.allclose(read(moved.array), expected, rtol=SAME, atol=SAME):
            return [Finding("wrong_pooling_axes", "spatial_shuffle",
                            "shuffling the spatial positions of x changed the gates; the squeeze must average "
                            "each channel over all positions, so position order cannot matter")]
    swapped_means = MEANS[::-1].copy()
    swapped_x = _map(swapped_means, seed=0)
    swapped = call(SEED, swapped_x, REDUCTION)
    if swapped.array is not None:
        swapped_gates = _gates(read(swapped.array), swapped_x)
        if swapped_gates is not None and np.allclose(swapped_gates, gates, rtol=SAME, atol=SAME):
            return [Finding("wrong_pooling_axes", "channel_means_matter",
                            "reordering the channel means (same overall mean) left every gate unchanged: "
                            "the squeeze averages the channels together instead of keeping one mean per channel")]
    same_means = _map(MEANS, seed=7)
    other = call(SEED, same_means, REDUCTION)
    if other.array is not None and not _same_gates(read(other.array), same_means, gates):
        return [Finding("wrong_pooling_op", "channel_means_only",
                        "two inputs with the same per-channel means got different gates: "
                        "the squeeze uses more than each channel's mean (a max?)")]
    if not standard_order:
        return []  # `read` knows the main shape's order only
    small_x = _map(MEANS, seed=0, shape=SMALL_SHAPE)
    small = call(SEED, small_x, REDUCTION)
    if small.array is not None and small.array.size == small_x.size:
        out = np.asarray(small.array, dtype=np.float64).reshape(SMALL_SHAPE)
        if not _same_gates(out, small_x, gates):
            return [Finding("wrong_pooling_op", "spatial_size",
                            f"x of shapes {SHAPE} and {SMALL_SHAPE} with the same channel means got different gates: "
                            "the squeeze depends on the map's size (a sum instead of a mean?)")]
    return []


def _same_gates(out, x, gates):
    return np.allclose(out, x.astype(np.float64) * gates, rtol=SAME, atol=SAME)


def _clamp(call):
    x = _map(MEANS, seed=0)
    results = [call(SEED, sign * x, WIDE_REDUCTION) for sign in (1, -1)]
    for result in results:
        if result.array is None and result.error not in ("timeout", "crash"):
            return [Finding("zero_bottleneck", "reduction_above_channels",
                            f"raised {result.error} for {C} channels with reduction {WIDE_REDUCTION}: "
                            f"{C} // {WIDE_REDUCTION} is 0 hidden units")]
    arrays = [np.asarray(r.array, dtype=np.float64).reshape(-1) for r in results if r.array is not None]
    if any(not np.isfinite(a).all() for a in arrays):
        return [Finding("zero_bottleneck", "reduction_above_channels",
                        f"returned NaN or inf for {C} channels with reduction {WIDE_REDUCTION}")]
    if len(arrays) == 2 and arrays[0].size == x.size:
        gates = [a.reshape(SHAPE) / (sign * x) for a, sign in zip(arrays, (1, -1))]
        if all(np.allclose(g, 0.5, atol=1e-6) for g in gates):
            return [Finding("zero_bottleneck", "reduction_above_channels",
                            f"with reduction {WIDE_REDUCTION} > {C} channels every gate is exactly 0.5, for x and for -x: "
                            "the hidden layer has no units")]
    return []


def _squashing(call, read):
    """Gates are a sigmoid: strictly inside (0, 1), and not forced to sum to 1."""
    # Moderate means: large logits would saturate a true sigmoid to exactly 0 or 1 in float32.
    x = _constant(1.5 * MEANS)
    result = call(SEED, x, REDUCTION)
    if result.array is None:
        return []
    gates = read(result.array)[0, 0] / x[0, 0]
    low, high = gates.min(), gates.max()
    if 1 < low < 2 and high < 2:
        return [Finding("wrong_scale", "gates_in_unit_interval",
                        f"every gate lies between 1 and 2 ({low:.3g} .. {high:.3g}): the output looks like x * gate + x")]
    if low < 0 and high <= 1 and low >= -1:
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        f"gates range over {low:.3g} .. {high:.3g}: squashed into (-1, 1), not (0, 1)")]
    if low < 0 or high > 1:
        return [Finding("missing_sigmoid", "gates_in_unit_interval",
                        f"gates range over {low:.3g} .. {high:.3g}, outside (0, 1)")]
    if abs(gates.sum() - 1) < 1e-4:
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        "the gates sum to 1 across channels: normalised together rather than squashed one by one")]
    return []


def _relu(call, read):
    """With ReLU, logit(g(m)) + logit(g(-m)) = W2 |W1 m| != 0; without it, exactly 0."""
    logits = []
    for sign in (1, -1):
        x = _constant(sign * MEANS)
        result = call(SEED, x, REDUCTION)
        if result.array is None:
            return []
        gates = read(result.array)[0, 0] / x[0, 0]
        if not ((gates > 0) & (gates < 1)).all():
            return []  # not sigmoid gates: the squashing probe has spoken
        logits.append(_logit(gates))
    scale = np.abs(logits[0]).max()
    if scale > 0.1 and np.abs(logits[0] + logits[1]).max() < 1e-3 * scale:
        return [Finding("missing_relu", "hidden_nonlinearity",
                        "the gates for channel means m and -m are exact mirror images: "
                        "nothing non-linear sits between the two Dense layers")]
    return []


def _width(call, read):
    """The gate logits vary in at most C // reduction directions of the channel means."""
    ranks = {}
    for reduction in NARROW_REDUCTIONS:
        logits = []
        for channel in range(-1, C):
            means = MEANS.copy()
            if channel >= 0:
                means[channel] += STEP
            x = _constant(means)
            result = call(SEED, x, reduction)
            if result.array is None:
                return []
            gates = read(result.array)[0, 0] / x[0, 0]
            if not ((gates > 0) & (gates < 1)).all():
                return []
            logits.append(_logit(gates))
        jacobian = (np.array(logits[1:]) - logits[0]) / STEP
        singular = np.linalg.svd(jacobian, compute_uv=False)
        ranks[reduction] = int((singular > RANK_CUTOFF * max(singular[0], 1e-12)).sum()) if singular[0] > 0 else 0
    too_wide = {r: rank for r, rank in ranks.items() if rank > max(C // r, 1)}
    if not too_wide:
        return []
    shown = ", ".join(f"reduction {r}: {rank} directions (at most {max(C // r, 1)})" for r, rank in too_wide.items())
    if max(too_wide.values()) == C:
        return [Finding("inverted_bottleneck", "bottleneck_width",
                        f"the gates respond to the channel means in as many independent directions as there are channels "
                        f"({shown}): the hidden layer is at least as wide as C")]
    return [Finding("wrong_bottleneck_width", "bottleneck_width",
                    f"the gates respond to the channel means in more independent directions than the hidden layer allows "
                    f"({shown})")]
