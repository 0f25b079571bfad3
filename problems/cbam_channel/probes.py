"""Behavioural probes for the cbam_channel kata: properties of every channel-attention block, whatever its weights.

The judge runs `probe(call)` on a failing submission; `call(seed, x, reduction)` returns
an Observation. Each property CBAM's channel attention must have is checked on inputs
built here, and a violation names the mistake that breaks it. Nothing here compares
with the reference's numbers, so a block initialised differently is probed just as well.

The block computes gates = sigmoid(f(mean) + f(max)) with one MLP f shared by the two
per-channel descriptors. So the gate logits L(p, q) of a map with channel means p and
channel maxima q satisfy, for any weights:
- L depends on x only through p and q (not on position order, map size, other values);
- L(p1, q1) + L(p2, q2) = L(p1, q2) + L(p2, q1)   (the branches are added);
- L(p, q) = (L(p, p) + L(q, q)) / 2                (both branches use the same f).
Which identity fails, and how, tells the merging mistakes apart (see `_merge`).

Inputs keep the hidden units alive: descriptors of mixed signs, about one unit in size,
make about half of the ReLU units active (the biases start at zero, so the size only
scales the logits, and small logits stay readable from float32 gates). With every unit
dead all gates would be sigmoid(0) = 0.5 and many mistakes would look right.
"""

from __future__ import annotations

import numpy as np

from judge.diagnose.api import Finding, Holds
from judge.diagnose.gating import shuffled_input_consistent

# Shapes and reductions from the generated-case palette: the runner has compiled them.
SHAPE = (5, 3, 8)
H, W, C = SHAPE
SMALL_SHAPE = (2, 2, 8)  # same channels, another spatial size
REDUCTION, NARROW_REDUCTIONS, WIDE_REDUCTION = 2, (3, 16), 16
SEED = 3  # redrawn per grade by _draw_inputs, like MEANS, PEAKS, MEAN_SETS and PEAK_SETS below
# Descriptors of about one unit: large enough to keep hidden units alive, small enough that
# f(mean) + f(max) stays below ~6, where float32 gates still resolve their logits.
UNIT = 0.4
MEANS = UNIT * np.array([-3.0, 2.2, -1.4, 0.6, -0.6, 1.4, -2.2, 3.0])
PEAKS = MEANS + UNIT * np.array([1.5, 3.0, 2.0, 4.0, 2.5, 1.0, 3.5, 2.0])  # every channel's max, above its mean
SQUASH = 4.0  # larger inputs for the squashing probe: a gate that leaves (0, 1) must show it
STEP = 1e-2  # perturbation of one channel mean when measuring the bottleneck's width
NUDGE = UNIT  # how far a descriptor is moved when asking whether the gates notice
# Float32 outputs carry ~1e-7 relative error; properties hold far tighter than these.
SAME = 1e-4
RANK_CUTOFF = 1e-2
NOISE_FLOOR = 1e-3  # logits read from float32 gates carry ~1e-7 error; divided by STEP, ~1e-5
IDENTITY = 1e-3  # relative slack of the logit identities above


def probe(call, rng):
    _draw_inputs(rng)
    base_x = _map(MEANS, PEAKS, seed=0)
    base = call(SEED, base_x, REDUCTION)
    for _ in range(3):  # every unit dead on the first map: other descriptors have a live one
        if base.array is None or base.array.size != base_x.size or not np.allclose(
                np.asarray(base.array, dtype=np.float64).reshape(-1) / base_x.reshape(-1), 0.5, atol=1e-6):
            break
        _draw_inputs(rng)
        base_x = _map(MEANS, PEAKS, seed=0)
        base = call(SEED, base_x, REDUCTION)
    if base.array is None:
        return []  # it fails on an ordinary input: no property can be probed
    findings, read = _layout(base.array)
    if read is None:
        return findings
    gates = _gates(read(base.array), base_x)
    if gates is None:
        pooled_axis = _gates_along_one_axis(read(base.array), base_x)
        if pooled_axis is not None:
            kept = "(w, c)" if pooled_axis == 0 else "(h, c)"
            return findings + [Finding("wrong_pooling_axes", "gates_constant_over_space",
                                       f"the output divided by x is the same along the {AXIS_NAMES[pooled_axis]} but "
                                       f"differs along the {AXIS_NAMES[1 - pooled_axis]}: "
                                       f"every {kept} gets its own gate, "
                                       f"so the pooling runs over the {AXIS_NAMES[pooled_axis]} only")]
        read = _other_order(base.array, base_x)
        if read is None:
            return findings + [Finding("wrong_scale", "gates_constant_over_space",
                                       "the output divided by x is not the same at every position of a channel: "
                                       "x is not scaled by one number per channel")]
        findings.append(Finding("wrong_flatten_order", "output_order",
                                "the values are right but come out in another order: "
                                "read back as (H, W, C) in row-major "
                                "order they do not line up with x"))
        gates = _gates(read(base.array), base_x)
    if gates is not None and not np.any(gates):
        return findings + [Finding("wrong_scale", "gates_all_zero",
                                   "every value returned is 0: x is not scaled by its gates (a sigmoid gate is never "
                                   "exactly 0, and the probes' maps keep their gates away from it)")]
    gates_of = _gate_reader(call, read)
    pooling = _pooling(call, gates_of, base_x, gates,
                       standard_order=not any(f.probe == "output_order" for f in findings))
    if pooling:
        # The later probes read gates as a function of the descriptors; with a wrong
        # pooling they would only echo that mistake. A crash on a narrow bottleneck still counts.
        return findings + pooling + [f for f in _clamp(call) if f.observed.startswith("raised")]
    findings += _seed(call, read, base.array, gates)
    findings += _clamp(call)
    squashing = _squashing(gates_of)
    if squashing:
        return findings + squashing
    merge = _merge(gates_of)
    if merge:
        return findings + merge  # the width and ReLU probes assume L(m, m) = 2 f(m)
    relu = _relu(gates_of)
    if relu or findings or any(f.probe == "output_order" for f in findings):
        return findings + relu
    try:
        return _architecture(gates_of, rng)
    except _NotGates:
        return []


