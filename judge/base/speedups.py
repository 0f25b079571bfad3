"""The speed-ups, as one value: what may be cached and how a runner is started faster.

None of them may change a verdict (tests/test_speedups_keep_verdicts.py grades with all of
them off). `SpeedUps.from_environment()` is the only place that reads the switch,
JUDGE_NO_SPEEDUPS; everything else reads the fields of the value it is given:

- `caches`: the disk caches of trusted outputs (judge/base/cache.py), of drawn cases
  (judge/cases/drawn_cache.py) and the runners' compilation cache (judge/prepare/);
- `jit`: the runner calls the submission under `jax.jit` (and may reuse a prepared program);
- `xla_flags`: cheaper compiles for the runner's XLA;
- `compile_cache`: the prepared, sealed compilation cache a runner reads (None: none),
  writable only for the judge's own preparation runs of the trusted reference.

A runner's launch (judge/sandbox/launch.py) consumes the value; the grade builds it
(judge/scoring/grading.py) with the cache judge/prepare/ made.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Set to turn every speed-up off (these caches, the runner's jit): verdicts must not change.
NO_SPEEDUPS_ENV = "JUDGE_NO_SPEEDUPS"
# XLA flags that make a runner's compiles cheaper. At LLVM optimisation level 0 a new shape
# compiles in about half the CPU time; without the new CPU fusion emitters in about half of
# that again (se_block, 8 shapes: 3.56 s, 1.62 s, 0.92 s of CPU). The tiny arrays of a grade
# run no slower to notice, and the results differ from the default build by float rounding
# only (measured on the reference: 15 of 3510 values, by at most 2.4e-7), far inside any
# kata's tolerance. JUDGE_NO_SPEEDUPS=1 turns them off like every other speed-up.
FAST_COMPILE_XLA_FLAGS = ("--xla_backend_optimization_level=0",)
# XLA aborts on a flag it does not know, so the newer flags are used only with the jaxlib
# releases they were checked with. Codegen in one piece instead of split for parallel
# compilation: a grade's programs are tiny, and the split cost ~15 % more CPU (style_batched,
# 12 shapes: 1.36 -> 1.15 s) for the same results to the last bit.
FAST_COMPILE_XLA_FLAGS_BY_JAXLIB = {
    "0.10.2": ("--xla_cpu_use_fusion_emitters=false", "--xla_cpu_parallel_codegen_split_count=1"),
}


@functools.lru_cache(maxsize=1)
def fast_compile_xla_flags() -> str:
    try:
        extra = FAST_COMPILE_XLA_FLAGS_BY_JAXLIB.get(version("jaxlib"), ())
    except PackageNotFoundError:
        extra = ()
    return " ".join((*FAST_COMPILE_XLA_FLAGS, *extra))


@dataclass(frozen=True)
class SpeedUps:
    """Which speed-ups apply: see the module's docstring for each field."""

    caches: bool
    jit: bool
    xla_flags: str = ""  # empty: XLA's own defaults
    compile_cache: Path | None = None
    compile_cache_writable: bool = False

    @classmethod
    def from_environment(cls) -> "SpeedUps":
        """Every speed-up on, unless JUDGE_NO_SPEEDUPS is set (read at each call: tests switch it)."""
        if os.environ.get(NO_SPEEDUPS_ENV):
            return OFF
        return cls(caches=True, jit=True, xla_flags=fast_compile_xla_flags())

    def with_compile_cache(self, directory: Path | None, writable: bool = False) -> "SpeedUps":
        return dataclasses.replace(self, compile_cache=directory, compile_cache_writable=writable)


OFF = SpeedUps(caches=False, jit=False)
