"""Benchmark: `judge report` over N synthetic batch records (default 5,000) and their source files.

Run from the repository root:  python bench/class_report.py [--records N] [--keep DIR]

It writes, in a temporary folder, N se_block records shaped like a real batch's (36 fixed
and 100 generated cases each, diagnoses, printed output) and N source files (solutions
assembled from interchangeable idioms plus a few lines of each student's own, 1 % of them
renamed copies of another), then times `judge report` in a fresh process for each of:
HTML with look-alikes, Markdown with look-alikes, HTML without (--no-lookalikes); it prints
the wall time, the CPU time (user + system: what a busy machine does not inflate) and the
peak resident memory (ru_maxrss of the child) of each. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED = [f"fixed-{i:02}" for i in range(36)]
GENERATED = [f"gen-{i:03}" for i in range(1, 101)]
MISTAKES = {  # id: (message, cases it fails: every nth fixed case, share of generated ones)
    "missing_sigmoid": ("the gates are not squashed into (0, 1)", 1, 1.0),
    "init_mismatch": ("the weights differ from the reference initialisation", 1, 1.0),
    "wrong_pooling_axes": ("the squeeze averages over other axes", 2, 0.9),
    "zero_bottleneck": ("the hidden layer gets zero units when reduction > C", 9, 0.1),
    "ignores_seed": ("the output does not depend on the seed", 3, 0.5),
}
SQUEEZE = ["jnp.mean({x}, axis=(0, 1))", "{x}.mean(axis=(0, 1))",
           "jnp.sum({x}, axis=(0, 1)) / ({x}.shape[0] * {x}.shape[1])",
           'jnp.einsum("hwc->c", {x}) / ({x}.shape[0] * {x}.shape[1])']
HIDDEN = ["nn.Dense(max({c} // self.{r}, 1))({s})", "nn.Dense(features=max(1, {c} // self.{r}))({s})"]
RELU = ["nn.relu({h})", "jax.nn.relu({h})", "jnp.maximum({h}, 0.0)"]
GATE = ["jax.nn.sigmoid({z})", "nn.sigmoid({z})", "1.0 / (1.0 + jnp.exp(-{z}))"]
RETURN = ["({x} * {g}).reshape(-1)", "jnp.ravel({x} * {g})", "({x} * {g}[None, None, :]).flatten()"]
NAMES = ["x", "inp", "fmap", "feat", "t", "a", "h", "z", "s", "g", "w", "v", "y", "out", "tmp", "c", "n", "r", "k", "m"]


def source(rng: random.Random) -> str:
    x, c, s, h, z, g, r = rng.sample(NAMES, 7)
    extra = [f"    # step {rng.randint(1, 9)}: "
             f"{rng.choice(['squeeze', 'excite', 'scale', 'check'])} ({rng.random():.3f})",
             f"    assert {x}.ndim == {rng.choice([3, 3, 3])}, 'expected {rng.randint(0, 10**6)}'",
             f"    {rng.choice(NAMES)}_{rng.randint(0, 999)} = {x}.shape[{rng.randint(0, 2)}] * {rng.randint(2, 99)}",
             f"    print('debug', {x}.shape, {rng.randint(0, 10**4)})"]
    body = [f"    {c} = {x}.shape[-1]", f"    {s} = {rng.choice(SQUEEZE).format(x=x)}",
            f"    {h} = {rng.choice(HIDDEN).format(c=c, r=r, s=s)}", f"    {h} = {rng.choice(RELU).format(h=h)}",
            f"    {z} = nn.Dense({c})({h})", f"    {g} = {rng.choice(GATE).format(z=z)}"]
    for line in rng.sample(extra, rng.randint(1, 4)):
        body.insert(rng.randint(1, len(body)), line)
    helper = (f"\n\ndef helper_{rng.randint(0, 999)}(v):\n    return v * {rng.randint(2, 9)} + {rng.random():.4f}\n"
              if rng.random() < 0.5 else "")
    return (f'"""Student {rng.randint(0, 10**6)}."""\n\nimport jax\nimport jax.numpy as jnp\nimport flax.linen as nn\n'
            f"{helper}\n\nclass SE{rng.randint(0, 99)}(nn.Module):\n    {r}: int\n\n    @nn.compact\n"
            f"    def __call__(self, {x}):\n"
            + "\n".join(body).replace("\n    ", "\n        ").replace("    ", "        ", 1)
            + f"\n        return {rng.choice(RETURN).format(x=x, g=g)}\n\n\ndef se_block_forward(seed, x, reduction):\n"
            f"    m = SE{rng.randint(0, 99)}({r}=reduction)\n    p = m.init(jax.random.PRNGKey(seed), x)\n"
            "    return m.apply(p, x)\n")


def renamed(text: str, rng: random.Random) -> str:
    for old in rng.sample(NAMES, 5):
        text = text.replace(f" {old} ", f" {old}_{rng.randint(0, 9)} ")
    return text.replace("# step", "# part")


def record(path: str, rng: random.Random) -> dict:
    mistake = rng.choice([None, None, *MISTAKES])
    cases = []
    for kind, ids in (("fixed", FIXED), ("generated", GENERATED)):
        for number, case_id in enumerate(ids):
            failed = mistake and ((kind == "fixed" and number % MISTAKES[mistake][1] == 0)
                                  or (kind == "generated" and rng.random() < MISTAKES[mistake][2]))
            cases.append({"id": case_id, "kind": kind, "status": "failed" if failed else "passed",
                          "message": "mismatched elements: 12 / 64" if failed else "matches",
                          "points": 0.0 if failed else 1.0, "max_points": 1.0,
                          "details": ["tolerance: rtol=1e-05, atol=1e-06", "max absolute difference: 0.76"]
                          if failed else [],
                          "inputs": "seed=0, x=normal(4, 4, 4) [seed=1, spread=2.0], reduction=2",
                          "output": "debug (4, 4, 4)\n" if rng.random() < 0.1 else ""})
    score = 100.0 * sum(c["points"] for c in cases) / len(cases)
    diagnoses = [{"id": mistake, "message": MISTAKES[mistake][0], "evidence": ["fixed-00"], "observed": ["..."],
                  "hint": "Look at the step this mistake names.", "more_hints": 2,
                  "identified": rng.random() < 0.8}] if mistake else []
    return {"schema_version": 1, "problem": "se_block", "submission": path,
            "status": "passed" if score == 100 else "failed",
            "score": round(score, 2), "max_score": 100.0, "diagnoses": diagnoses, "cases": cases, "seed": 0,
            "examples": len(GENERATED), "versions": {"judge": "0.1.0", "jax": "0.10.2", "flax": "0.12.8"},
            "duration_s": 2.0, "isolation": "bwrap", "load_error": None, "minimal_failure": None, "path": path,
            "judge_error": None}


def write_class(folder: Path, count: int, seed: int = 18) -> tuple[Path, list[tuple[str, str]]]:
    """The results log, and the planted copies as (original, copy) paths."""
    rng = random.Random(seed)
    (folder / "students").mkdir(parents=True, exist_ok=True)
    texts, planted = [], []
    with open(folder / "results.jsonl", "w", encoding="ascii") as log:
        for number in range(count):
            path = f"students/{number:05}.py"
            if texts and rng.random() < 0.01:
                original = rng.randrange(len(texts))
                text = renamed(texts[original], rng)
                planted.append((f"students/{original:05}.py", path))
            else:
                text = source(rng)
            texts.append(text)
            (folder / path).write_text(text, encoding="utf-8")
            log.write(json.dumps(record(path, rng)) + "\n")
    return folder / "results.jsonl", planted


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of `command`, run alone in a child process."""
    script = ("import resource, subprocess, sys, time\nstart = time.monotonic()\n"
              "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
              "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)\n"
              "print(done.returncode, done.stderr.strip()[-300:], file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", script, *command], cwd=cwd, capture_output=True, text=True)
    seconds, cpu, peak = result.stdout.split()
    return float(seconds), float(cpu), float(peak), result.stderr.strip()


