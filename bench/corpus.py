"""A first round of a course, generated: code no cache of the judge has seen, two thirds of it wrong.

    python bench/corpus.py OUT_DIR [--kata se_block|cbam_channel] [--count N] [--seed S]

writes N submissions for one kata into OUT_DIR (and a `manifest.json` saying what each
one is). Every file is assembled from independent choices, so two files rarely share
their text or their traced program:
- names: the module, its fields, every local variable, the helper functions;
- structure: one compact module, a helper function per step, or an MLP submodule;
- equivalent expressions: the pooling (jnp.mean, x.mean, a sum divided by H * W, a
  reshape), the sigmoid (jax.nn, flax, written out), the width's lower bound, the
  flattening, the key (PRNGKey or jax.random.key), a jit around the forward or not;
- about 62 % one mistake each, from the kata's catalog and beyond it (a residual gate, a
  width of C // (r + 1), a capped width, a fixed key), 30 % correct, 4 % broken (syntax
  error, raises, misnamed), 4 % slow (a Python loop over the channels: correct, slow).

bench/run.py batches such a corpus next to the repository's own examples.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

KATAS = {"se_block": "se_block_forward", "cbam_channel": "channel_attention_forward"}

# Each mistake edits one choice of the template below: which piece it replaces, and with what.
SE_MISTAKES = {
    "missing_relu": {"hidden_act": "{h}"},
    "missing_sigmoid": {"gate": "{z}"},
    "tanh_gate": {"gate": "jnp.tanh({z})"},
    "pool_axes_02": {"pool": "jnp.mean({x}, axis=(0, 2))"},
    "pool_axes_12": {"pool": "jnp.mean({x}, axis=(1, 2))"},
    "pool_height_only": {"pool": "jnp.mean({x}, axis=0)"},
    "max_pool": {"pool": "jnp.max({x}, axis=(0, 1))"},
    "sum_pool": {"pool": "jnp.sum({x}, axis=(0, 1))"},
    "no_clamp": {"width": "{c} // {r}"},
    "inverted_bottleneck": {"width": "{c} * {r}"},
    "capped_width": {"width": "min(max({c} // {r}, 1), 32)"},
    "width_r_plus_1": {"width": "max({c} // ({r} + 1), 1)"},
    "leaky_relu_hidden": {"hidden_act": "nn.leaky_relu({h})"},
    "silu_hidden": {"hidden_act": "nn.silu({h})"},
    "relu_on_gate_logits": {"gate": "jax.nn.sigmoid(nn.relu({z}))"},
    "squared_gates": {"gate": "jax.nn.sigmoid({z}) ** 2"},
    "residual_gate": {"scale": "{x} * {g} + {x}"},
    "named_layers": {"names": True},
    "fixed_key": {"key": "jax.random.PRNGKey(0)"},
    "not_flattened": {"flatten": "{y}"},
}
CBAM_MISTAKES = {
    "average_only": {"merge": "{f_avg}"},
    "max_only": {"merge": "{f_max}"},
    "averaged_branches": {"merge": "({f_avg} + {f_max}) / 2"},
    "sigmoid_per_branch": {"gate": "jax.nn.sigmoid({a}) + jax.nn.sigmoid({b})", "split_gate": True},
    "missing_relu": {"hidden_act": "{h}"},
    "missing_sigmoid": {"gate": "{z}"},
    "pool_axes_12": {"pool": "axis=(1, 2)"},
    "no_clamp": {"width": "{c} // {r}"},
    "capped_width": {"width": "min(max({c} // {r}, 1), 32)"},
    "leaky_relu_hidden": {"hidden_act": "nn.leaky_relu({h})"},
    "relu_on_gate_logits": {"gate": "jax.nn.sigmoid(nn.relu({z}))"},
    "clipped_gates": {"gate": "jnp.clip(jax.nn.sigmoid({z}), 0.1, 0.9)"},
    "named_layers": {"names": True},
    "fixed_key": {"key": "jax.random.PRNGKey(0)"},
    "not_flattened": {"flatten": "{y}"},
}
MISTAKES = {"se_block": SE_MISTAKES, "cbam_channel": CBAM_MISTAKES}

MODULE_NAMES = ("SE", "SqueezeExcite", "ChannelGate", "SEModule", "Excitation", "Attention", "GateBlock", "MySE")
WORDS = ("feat", "inp", "fmap", "t", "a", "v", "z_in", "data", "act", "img", "tensor", "arr")
SIGMOIDS = ("jax.nn.sigmoid({z})", "nn.sigmoid({z})", "1.0 / (1.0 + jnp.exp(-{z}))")
FLATTENS = ("{y}.reshape(-1)", "{y}.ravel()", "jnp.ravel({y})", "jnp.reshape({y}, (-1,))")
KEYS = ("jax.random.PRNGKey({s})", "jax.random.key({s})")


def _se_pools(x: str) -> tuple[str, ...]:
    return (f"jnp.mean({x}, axis=(0, 1))", f"{x}.mean(axis=(0, 1))",
            f"jnp.mean({x}.reshape(-1, {x}.shape[-1]), axis=0)",
            f"jnp.sum({x}, axis=(0, 1)) / ({x}.shape[0] * {x}.shape[1])", f"jnp.mean(jnp.mean({x}, axis=0), axis=0)")


def _width(rng: random.Random) -> str:
    return rng.choice(("max({c} // {r}, 1)", "max(1, {c} // {r})", "int(max({c} // {r}, 1))"))


def _names(rng: random.Random, count: int) -> list[str]:
    words = list(WORDS)
    rng.shuffle(words)
    suffix = rng.choice(("", "_", "0", "_v"))
    return [w + suffix for w in words[:count]]


def se_block_source(rng: random.Random, mistake: str | None, slow: bool) -> str:
    edit = SE_MISTAKES.get(mistake, {})
    module = rng.choice(MODULE_NAMES) + rng.choice(("", "Block", "Layer", "2"))
    field = rng.choice(("reduction", "ratio", "r", "reduce_by"))
    x, pooled, hid, logits, gates, out, c = _names(rng, 7)
    width = edit.get("width", _width(rng)).format(c=c, r=f"self.{field}")
    pool = edit.get("pool", rng.choice(_se_pools("{x}"))).format(x=x)
    if slow:
        pool = f"jnp.stack([jnp.mean({x}[:, :, k]) for k in range({x}.shape[-1])])"
    hidden_act = edit.get("hidden_act", rng.choice(("nn.relu({h})", "jax.nn.relu({h})", "jnp.maximum({h}, 0.0)")))
    gate = edit.get("gate", rng.choice(SIGMOIDS))
    scale = edit.get("scale", rng.choice(("{x} * {g}", "{g} * {x}", "jnp.multiply({x}, {g})")))
    names = (', name="squeeze"', ', name="expand"') if edit.get("names") else ("", "")
    dense = rng.choice(("nn.Dense({n}{name})", "nn.Dense(features={n}{name})"))
    body = [
        f"        {c} = {x}.shape[-1]",
        f"        {pooled} = {pool}",
        f"        {hid} = {dense.format(n=width, name=names[0])}({pooled})",
        f"        {hid} = {hidden_act.format(h=hid)}",
        f"        {logits} = {dense.format(n=c, name=names[1])}({hid})",
        f"        {gates} = {gate.format(z=logits)}",
        f"        return {scale.format(x=x, g=gates)}",
    ]
    return _module_file(rng, "se_block_forward", module, field, x, body, edit, out)


def cbam_source(rng: random.Random, mistake: str | None, slow: bool) -> str:
    edit = CBAM_MISTAKES.get(mistake, {})
    module = (rng.choice(("CBAMChannel", "ChannelAttention", "CAM", "ChanAtt", "ChannelGate"))
              + rng.choice(("", "Block", "2")))
    field = rng.choice(("reduction", "ratio", "r"))
    x, avg, mx, first, second, logits, gates, c, d = _names(rng, 9)
    width = edit.get("width", _width(rng)).format(c=c, r=f"self.{field}")
    axes = edit.get("pool", rng.choice(("axis=(0, 1)", "axis=(1, 0)")))
    avg_expr = f"jnp.mean({x}, {axes})"
    if slow:
        avg_expr = f"jnp.stack([jnp.mean({x}[:, :, k]) for k in range({x}.shape[-1])])"
    hidden_act = edit.get("hidden_act", rng.choice(("nn.relu({h})", "jax.nn.relu({h})")))
    names = (', name="fc1"', ', name="fc2"') if edit.get("names") else ("", "")
    helper = rng.choice(("mlp", "shared", "excite", "branch"))
    f_avg, f_max = f"{helper}({avg})", f"{helper}({mx})"
    merge = edit.get("merge", rng.choice(("{f_avg} + {f_max}", "{f_max} + {f_avg}"))).format(f_avg=f_avg, f_max=f_max)
    if edit.get("split_gate"):
        gate_line = f"        {gates} = {edit['gate'].format(a=f_avg, b=f_max)}"
    else:
        gate_line = f"        {gates} = {edit.get('gate', rng.choice(SIGMOIDS)).format(z=f'({merge})')}"
    body = [
        f"        {c} = {x}.shape[-1]",
        f"        {avg} = {avg_expr}",
        f"        {mx} = jnp.max({x}, {axes})",
        f"        {first} = nn.Dense({width}{names[0]})",
        f"        {second} = nn.Dense({c}{names[1]})",
        "",
        f"        def {helper}({d}):",
        f"            return {second}({hidden_act.format(h=f'{first}({d})')})",
        "",
        gate_line,
        f"        return {x} * {gates}",
    ]
    return _module_file(rng, "channel_attention_forward", module, field, x, body, edit, gates + "_out")


def _module_file(rng: random.Random, entry: str, module: str, field: str, x: str, body: list[str],
                 edit: dict, out: str) -> str:
    key = edit.get("key", rng.choice(KEYS)).format(s="seed")
    block, params, y = rng.choice((("block", "params", "y"), ("m", "variables", "res"), ("net", "p", "scaled")))
    flatten = edit.get("flatten", rng.choice(FLATTENS)).format(y=y)
    jitted = rng.random() < 0.25
    lines = [
        f'"""{rng.choice(("My solution.", "Kata submission.", "Channel gating block.", "Homework 3"))}"""',
        "",
        "import jax",
        "import jax.numpy as jnp",
        "import flax.linen as nn",
        "",
        "",
        f"class {module}(nn.Module):",
        f"    {field}: int",
        "",
        "    @nn.compact",
        f"    def __call__(self, {x}):",
        *body,
        "",
        "",
    ]
    if jitted:
        lines += ["@jax.jit", f"def _apply({params}, {x}, {field}):", f"    return {module}({field})"
                  f".apply({params}, {x})", "", ""]
        lines.insert(lines.index("@jax.jit"), "from functools import partial")
        lines[lines.index("@jax.jit")] = "@partial(jax.jit, static_argnums=2)"
    lines += [
        f"def {entry}(seed, {x}, reduction):",
        f"    {block} = {module}(reduction)",
        f"    {params} = {block}.init({key}, {x})",
        (f"    {y} = _apply({params}, {x}, reduction)" if jitted else f"    {y} = {block}.apply({params}, {x})"),
        f"    return {flatten}",
        "",
    ]
    return "\n".join(lines)


def broken_source(rng: random.Random, entry: str) -> str:
    kind = rng.choice(("syntax", "raises", "misnamed"))
    if kind == "syntax":
        return f"import jax\n\ndef {entry}(seed, x, reduction)\n    return x\n"
    if kind == "raises":
        return f"def {entry}(seed, x, reduction):\n    raise NotImplementedError('todo')\n"
    return f"import jax.numpy as jnp\n\n\ndef {entry}_v2(seed, x, reduction):\n    return jnp.ravel(x)\n"


def generate(kata: str, count: int, seed: int, out: Path) -> list[dict]:
    rng = random.Random(f"{kata}:{seed}")
    mistakes = sorted(MISTAKES[kata])
    build = se_block_source if kata == "se_block" else cbam_source
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for index in range(count):
        roll = rng.random()
        if roll < 0.04:
            kind, mistake, text = "broken", None, broken_source(rng, KATAS[kata])
        elif roll < 0.08:
            kind, mistake, text = "slow", None, build(rng, None, slow=True)
        elif roll < 0.38:
            kind, mistake, text = "correct", None, build(rng, None, slow=False)
        else:
            mistake = rng.choice(mistakes)
            kind, text = "wrong", build(rng, mistake, slow=False)
        name = f"{index:03d}_{rng.choice(('alice', 'bo', 'chen', 'dara', 'eli', 'fay', 'gus', 'hana'))}{index}.py"
        (out / name).write_text(text, encoding="utf-8")
        manifest.append({"file": name, "kind": kind, "mistake": mistake})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--kata", choices=sorted(KATAS), default="se_block")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    manifest = generate(args.kata, args.count, args.seed, args.out)
    kinds = {k: sum(1 for m in manifest if m["kind"] == k) for k in ("correct", "wrong", "broken", "slow")}
    print(f"{args.out}: {len(manifest)} {args.kata} submissions ({', '.join(f'{v} {k}' for k, v in kinds.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