# -- building inputs and reading the output -------------------------------------------------
def _draw_inputs(rng):
    """This grade's probe inputs, drawn from its seed: no submission can know them in advance.

    They are module globals because every probe below reads them; probe runs are sequential
    within a judge process, and each one starts here.
    """
    global SEED, NOISE_KEY, MEANS, PEAKS, MEAN_SETS, PEAK_SETS, _NOISE
    _NOISE = rng
    SEED = int(rng.integers(0, 2**31 - 1))
    NOISE_KEY = int(rng.integers(0, 2**32))
    MEANS = UNIT * rng.uniform(-3.0, 3.0, size=C)
    PEAKS = MEANS + UNIT * rng.uniform(1.0, 4.0, size=C)
    MEAN_SETS = (MEANS, *(UNIT * rng.uniform(-5.0, 3.0, size=(4, C))))
    PEAK_SETS = tuple(np.max(MEAN_SETS, axis=0) + UNIT * rng.uniform(0.2, 6.0, size=(5, C)))



def _map(means, peaks, seed, shape=SHAPE):
    """A map whose channel c has mean exactly means[c] and max exactly peaks[c] (in float64)."""
    noise = np.random.default_rng([NOISE_KEY, seed]).uniform(-1.0, 1.0, size=shape)
    noise -= noise.mean(axis=(0, 1), keepdims=True)
    noise /= noise.max(axis=(0, 1), keepdims=True)  # mean 0 and max 1 in every channel
    return (means + (peaks - means) * noise).astype(np.float32)


def _constant(means, shape=SHAPE):
    """Every channel constant: its mean and its max are the same number."""
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
                          f"returned shape {tuple(array.shape)} for x of shape {shape}; "
                          f"the kata asks for {size} values in a row")
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


AXIS_NAMES = ("height", "width")


def _gates_along_one_axis(out, x):
    """0 if out == x * g[w, c] (pooled over the height only), 1 if out == x * g[h, c], else None."""
    x = x.astype(np.float64)
    for axis in (0, 1):
        gates = np.median(out / x, axis=axis, keepdims=True)
        if np.allclose(out, x * gates, rtol=SAME, atol=SAME):
            return axis
    return None


def _gate_reader(call, read):
    """gates_of(x, reduction): the subject's gates on x, or None if it raised or did not scale x."""
    def gates_of(x, reduction=REDUCTION, seed=None):
        result = call(SEED if seed is None else seed, x, reduction)
        if result.array is None or result.array.size != x.size:
            return None
        if x.shape != SHAPE:  # another size is read in row-major order only
            return _gates(np.asarray(result.array, dtype=np.float64).reshape(x.shape), x)
        return _gates(read(result.array), x)

    return gates_of


def _logit(gates):
    return np.log(gates) - np.log1p(-gates)


def _sigmoid_logits(gates):
    """Logits of gates that a sigmoid could have produced (strictly inside (0, 1)), else None."""
    if gates is None or not ((gates > 0) & (gates < 1)).all():
        return None
    return _logit(gates)


def _differ(a, b):
    return a is not None and b is not None and not np.allclose(a, b, rtol=SAME, atol=SAME)


def _same(a, b):
    return a is not None and b is not None and np.allclose(a, b, rtol=SAME, atol=SAME)


# -- the properties -----------------------------------------------------------------------------
def _seed(call, read, base_out, gates):
    findings = []
    again = call(SEED, _map(MEANS, PEAKS, seed=0), REDUCTION)
    if again.array is not None and not np.allclose(read(again.array), read(base_out), rtol=SAME, atol=SAME):
        findings.append(Finding("nondeterministic", "same_seed_same_output",
                                "two calls with the same seed and input returned different outputs", conclusive=True))
    other = call(SEED + 1, _map(MEANS, PEAKS, seed=0), REDUCTION)
    all_half = np.allclose(gates, 0.5, atol=1e-6)  # no live unit: every seed looks alike
    if (other.array is not None and not all_half
            and np.allclose(read(other.array), read(base_out), rtol=SAME, atol=SAME)):
        # Reached only with a per-channel scaling whose pooling passed every probe: the block
        # is built right and only its weights ignore the seed.
        findings.append(Finding("ignores_seed", "seed_changes_output",
                                f"seeds {SEED} and {SEED + 1} returned the same output: "
                                "the weights do not come from the seed",
                                conclusive=True))
    return findings


