"""Behavioural probes for the se_block kata: properties of every SE block, whatever its weights.

The judge runs `probe(call, rng)` on a failing submission; `call(seed, x, reduction)` returns
an Observation, and `rng` draws this grade's probe inputs (from the grade's seed, so they
cannot be known in advance). Each property an SE block must have is checked on several
inputs, and a violation names the mistake that breaks it. Nothing here compares with the
reference's numbers, so a block initialised differently is probed just as well.

What holds for any weights (Flax's Dense biases start at zero), with L the gate logits
log(g / (1 - g)) as a function of the channel means m:
- the output is x times one gate per channel, each strictly inside (0, 1), depending on m alone;
- L(m) = W2 relu(W1 m) is positively homogeneous: L(t m) = t L(m) for t > 0
  (silu, gelu, relu6, clipped or squared gates break it);
- its odd part L(m) - L(-m) = W2 W1 m is linear, of rank exactly max(C // r, 1) (the
  bottleneck's width), and every channel's mean reaches some gate;
- with one hidden unit, of m and -m exactly one gives every gate exactly 0.5 (leaky_relu never).
Only a block with all of these is told that its initialisation is what differs (`Holds`).
"""

from __future__ import annotations

import numpy as np

from judge.diagnose.api import Finding, Holds
from judge.diagnose.gating import shuffled_input_consistent

# Shapes and reductions from the generated-case palette: the runner has compiled them
# (8 x 6 x 64 with reduction 4, a hidden width of 16, is the one new compile).
SHAPE = (5, 3, 8)
H, W, C = SHAPE
SMALL_SHAPE = (2, 2, 8)  # same channels, another spatial size
REDUCTION, WIDE_REDUCTION = 2, 16
# (7, 7, 256) with reduction 4 is a hidden width of 64, from the palette: a width capped at 32
# (a block that is right at every width the narrower probes reach) shows only there.
WIDTH_PROBES = ((SHAPE, 3), ((4, 4, 4), 1), ((8, 6, 64), 16), ((8, 6, 64), 4), ((7, 7, 256), 4))
SCALE = 1.5  # spread of the channel means: a few units keep about half of the ReLU units alive
NOISE = 0.4  # spread of values around each channel mean
STRETCH = (0.5, 4.0)  # factors t of the homogeneity probe; 4 drives relu6's units past 6
PAIRS = 8  # random means (and their negatives) whose odd parts give the full C x C matrix
# Float32 outputs carry ~1e-7 relative error; properties hold far tighter than these.
SAME = 1e-4
RANK_CUTOFF = 1e-4  # of the largest singular value; logits read from float32 carry ~1e-6
DEAD = 1e-5  # |logit| below this is an exactly-0.5 gate read back from float32


class _NotGates(Exception):
    """The subject stopped scaling x by gates strictly inside (0, 1): other probes have spoken."""


def probe(call, rng):
    subject = _Subject(call, rng)
    means = _means(rng)
    base_x, base = subject.base(means)
    if base.array is None:
        return []  # it fails on an ordinary input: nothing can be probed
    findings, read = _layout(base.array)
    if read is None:
        return findings
    gates = _gates(read(base.array), base_x)
    if gates is None:
        if _gates_per_column(read(base.array), base_x):
            return findings + [Finding("wrong_pooling_axes", "gates_per_channel",
                                       "the output divided by x is constant down each column but differs across the "
                                       "width: every (w, c) gets its own gate, "
                                       "so the squeeze averages the height only")]
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
    subject.read = read
    standard = not findings
    pooling = _pooling(subject, base_x, gates, standard_order=standard)
    if pooling:
        # The later probes read gates as a function of the channel means; with a wrong
        # squeeze they would only echo that mistake. A crash on a narrow bottleneck still counts.
        return findings + pooling + [f for f in _clamp(subject) if f.observed.startswith("raised")]
    findings += _seed(subject, base_x, base.array, gates)
    findings += _clamp(subject)
    squashing = _squashing(subject)
    if squashing or not standard or findings:
        return findings + squashing
    try:
        return _architecture(subject)
    except _NotGates:
        return []


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


