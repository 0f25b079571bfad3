"""Cheat: use the reference's compiled programs in the judge-prepared cache as an oracle.

The cache holds the reference compiled for every shape a grade uses. A runner may load
an entry whose name it knows (the name is a digest of the program, which only a correct
submission can produce); one that could list the directory could load every entry,
call the one that takes this call's shapes, and return what the reference returns (it
refuses to be traced, so the judge calls it eagerly, where a compiled program can run).

Stopped by: the sealed cache directory is not listable (mode 0111, read by name only);
the process fallback gives runners no cache at all.
"""

import os
import zlib

import jax
import numpy as np

CACHE = jax.config.jax_compilation_cache_dir
try:
    NAMES = sorted(os.listdir(CACHE)) if CACHE else []
except OSError:
    NAMES = []
if NAMES:
    print(f"ESCAPED: listed {len(NAMES)} entries of {CACHE}")


def _oracle_answer(seed, x, reduction):
    from jax.experimental import serialize_executable

    x = jax.numpy.asarray(x)
    in_tree = jax.tree_util.tree_structure(((seed, x), {}))
    out_tree = jax.tree_util.tree_structure(x.reshape(-1))
    for name in NAMES:
        if not name.startswith("program-"):
            continue
        try:
            with open(os.path.join(CACHE, name), "rb") as handle:
                program = serialize_executable.deserialize_and_load(zlib.decompress(handle.read()), in_tree, out_tree)
            out = np.asarray(program(seed, x))
        except Exception:  # noqa: BLE001 - another shape or another kind of entry
            continue
        if out.shape == (x.size,):
            print(f"ESCAPED: answered with {name}")
            return out
    return None


def se_block_forward(seed, x, reduction):
    if isinstance(x, jax.core.Tracer):
        raise TypeError("only concrete inputs")  # the judge then calls again eagerly
    answer = _oracle_answer(seed, x, reduction) if NAMES else None
    return answer if answer is not None else np.zeros(int(np.prod(np.shape(x))), dtype=np.float32)