def _pooling(call, gates_of, base_x, gates, standard_order):
    """The descriptors must be each channel's mean and max: nothing else about x may matter, and both must."""
    order = np.random.default_rng(1).permutation(H * W)
    shuffled = base_x.reshape(H * W, C)[order].reshape(SHAPE)
    if _differ(gates_of(shuffled), gates):
        return [Finding("wrong_pooling_axes", "spatial_shuffle",
                        "shuffling the spatial positions of x changed the gates; mean and max pooling over all "
                        "positions of a channel cannot depend on their order")]
    all_half = np.allclose(gates, 0.5, atol=1e-6)  # no live unit: nothing to compare
    if not all_half and _same(gates_of(_map(MEANS[::-1].copy(), PEAKS[::-1].copy(), seed=0)), gates):
        return [Finding("wrong_pooling_axes", "channel_descriptors_matter",
                        "reordering the channels' means and maxima left every gate unchanged: the pooling mixes "
                        "the channels together instead of keeping two numbers per channel")]
    if _differ(gates_of(_map(MEANS, PEAKS, seed=7)), gates):
        return [Finding("wrong_pooling_op", "descriptors_only",
                        "two inputs with the same per-channel means and maxima got different gates: "
                        "the pooling uses more than each channel's mean and max")]
    if standard_order:  # `read` knows the main shape's order only
        small_x = _map(MEANS, PEAKS, seed=0, shape=SMALL_SHAPE)
        if _differ(gates_of(small_x), gates):
            return [Finding("wrong_pooling_op", "spatial_size",
                            f"x of shapes {SHAPE} and {SMALL_SHAPE} "
                            "with the same channel means and maxima got different "
                            "gates: the pooling depends on the map's size (a sum instead of a mean?)")]
    if all_half:
        return []  # every gate 0.5 on the base map: moving a descriptor would show nothing
    return _both_descriptors(gates_of, gates)


def _both_descriptors(gates_of, gates):
    """Moving the maxima (means kept) and moving the means (maxima kept) must both change the gates."""
    top = int(np.argmax(PEAKS))
    is_top = np.arange(C) == top
    # Raise the other maxima but keep them below the top one, so the map's overall max stays put.
    others_higher = np.where(is_top, PEAKS, np.minimum(PEAKS + NUDGE, PEAKS[top] - NUDGE / 10))
    top_higher = np.where(is_top, PEAKS + NUDGE, PEAKS)
    means_lower = MEANS - NUDGE
    others_seen = _differ(gates_of(_map(MEANS, others_higher, seed=0)), gates)
    top_seen = _differ(gates_of(_map(MEANS, top_higher, seed=0)), gates)
    if not others_seen and not top_seen:
        return [Finding("missing_max_descriptor", "maxima_matter",
                        "raising every channel's maximum while keeping its mean left every gate unchanged: "
                        "the gates ignore the max-pooled descriptor")]
    if not others_seen:
        return [Finding("wrong_pooling_axes", "maxima_per_channel",
                        "only the largest value of the whole map moves the gates; raising the maxima of the other "
                        "channels does not: the max is taken over the channels too, not one per channel")]
    means_higher = MEANS + (PEAKS - MEANS) / 2  # still below the maxima
    moved = [means_lower, means_higher] + [PEAKS - UNIT * _NOISE.uniform(0.3, 4.0, size=C) for _ in range(3)]
    if not any(_differ(gates_of(_map(means, PEAKS, seed=0)), gates) for means in moved):
        return [Finding("missing_avg_descriptor", "means_matter",
                        "lowering or raising every channel's mean while keeping its maximum left every gate unchanged: "
                        "the gates ignore the average-pooled descriptor")]
    return []


def _clamp(call):
    x = _map(MEANS, PEAKS, seed=0)
    # x and -x, and constant maps at m and -m: a single live hidden unit of a true block is
    # active on at least one of each pair, so not every gate can be 0.5 unless there is no unit.
    inputs = [x, -x, _constant(MEANS), _constant(-MEANS)]
    results = [call(SEED, value, WIDE_REDUCTION) for value in inputs]
    for result in results:
        if result.array is None and result.error not in ("timeout", "crash"):
            return [Finding("zero_bottleneck", "reduction_above_channels",
                            f"raised {result.error} for {C} channels with reduction {WIDE_REDUCTION}: "
                            f"{C} // {WIDE_REDUCTION} is 0 hidden units")]
    arrays = [np.asarray(r.array, dtype=np.float64).reshape(-1) for r in results if r.array is not None]
    if any(not np.isfinite(a).all() for a in arrays):
        return [Finding("zero_bottleneck", "reduction_above_channels",
                        f"returned NaN or inf for {C} channels with reduction {WIDE_REDUCTION}")]
    if len(arrays) == len(inputs) and all(a.size == x.size for a in arrays):
        gates = [a.reshape(SHAPE) / value.astype(np.float64) for a, value in zip(arrays, inputs)]
        if all(np.allclose(g, 0.5, atol=1e-6) for g in gates):
            return [Finding("zero_bottleneck", "reduction_above_channels",
                            f"with reduction {WIDE_REDUCTION} > {C} channels every gate is exactly 0.5, for x and -x "
                            "and for constant maps m and -m: the hidden layer has no units")]
    return []