# -- calling the subject --------------------------------------------------------------------
class _Subject:
    def __init__(self, call, rng):
        self.call, self.rng = call, rng
        self.seed = int(rng.integers(0, 2**31 - 1))
        self.read = None

    def base(self, means):
        """The first call; if every gate is 0.5 (all units dead) the negated means have a live one."""
        x = _map(self.rng, means)
        result = self.call(self.seed, x, REDUCTION)
        if result.array is not None and result.array.size == x.size:
            ratio = np.asarray(result.array, dtype=np.float64).reshape(-1) / x.reshape(-1)
            if np.allclose(ratio, 0.5, atol=1e-6):
                x = _map(self.rng, -means)
                result = self.call(self.seed, x, REDUCTION)
        return x, result

    def gates(self, means, shape=SHAPE, reduction=REDUCTION, seed=None):
        """One gate per channel for a fresh map with these channel means, or None."""
        x = _map(self.rng, means, shape)
        result = self.call(self.seed if seed is None else seed, x, reduction)
        if result.array is None or result.array.size != x.size:
            return None
        out = self.read(result.array) if shape == SHAPE else np.asarray(result.array, dtype=np.float64).reshape(shape)
        return _gates(out, x)

    def logits(self, means, shape=SHAPE, reduction=REDUCTION, saturating=False):
        """The gates for these means; `saturating` allows gates of exactly 0 or 1 (large logits)."""
        gates = self.gates(means, shape, reduction)
        if gates is None or not ((gates >= 0) & (gates <= 1)).all():
            raise _NotGates
        if not saturating and not ((gates > 0) & (gates < 1)).all():
            raise _NotGates
        return gates


def _means(rng, channels=C):
    return rng.normal(0.0, SCALE, size=channels)


def _map(rng, means, shape=SHAPE):
    """A map whose channel c has mean exactly means[c] (in float64) and varies around it."""
    noise = rng.uniform(-NOISE, NOISE, size=shape)
    noise -= noise.mean(axis=(0, 1), keepdims=True)
    return (noise + np.asarray(means)).astype(np.float32)


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
    gates = np.median((out / x).reshape(-1, x.shape[-1]), axis=0)
    if not np.allclose(out, x * gates, rtol=SAME, atol=SAME):
        return None
    return gates


def _gates_per_column(out, x):
    """True if out == x * g[w, c]: one gate per column and channel, the same down the height."""
    x = x.astype(np.float64)
    gates = np.median(out / x, axis=0)
    return bool(np.allclose(out, x * gates, rtol=SAME, atol=SAME))


def _logit(gates):
    return np.log(gates) - np.log1p(-gates)


def _slack(gates):
    """How far a logit read back from float32 gates may be off: more as a gate nears 0 or 1."""
    return 1e-3 + 1e-6 / (gates * (1 - gates))


# -- the properties -----------------------------------------------------------------------------
def _seed(subject, base_x, base_out, gates):
    findings = []
    read = subject.read
    again = subject.call(subject.seed, base_x, REDUCTION)
    if again.array is not None and not np.allclose(read(again.array), read(base_out), rtol=SAME, atol=SAME):
        findings.append(Finding("nondeterministic", "same_seed_same_output",
                                "two calls with the same seed and input returned different outputs", conclusive=True))
    other_seed = (subject.seed + 1) % (2**31 - 1)
    other = subject.call(other_seed, base_x, REDUCTION)
    all_half = np.allclose(gates, 0.5, atol=1e-6)  # no live unit: every seed looks alike
    if (other.array is not None and not all_half
            and np.allclose(read(other.array), read(base_out), rtol=SAME, atol=SAME)):
        # Reached only with a per-channel scaling whose squeeze passed every pooling probe:
        # the block is built right and only its weights ignore the seed.
        findings.append(Finding("ignores_seed", "seed_changes_output",
                                f"seeds {subject.seed} and {other_seed} returned the same output: the weights do not "
                                "come from the seed", conclusive=True))
    return findings


