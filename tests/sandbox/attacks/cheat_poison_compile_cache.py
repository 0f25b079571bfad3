"""Cheat: plant or damage compiled executables in the judge-prepared compilation cache.

If it could, every later runner that loads the reference's executables would run
the attacker's code, or return whatever the planted program computes. It asks JAX
where its cache is (the judge points it there), then tries to add a file, overwrite
every entry and delete one.

Stopped by: bwrap, which binds the cache read-only at /xla. The process fallback
gives runners no cache at all, so there is nothing to reach this way (and the judge
sets aside a cache whose files differ from what it wrote: prepare/compile_cache.py).
"""

import os
from pathlib import Path

import jax
import numpy as np


def _tamper(directory: Path) -> list[str]:
    done = []
    try:
        (directory / "jit_planted-cache").write_bytes(b"not an executable")
        done.append("added a file")
    except OSError:
        pass
    for entry in sorted(directory.iterdir()):
        try:
            entry.write_bytes(b"overwritten")
            done.append(f"overwrote {entry.name}")
        except OSError:
            pass
        try:
            os.unlink(entry)
            done.append(f"deleted {entry.name}")
        except OSError:
            pass
        break
    return done


CACHE = jax.config.jax_compilation_cache_dir
if CACHE and Path(CACHE).is_dir():
    for line in _tamper(Path(CACHE)):
        print(f"ESCAPED: {line} in {CACHE}")


def se_block_forward(seed, x, reduction):
    return np.zeros(int(np.prod(x.shape)), dtype=np.float32)