def _squashing(gates_of):
    """Gates are one sigmoid: strictly inside (0, 1), and not forced to sum to 1."""
    # Moderate values: large logits would saturate a true sigmoid to exactly 0 or 1 in float32.
    seen = [gates_of(_constant(sign * SQUASH * MEANS)) for sign in (1, -1)]
    seen = [g for g in seen if g is not None]
    if not seen:
        return []
    low, high = min(g.min() for g in seen), max(g.max() for g in seen)
    shown = f"{low:.3g} .. {high:.3g}"
    if 1 < low < 2 and high < 2:
        return [Finding("wrong_scale", "gates_in_unit_interval",
                        f"every gate lies between 1 and 2 ({shown}): the output looks like x * gate + x")]
    if 0 < low and 1 < high < 2:
        return [Finding("sigmoid_per_branch", "gates_in_unit_interval",
                        f"gates range over {shown}: inside (0, 2) but above 1, as a sum of two sigmoids is")]
    if low < 0 and high <= 1 and low >= -1:
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        f"gates range over {shown}: squashed into (-1, 1), not (0, 1)")]
    if low < 0 or high > 1:
        return [Finding("missing_sigmoid", "gates_in_unit_interval", f"gates range over {shown}, outside (0, 1)")]
    if _clipped(np.concatenate(seen)):
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        f"gates range over {shown}, and several channels sit exactly at its end: the gates are clipped "
                        "to a range", conclusive=True)]
    if any(abs(g.sum() - 1) < 1e-4 for g in seen):
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        "the gates sum to 1 across channels: normalised together rather than squashed one by one")]
    return []


# MEAN_SETS and PEAK_SETS (drawn in _draw_inputs): sets of means and sets of maxima, every
# max above every mean of its channel, with mixed signs and sizes so that hidden units switch
# on and off across the grid: while no unit switches, any MLP is linear and every way of
# merging looks additive.
NOISE_KEY = 0  # the noise patterns of the maps below; drawn per grade too
MEAN_SETS: tuple = ()
PEAK_SETS: tuple = ()


def _merge(gates_of):
    """The branches are added (L is a function of p plus a function of q), and both use one MLP.

    Its findings are conclusive: they are reached only by a per-channel scaling whose gates
    depend on each channel's mean and max alone, lie in (0, 1) and follow the seed, so what
    is left wrong is how the two branches are built and joined.
    """
    gate_grid = {}
    for i, means in enumerate(MEAN_SETS):
        for j, peaks in enumerate(PEAK_SETS):
            gate_grid[i, j] = gates_of(_map(means, peaks, seed=0))
    grid = {key: _sigmoid_logits(value) for key, value in gate_grid.items()}
    # Three levels a < b < c in every channel, for maps whose mean and max are two of them.
    levels = (MEANS - 2 * UNIT, MEANS, PEAKS)
    pair_gates = {(i, j): gates_of(_map(levels[i], levels[j], seed=0)) for i, j in ((0, 1), (1, 2), (0, 2))}
    constant_gates = [gates_of(_constant(level)) for level in levels]
    pairs = {key: _sigmoid_logits(value) for key, value in pair_gates.items()}
    constant = [_sigmoid_logits(value) for value in constant_gates]
    values = list(grid.values()) + list(pairs.values()) + constant
    if any(value is None for value in values):
        return []  # not sigmoid gates: the squashing probe has spoken
    scale = max(np.abs(value).max() for value in values)
    if scale < 0.1:
        return []  # every unit dead: no identity can be told from another
    slack = IDENTITY * scale
    transformed = _gate_transform(gate_grid, slack, seen=[*gate_grid.values(), *pair_gates.values(), *constant_gates])
    if transformed is not None and (_interaction(grid) > slack or _shared_gap(pairs, constant) > slack):
        return [transformed]
    if _interaction(grid) > slack:
        # Not a sigmoid of a sum. A sum (or mean) of per-branch sigmoids is additive in the
        # gates themselves, a product of them in the log of the gates.
        if _interaction(gate_grid) < SAME or _interaction({k: np.log(v) for k, v in gate_grid.items()}) < SAME:
            return [Finding("sigmoid_per_branch", "branches_added",
                            "the gates are not a sigmoid of a sum of two branches, but the gates themselves (or their "
                            "logarithms) are: each branch is squashed before the two are combined", conclusive=True)]
        if all((value >= -slack).all() for value in constant):
            return [Finding("multiplied_branches", "branches_added",
                            "the gates' response to the channel means depends on the channel maxima, and on maps whose "
                            "mean and max agree no gate falls below 0.5: the branch outputs are multiplied, not added",
                            conclusive=True)]
        return [_merged_before()]
    # With one shared f, L(a, b) = f(a) + f(b) = (L(a, a) + L(b, b)) / 2: the gap below is 0.
    gap = {pair: pairs[pair] - (constant[pair[0]] + constant[pair[1]]) / 2 for pair in pairs}
    if max(np.abs(value).max() for value in gap.values()) <= slack:
        return []
    # Two MLPs f1, f2 leave gap(a, b) = (g(a) - g(b)) / 2 with g = f1 - f2, which chains:
    # gap(a, b) + gap(b, c) = gap(a, c). Merging the descriptors first does not.
    if np.abs(gap[0, 1] + gap[1, 2] - gap[0, 2]).max() > slack:
        return [_merged_before()]
    return [Finding("unshared_mlp", "shared_mlp",
                    "a map with means p and maxima q does not get the gate logits halfway between those of constant "
                    "maps at p and at q: the mean and the max branches go through different MLPs", conclusive=True)]