def _pooling(subject, base_x, gates, standard_order):
    """The squeeze must be the per-channel mean: order-free and size-free."""
    call, read, rng, seed = subject.call, subject.read, subject.rng, subject.seed
    order = rng.permutation(H * W)
    shuffled = base_x.reshape(H * W, C)[order].reshape(SHAPE)
    moved = call(seed, shuffled, REDUCTION)
    if moved.array is not None and not np.allclose(read(moved.array), shuffled * gates, rtol=SAME, atol=SAME):
        return [Finding("wrong_pooling_axes", "spatial_shuffle",
                        "shuffling the spatial positions of x changed the gates; the squeeze must average "
                        "each channel over all positions, so position order cannot matter")]
    means = base_x.astype(np.float64).mean(axis=(0, 1))
    swap = rng.permutation(C)
    unchanged = 0
    for sign in (1, -1):  # one of the two has a live unit in a true block
        before, after = subject.gates(sign * means), subject.gates(sign * means[swap])
        unchanged += before is not None and after is not None and np.allclose(before, after, rtol=SAME, atol=SAME)
    if unchanged == 2:
        return [Finding("wrong_pooling_axes", "channel_means_matter",
                        "reordering the channel means (same overall mean) left every gate unchanged: "
                        "the squeeze averages the channels together instead of keeping one mean per channel")]
    same_means = _map(rng, means)
    other = call(seed, same_means, REDUCTION)
    if other.array is not None and not np.allclose(read(other.array), same_means * gates, rtol=SAME, atol=SAME):
        return [Finding("wrong_pooling_op", "channel_means_only",
                        "two inputs with the same per-channel means got different gates: "
                        "the squeeze uses more than each channel's mean (a max?)")]
    if not standard_order:
        return []  # `read` knows the main shape's order only
    small_x = _map(rng, means, SMALL_SHAPE)
    small = call(seed, small_x, REDUCTION)
    if small.array is not None and small.array.size == small_x.size:
        out = np.asarray(small.array, dtype=np.float64).reshape(SMALL_SHAPE)
        if not np.allclose(out, small_x.astype(np.float64) * gates, rtol=SAME, atol=SAME):
            return [Finding("wrong_pooling_op", "spatial_size",
                            f"x of shapes {SHAPE} and {SMALL_SHAPE} with the same channel means got different gates: "
                            "the squeeze depends on the map's size (a sum instead of a mean?)")]
    return []


def _clamp(subject):
    x = _map(subject.rng, _means(subject.rng))
    results = [subject.call(subject.seed, sign * x, WIDE_REDUCTION) for sign in (1, -1)]
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
                            f"with reduction {WIDE_REDUCTION} > {C} channels every gate is exactly 0.5, "
                            "for x and for -x: "
                            "the hidden layer has no units")]
    return []


def _squashing(subject):
    """Gates are a sigmoid: strictly inside (0, 1), and not forced to sum to 1."""
    means = 1.5 * _means(subject.rng)
    seen = [g for g in (subject.gates(means), subject.gates(-means)) if g is not None]
    if not seen:
        return []
    low, high = min(g.min() for g in seen), max(g.max() for g in seen)
    if 1 < low < 2 and high < 2:
        return [Finding("wrong_scale", "gates_in_unit_interval",
                        f"every gate lies between 1 and 2 ({low:.3g} .. {high:.3g}): "
                        "the output looks like x * gate + x")]
    if low < 0 and high <= 1 and low >= -1:
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        f"gates range over {low:.3g} .. {high:.3g}: squashed into (-1, 1), not (0, 1)")]
    if low < 0 or high > 1:
        return [Finding("missing_sigmoid", "gates_in_unit_interval",
                        f"gates range over {low:.3g} .. {high:.3g}, outside (0, 1)")]
    if any(abs(g.sum() - 1) < 1e-4 for g in seen):
        return [Finding("wrong_gate_activation", "gates_in_unit_interval",
                        "the gates sum to 1 across channels: normalised together rather than squashed one by one")]
    return []