def planted_recall(folder: Path, log: Path, planted: list[tuple[str, str]]) -> str:
    """How many planted copies the look-alikes list, and how many listed pairs are chance.

    A listed pair of two files descended from one original (a copy of a copy) is not chance.
    """
    from judge.classreport.lookalikes import find_lookalikes
    from judge.classreport.sources import SourceReader

    family = {}
    for original, copy in planted:
        family[copy] = family.get(original, original)
    paths = [json.loads(line)["submission"] for line in log.read_text(encoding="ascii").splitlines()]
    [found] = find_lookalikes({"se_block": paths}, SourceReader(folder)).problems
    listed = {frozenset((pair.a, pair.b)) for pair in found.pairs}
    hits = sum(frozenset(pair) in listed for pair in planted)
    related = sum(family.get(pair.a, pair.a) == family.get(pair.b, pair.b) for pair in found.pairs)
    return (f"planted copies listed {hits} of {len(planted)}; listed pairs {len(found.pairs)} "
            f"(+{found.more_pairs} not shown), chance pairs {len(found.pairs) - related}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="write the class here and keep it (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=18,
                        help="the generator's seed (another seed: a class not tuned on)")
    parser.add_argument("--recall-only", action="store_true",
                        help="only count the planted copies found (in this process), without timing the three reports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        started = time.monotonic()
        log, planted = write_class(folder, args.records, args.seed)
        print(f"{args.records} records ({log.stat().st_size / 2**20:.1f} MiB) and source files written in "
              f"{time.monotonic() - started:.1f} s")
        judge = [sys.executable, "-m", "judge", "report", str(log)]
        for label, extra in () if args.recall_only else (("html, look-alikes", ["--output", "class.html"]),
                             ("markdown, look-alikes", ["--output", "class.md"]),
                             ("html, --no-lookalikes", ["--output", "plain.html", "--no-lookalikes"])):
            seconds, cpu, peak, said = timed(judge + extra, folder)
            size = (folder / extra[1]).stat().st_size / 2**20 if (folder / extra[1]).exists() else 0
            print(f"{label:24} wall {seconds:6.1f} s  cpu {cpu:6.1f} s  peak {peak:5.0f} MiB  report {size:.2f} MiB"
                  f"  | {said.splitlines()[-1]}", flush=True)
        print(planted_recall(folder, log, planted))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