def _shared_gap(pairs, constant):
    return max(np.abs(pairs[key] - (constant[key[0]] + constant[key[1]]) / 2).max() for key in pairs)


def _gate_transform(gate_grid, slack, seen):
    """A finding when the gates are a sigmoid's squared, clipped, or never below 0.5; else None."""
    rooted = {key: _sigmoid_logits(np.sqrt(value)) for key, value in gate_grid.items()}
    if all(value is not None for value in rooted.values()) and _interaction(rooted) <= slack:
        return Finding("wrong_gate_activation", "branches_added",
                       "the square roots of the gates are a sigmoid of a sum of two branches, the gates themselves are "
                       "not: the gates are squared", conclusive=True)
    flat = np.concatenate(list(gate_grid.values()))
    if flat.min() > 0.5 - 1e-6 and (np.abs(flat - 0.5) < 1e-6).sum() >= 3:
        return Finding("relu_on_gate_logits", "gates_below_half",
                       "no gate falls below 0.5, and many are exactly 0.5: something clips the summed branches at 0 "
                       "before the sigmoid", conclusive=True)
    if _clipped(np.concatenate(seen)):
        return Finding("wrong_gate_activation", "branches_added",
                       "many gates sit exactly at one lowest or highest value: the gates are clipped to a range",
                       conclusive=True)
    return None


def _interaction(grid):
    """The largest mixed second difference over the grid: 0 when grid[i, j] = u[i] + v[j]."""
    rows, cols = max(i for i, _ in grid) + 1, max(j for _, j in grid) + 1
    return max(np.abs(grid[i, j] - grid[i, 0] - grid[0, j] + grid[0, 0]).max()
               for i in range(1, rows) for j in range(1, cols))


def _merged_before():
    return Finding("merged_before_mlp", "branches_added",
                   "the gates' response to the channel means depends on the channel maxima (and back): the two "
                   "descriptors are combined before the MLP instead of each going through it on its own",
                   conclusive=True)


def _relu(gates_of):
    """With ReLU, L(m, m) + L(-m, -m) = 2 W2 |W1 m| != 0 (zero initial biases); without it, exactly 0."""
    logits = [_sigmoid_logits(gates_of(_constant(sign * MEANS))) for sign in (1, -1)]
    if any(value is None for value in logits):
        return []
    scale = np.abs(logits[0]).max()
    if scale > 0.1 and np.abs(logits[0] + logits[1]).max() < 1e-3 * scale:
        return [Finding("missing_relu", "hidden_nonlinearity",
                        "the gates for constant maps m and -m are exact mirror images: "
                        "nothing non-linear sits between the two Dense layers", conclusive=True)]
    return []




# -- the architecture, whatever the weights ------------------------------------------------------
# With f(d) = W2 relu(W1 d) (zero initial biases) and L(p, q) = f(p) + f(q), for a map with
# channel means p and maxima q (q > p), and the map with means -q and maxima -p:
# - L(t p, t q) = t L(p, q) for t > 0 (silu, gelu, relu6, clipped or squared gates break it);
# - L(p, q) - L(-q, -p) = W2 W1 (p + q): linear in p + q, of rank exactly max(C // r, 1);
# - with one hidden unit and q close to p, one of the two maps gets every gate exactly 0.5.
# (7, 7, 256) with reduction 4 is a hidden width of 64, from the palette: a width capped at 32
# (a block that is right at every width the narrower probes reach) shows only there.
WIDTH_PROBES = ((SHAPE, 3), ((4, 4, 4), 1), ((8, 6, 64), 16), ((8, 6, 64), 4), ((7, 7, 256), 4))
PAIRS = 8  # random descriptor pairs whose odd parts give the full C x C matrix
STRETCH = (0.5, 4.0)  # factors t of the homogeneity probe; 4 drives relu6's units past 6
SPREAD = 1.0  # size of the random descriptors
DEAD = 1e-5  # |logit| below this is an exactly-0.5 gate read back from float32
WIDE_RANK_CUTOFF = 1e-4  # of the largest singular value; logits read from float32 carry ~1e-6