def _architecture(subject):
    """Conclusive findings about the MLP and the gate, or `Holds` when it is the kata's."""
    rng = subject.rng
    pairs = [_means(rng) for _ in range(PAIRS)]
    plus = [subject.logits(m) for m in pairs]
    minus = [subject.logits(-m) for m in pairs]
    summed = pairs[0] + pairs[1]
    extra = {"sum+": subject.logits(summed), "sum-": subject.logits(-summed)}
    stretched = [(t, sign, i, subject.logits(t * sign * pairs[i], saturating=True))
                 for t in STRETCH for sign in (1, -1) for i in range(4 if t > 1 else 1)]
    every_gate = plus + minus + list(extra.values()) + [g for *_, g in stretched]
    with np.errstate(divide="ignore"):
        logits = [_logit(g) for g in every_gate]
    if min(v.min() for v in logits) > -DEAD and max(v.max() for v in logits) > 0.1:
        return [Finding("relu_on_gate_logits", "gates_below_half",
                        f"over {len(logits)} inputs, including means m and -m, no gate fell below 0.5: something "
                        "clips the second Dense layer's output at 0 before the sigmoid", conclusive=True)]
    base = {(1, i): g for i, g in enumerate(plus)} | {(-1, i): g for i, g in enumerate(minus)}
    broken = [1 for t, sign, i, g in stretched if not _scaled(g, base[sign, i], t)]
    if broken:
        return [_homogeneity_finding(base, stretched, every_gate)]
    odd = np.array([_logit(p) - _logit(m) for p, m in zip(plus, minus)])
    summed_odd = _logit(extra["sum+"]) - _logit(extra["sum-"])
    if np.abs(summed_odd - odd[0] - odd[1]).max() > 1e-2 + 1e-3 * np.abs(odd).max():
        if _all_half_for_negative_means(subject):
            return [Finding("relu_on_squeeze", "negative_means_matter",
                            "maps whose channel means are all negative get every gate exactly 0.5: the channel means "
                            "pass through a ReLU before the first Dense layer", conclusive=True)]
        return [Finding("wrong_hidden_activation", "odd_part_linear",
                        "L(m) - L(-m) (L: the gate logits, m: the channel means) is not linear in m: the hidden "
                        "activation is not a ReLU", conclusive=True)]
    matrix = np.linalg.lstsq(np.array(pairs), odd, rcond=None)[0].T  # odd(m) = matrix @ m
    biggest = np.abs(matrix).max()
    if (biggest == 0 or (np.abs(matrix).max(axis=0) < 1e-3 * biggest).any()
            or (np.abs(matrix).max(axis=1) < 1e-3 * biggest).any()):
        return []  # some channel's mean reaches no gate, or some gate hears no mean: no Dense layer is like that
    even = np.array([_logit(p) + _logit(m) for p, m in zip(plus, minus)])  # W2 |W1 m| with a ReLU
    if np.abs(even).max() < 1e-3 * max(np.abs(odd).max(), 1e-12):
        return [Finding("missing_relu", "hidden_nonlinearity",
                        "the gates for channel means m and -m are exact mirror images: nothing non-linear sits "
                        "between the two Dense layers", conclusive=True)]
    ranks = {(SHAPE, REDUCTION): _rank(odd)}
    for shape, reduction in WIDTH_PROBES:
        ranks[shape, reduction] = _rank(_odd_parts(subject, shape, reduction))
    wrong = {key: rank for key, rank in ranks.items() if rank != max(key[0][-1] // key[1], 1)}
    sampled = {key: PAIRS if key == (SHAPE, REDUCTION) else min(key[0][-1], max(key[0][-1] // key[1], 1) + 2)
               for key in ranks}  # rows of odd parts behind each rank: no rank can exceed it
    if wrong and all(rank == sampled[key] for key, rank in wrong.items()):
        return []  # as wide as C everywhere: no reduction, or an expanding layer; the mutants tell which
    if wrong:
        return [_width_finding(wrong)]
    if not _one_unit_dies(subject):
        return [Finding("wrong_hidden_activation", "relu_zeroes_negatives",
                        f"with one hidden unit ({C} channels, reduction {WIDE_REDUCTION}), neither means m nor -m give "
                        "exactly 0.5 gates: the hidden unit never switches fully off, as a ReLU does (a leaky ReLU?)",
                        conclusive=True)]
    shown = ", ".join(f"C={shape[-1]}, r={r}: {rank}" for (shape, r), rank in ranks.items())
    return [Holds("architecture", "the gates are a sigmoid of a function of the channel means that is positively "
                                  "homogeneous with a linear odd part (a ReLU MLP), and respond in exactly "
                                  f"max(C // r, 1) directions ({shown})")]


def _scaled(gates, base, t, transform=lambda g: g):
    """logit(gates) == t * logit(base) wherever the gates are not saturated to exactly 0 or 1."""
    gates, base = transform(gates), transform(base)
    live = (gates > 0) & (gates < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(_logit(gates) - t * _logit(base))
        return bool((gap[live] <= _slack(gates[live]) + t * _slack(base[live])).all())


def _clipped(gates):
    """Several gates exactly at the same lowest or highest value inside (0, 1): a clip, not float32 saturation."""
    inner = gates[(gates > 1e-6) & (gates < 1 - 1e-6)]
    if inner.size == 0:
        return False
    return max((np.abs(inner - inner.max()) < 1e-7).sum(), (np.abs(inner - inner.min()) < 1e-7).sum()) >= 3


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
                   "scaling every channel mean by t does not scale the gate logits by t, "
                   "as two Dense layers with a ReLU "
                   "between them (and zero initial biases) always do: the hidden activation is not a ReLU",
                   conclusive=True)


def _all_half_for_negative_means(subject):
    gates = [subject.logits(-np.abs(_means(subject.rng))) for _ in range(4)]
    return all(np.abs(_logit(g)).max() < DEAD for g in gates)


def _one_unit_dies(subject):
    for _ in range(4):
        means = _means(subject.rng)
        dead = [np.abs(_logit(subject.logits(sign * means, SHAPE, WIDE_REDUCTION))).max() < DEAD for sign in (1, -1)]
        if any(dead):
            return True
    return False


def _odd_parts(subject, shape, reduction):
    channels = shape[-1]
    count = min(max(channels // reduction, 1) + 2, channels)
    rows = []
    # Orthogonal directions: the rank then depends on the subject's matrix alone, not on how
    # well-conditioned a random set of means happens to be.
    directions = np.linalg.qr(subject.rng.normal(size=(channels, count)))[0].T * SCALE * np.sqrt(channels)
    for means in directions:
        rows.append(_logit(subject.logits(means, shape, reduction)) - _logit(subject.logits(-means, shape, reduction)))
    return np.array(rows)


def _rank(rows):
    singular = np.linalg.svd(rows, compute_uv=False)
    return int((singular > max(RANK_CUTOFF * singular[0], 1e-3)).sum()) if singular[0] > 1e-3 else 0


def _width_finding(wrong):
    shown = ", ".join(f"C={shape[-1]}, reduction {r}: {rank} (should be {max(shape[-1] // r, 1)})"
                      for (shape, r), rank in wrong.items())
    if all(rank == shape[-1] for (shape, _), rank in wrong.items()):
        return Finding("inverted_bottleneck", "bottleneck_width",
                       f"the gates respond to the channel means in as many independent directions "
                       f"as there are channels "
                       f"({shown}): the hidden layer is at least as wide as C", conclusive=True)
    return Finding("wrong_bottleneck_width", "bottleneck_width",
                   f"the gates respond to the channel means in another number of independent directions "
                   f"than the hidden "
                   f"layer's width max(C // reduction, 1) ({shown})", conclusive=True)