class _NotGates(Exception):
    """The subject stopped scaling x by gates strictly inside (0, 1): other probes have spoken."""


def check_consistent(call, args, output, rng):
    """Before "only the weights differ" is said: the graded output comes from the probed function
    (judge.diagnose.gating)."""
    return shuffled_input_consistent(call, args, output, rng)


def check_graded(args, output):
    """A graded output must be x times one gate in [0, 1] per channel, not all 0 (None), else why not.

    A float32 sigmoid rounds to exactly 0 below a logit of about -88 and to 1 above about 17:
    the large-magnitude and wide cases reach both, so single gates of 0 or 1 are a sigmoid's.
    A case whose every gate is 0 (a map of zeros) is not: no block saturates every channel."""
    x = np.asarray(args[1], dtype=np.float64)
    out = np.asarray(output, dtype=np.float64)
    if out.size != x.size:
        return f"it returned {out.size} values for x of shape {x.shape}"
    out = out.reshape(x.shape)
    scale = max(float(np.abs(x).max()), 1e-30)
    usable = np.abs(x) > 1e-3 * scale
    ratio = np.where(usable, out / np.where(usable, x, 1.0), np.nan).reshape(-1, x.shape[-1])
    if np.isnan(ratio).all():
        return None
    ratio[:, np.isnan(ratio).all(axis=0)] = 0.5  # a channel of zeros: any gate fits it
    gates = np.nanmedian(ratio, axis=0)
    if not np.allclose(out, x * gates, rtol=SAME, atol=SAME * scale):
        return "it is not x times one number per channel"
    if gates.min() < 0 or gates.max() > 1 + 1e-6:
        return f"its gates range over {gates.min():.3g} .. {gates.max():.3g}, outside [0, 1]"
    if gates.max() <= 0:
        return "every gate is 0: the output is zeros, which no sigmoid gives on every channel"
    return None


def _pair(rng, channels=C, gap=None):
    """Random channel means p and maxima q > p."""
    means = rng.normal(0.0, SPREAD, size=channels)
    return means, means + (rng.uniform(0.2, 2.0, size=channels) if gap is None else gap)


def _logits_of(gates_of, means, peaks, shape=SHAPE, reduction=REDUCTION, saturating=False):
    """The gates of a map with these descriptors; `saturating` allows gates of exactly 0 or 1."""
    gates = gates_of(_map(means, peaks, seed=int(_NOISE.integers(1 << 30)), shape=shape), reduction)
    if gates is None or not ((gates >= 0) & (gates <= 1)).all():
        raise _NotGates
    if not saturating and not ((gates > 0) & (gates < 1)).all():
        raise _NotGates
    return gates


def _logit_slack(gates):
    return 1e-3 + 1e-6 / (gates * (1 - gates))


_NOISE = np.random.default_rng(0)  # this grade's draws, set by _draw_inputs


def _architecture(gates_of, rng):
    """Conclusive findings about the MLP and the gate, or `Holds` when it is the kata's."""
    pairs = [_pair(rng) for _ in range(PAIRS)]
    plus = [_logits_of(gates_of, p, q) for p, q in pairs]
    minus = [_logits_of(gates_of, -q, -p) for p, q in pairs]
    (p0, q0), (p1, q1) = pairs[0], pairs[1]
    sum_plus, sum_minus = _logits_of(gates_of, p0 + p1, q0 + q1), _logits_of(gates_of, -q0 - q1, -p0 - p1)
    stretched = []
    for t in STRETCH:
        for i in range(4 if t > 1 else 1):
            p, q = pairs[i]
            stretched.append((t, 1, i, _logits_of(gates_of, t * p, t * q, saturating=True)))
            stretched.append((t, -1, i, _logits_of(gates_of, -t * q, -t * p, saturating=True)))
    every_gate = plus + minus + [sum_plus, sum_minus] + [g for *_, g in stretched]
    with np.errstate(divide="ignore"):
        logits = [_logit(g) for g in every_gate]
    if min(v.min() for v in logits) > -DEAD and max(v.max() for v in logits) > 0.1:
        return [Finding("relu_on_gate_logits", "gates_below_half",
                        f"over {len(logits)} inputs, including opposite descriptors, no gate fell below 0.5: something "
                        "clips the summed branches at 0 before the sigmoid", conclusive=True)]
    base = {(1, i): g for i, g in enumerate(plus)} | {(-1, i): g for i, g in enumerate(minus)}
    broken = [1 for t, sign, i, g in stretched if not _scaled(g, base[sign, i], t)]
    if broken:
        return [_homogeneity_finding(base, stretched, every_gate)]
    odd = np.array([_logit(a) - _logit(b) for a, b in zip(plus, minus)])
    summed_odd = _logit(sum_plus) - _logit(sum_minus)
    if np.abs(summed_odd - odd[0] - odd[1]).max() > 1e-2 + 1e-3 * np.abs(odd).max():
        if _all_half_for_negative_descriptors(gates_of, rng):
            return [Finding("relu_on_squeeze", "negative_descriptors_matter",
                            "maps whose channel means and maxima are all negative get every gate exactly 0.5: the "
                            "descriptors pass through a ReLU before the shared MLP", conclusive=True)]
        return [Finding("wrong_hidden_activation", "odd_part_linear",
                        "L(p, q) - L(-q, -p) (L: the gate logits, p and q: the channel means and maxima) is not "
                        "linear: the hidden activation is not a ReLU", conclusive=True)]
    sums = np.array([p + q for p, q in pairs])
    matrix = np.linalg.lstsq(sums, odd, rcond=None)[0].T
    biggest = np.abs(matrix).max()
    if (biggest == 0 or (np.abs(matrix).max(axis=0) < 1e-3 * biggest).any()
            or (np.abs(matrix).max(axis=1) < 1e-3 * biggest).any()):
        return []  # some channel reaches no gate, or some gate hears no channel: no Dense layer is like that
    ranks = {(SHAPE, REDUCTION): _rank(odd)}
    for shape, reduction in WIDTH_PROBES:
        ranks[shape, reduction] = _rank(_odd_parts(gates_of, rng, shape, reduction))
    wrong = {key: rank for key, rank in ranks.items() if rank != max(key[0][-1] // key[1], 1)}
    sampled = {key: PAIRS if key == (SHAPE, REDUCTION) else min(key[0][-1], max(key[0][-1] // key[1], 1) + 2)
               for key in ranks}  # rows of odd parts behind each rank: no rank can exceed it
    if wrong and all(rank == sampled[key] for key, rank in wrong.items()):
        return []  # as wide as C everywhere: no reduction, or an expanding layer; the mutants tell which
    if wrong:
        return [_width_finding(wrong)]
    if not _one_unit_dies(gates_of, rng):
        return [Finding("wrong_hidden_activation", "relu_zeroes_negatives",
                        f"with one hidden unit ({C} channels, reduction {WIDE_REDUCTION}), "
                        "neither of two opposite maps "
                        "gets exactly 0.5 gates: the hidden unit never switches fully off, "
                        "as a ReLU does (a leaky ReLU?)",
                        conclusive=True)]
    ratio = _init_scale_ratio(gates_of, rng)
    if HALVED_LOGITS[0] < ratio < HALVED_LOGITS[1]:
        return [Finding("averaged_branches", "logit_scale",
                        f"over {len(SCALE_SEEDS)} seeds the gate logits' mean square is {ratio:.2f} times what any "
                        "initialisation of the kata's MLP gives on the same maps (expected: about 1): the logits are "
                        "half as large as they should be, as when the two branches are averaged instead of added",
                        conclusive=True)]
    if not FRESH_INIT[0] < ratio < FRESH_INIT[1]:
        return []  # built right but scaled otherwise: no evidence that only the weights differ
    shown = ", ".join(f"C={shape[-1]}, r={r}: {rank}" for (shape, r), rank in ranks.items())
    return [Holds("architecture", "the gates are a sigmoid of f(mean) + f(max) with one f that is positively "
                                  "homogeneous with a linear odd part (a ReLU MLP), responding in exactly "
                                  f"max(C // r, 1) directions ({shown})")]


# The logits' size, against the kata's initialisation (lecun_normal kernels, variance 1 / fan-in,
# zero biases) rather than against the reference's numbers: with W2's entries of variance 1 / k,
# E[L_c^2] = E[(relu(p.w) + relu(q.w))^2] over w with C entries of variance 1 / C, whatever the
# width k, and for Gaussian p.w and q.w that is the arc-cosine kernel below. A block that
# halves its logits (averaged branches) has a quarter of it; one initialised right has 1 with
# a spread of about 0.11 over these 8 maps (4 seeds, C = 256, k = 64, simulated: 200 draws,
# the lowest 0.77), so the bands below leave four spreads on each side.
SCALE_SHAPE, SCALE_REDUCTION, SCALE_SEEDS, SCALE_MAPS = (7, 7, 256), 4, (11, 12, 13, 14), 2
FRESH_INIT = (0.5, 2.0)
HALVED_LOGITS = (0.12, 0.45)


def _init_scale_ratio(gates_of, rng):
    """Mean square of the gate logits over seeds and maps, divided by its value under the kata's init."""
    observed = expected = 0.0
    channels = SCALE_SHAPE[-1]
    for offset in SCALE_SEEDS:
        for _ in range(SCALE_MAPS):
            p, q = _pair(rng, channels)
            x = _map(p, q, seed=int(_NOISE.integers(1 << 30)), shape=SCALE_SHAPE)
            gates = gates_of(x, SCALE_REDUCTION, seed=SEED + offset)
            if gates is None or not ((gates > 0) & (gates < 1)).all():
                raise _NotGates
            observed += float(np.mean(_logit(gates) ** 2))
            expected += _relu_pair_second_moment(p, q, channels)
    return observed / expected


def _relu_pair_second_moment(p, q, channels):
    """E[(relu(a) + relu(b))^2] for (a, b) = (p.w, q.w), w with `channels` entries of variance 1 / channels."""
    sd_p, sd_q = np.sqrt(p @ p / channels), np.sqrt(q @ q / channels)
    angle = np.arccos(np.clip(p @ q / (np.linalg.norm(p) * np.linalg.norm(q)), -1.0, 1.0))
    cross = sd_p * sd_q / (2 * np.pi) * (np.sin(angle) + (np.pi - angle) * np.cos(angle))  # E[relu(a) relu(b)]
    return sd_p ** 2 / 2 + sd_q ** 2 / 2 + 2 * cross


def _scaled(gates, base, t, transform=lambda g: g):
    """logit(gates) == t * logit(base) wherever the gates are not saturated to exactly 0 or 1."""
    gates, base = transform(gates), transform(base)
    live = (gates > 0) & (gates < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(_logit(gates) - t * _logit(base))
        return bool((gap[live] <= _logit_slack(gates[live]) + t * _logit_slack(base[live])).all())


def _clipped(gates):
    """Gates of several channels exactly at one lowest or highest value inside (0, 1): a clip.

    `gates` holds maps of C gates one after another. Only distinct channels count, and never
    at 0.5: one channel repeats its gate over maps that share a descriptor whenever a branch
    is dead (a sigmoid per branch gives (sigmoid(f) + 0.5) / 2 in each), and every channel of
    a map with no live unit sits at sigmoid(0) = 0.5. Two channels of a sigmoid never share a
    value by chance."""
    channel = np.arange(gates.size) % C
    inner = (gates > 1e-6) & (gates < 1 - 1e-6) & (np.abs(gates - 0.5) > 1e-6)
    if not inner.any():
        return False
    extremes = (gates[inner].max(), gates[inner].min())
    return max(np.unique(channel[inner & (np.abs(gates - value) < 1e-7)]).size for value in extremes) >= 2


def _homogeneity_finding(base, stretched, every_gate):
    flat = np.concatenate(every_gate)
    if all(_scaled(g, base[sign, i], t, np.sqrt) for t, sign, i, g in stretched):
        return Finding("wrong_gate_activation", "logits_homogeneous",
                       "the square roots of the gates behave like a sigmoid's, the gates themselves do not: the gates "
                       "are squared", conclusive=True)
    if _clipped(flat):
        return Finding("wrong_gate_activation", "logits_homogeneous",
                       "many gates sit exactly at one lowest or highest value: the gates are clipped to a range",
                       conclusive=True)
    return Finding("wrong_hidden_activation", "logits_homogeneous",
                   "scaling the map by t does not scale the gate logits by t, as two Dense layers with a ReLU between "
                   "them (and zero initial biases) always do: the hidden activation is not a ReLU", conclusive=True)


def _all_half_for_negative_descriptors(gates_of, rng):
    for _ in range(4):
        means = -np.abs(rng.normal(0.0, SPREAD, size=C)) - 2.5
        gates = _logits_of(gates_of, means, means + rng.uniform(0.2, 2.0, size=C))
        if np.abs(_logit(gates)).max() >= DEAD:
            return False
    return True


def _one_unit_dies(gates_of, rng):
    for _ in range(4):
        p, q = _pair(rng, gap=0.05)  # q close to p: one unit sees both on the same side of 0
        dead = [np.abs(_logit(_logits_of(gates_of, a, b, SHAPE, WIDE_REDUCTION))).max() < DEAD
                for a, b in ((p, q), (-q, -p))]
        if any(dead):
            return True
    return False


def _odd_parts(gates_of, rng, shape, reduction):
    channels = shape[-1]
    rows = []
    count = min(max(channels // reduction, 1) + 2, channels)
    # Orthogonal directions for p + q: the rank then depends on the subject's matrix alone.
    directions = np.linalg.qr(rng.normal(size=(channels, count)))[0].T * SPREAD * np.sqrt(channels) / 2
    for half in directions:
        p, q = half - 0.5, half + 0.5  # q - p = 1 > 0: a valid map, and p + q = 2 * half
        rows.append(_logit(_logits_of(gates_of, p, q, shape, reduction))
                    - _logit(_logits_of(gates_of, -q, -p, shape, reduction)))
    return np.array(rows)


def _rank(rows):
    singular = np.linalg.svd(rows, compute_uv=False)
    return int((singular > max(WIDE_RANK_CUTOFF * singular[0], 1e-3)).sum()) if singular[0] > 1e-3 else 0


def _width_finding(wrong):
    shown = ", ".join(f"C={shape[-1]}, reduction {r}: {rank} (should be {max(shape[-1] // r, 1)})"
                      for (shape, r), rank in wrong.items())
    if all(rank == shape[-1] for (shape, _), rank in wrong.items()):
        return Finding("inverted_bottleneck", "bottleneck_width",
                       f"the gates respond to the channel descriptors in as many independent directions as there are "
                       f"channels ({shown}): the hidden layer is at least as wide as C", conclusive=True)
    return Finding("wrong_bottleneck_width", "bottleneck_width",
                   f"the gates respond to the channel descriptors in another number of independent directions than the "
                   f"hidden layer's width max(C // reduction, 1) ({shown})", conclusive=True)
