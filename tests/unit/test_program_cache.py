"""The runners' program cache (judge/runner/isolated/programs.py): what makes two traced programs
the same, and that a stored program runs like a fresh compile.

A key that matched two different computations would run the reference's executable for a
submission that is not the reference, so most tests here are about keys that must differ.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "judge" / "runner" / "isolated"))
import fastpath  # noqa: E402 - the runner's modules, imported as the runner imports them
import programs  # noqa: E402

X = jnp.linspace(-1.0, 1.0, 12, dtype=jnp.float32).reshape(3, 4)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return programs.ProgramCache(str(tmp_path_factory.mktemp("programs")), False, jax)


def key(cache, function, *args, static=(2,)):
    return cache.key(jax.jit(function, static_argnums=static).trace(*args))


def gate(seed, x, r):
    return (x * jax.nn.sigmoid(jnp.mean(x, axis=0) * r) + seed).reshape(-1)


def test_the_same_computation_written_differently_has_one_key(cache):
    def renamed(s, y, factor):
        return (y * jax.nn.sigmoid(jnp.mean(y, axis=0) * factor) + s).reshape(-1)

    @partial(jax.jit, static_argnums=(2,))
    def self_jitted(seed, x, r):  # a learner's own jit: a plain nested call, inlined
        return gate(seed, x, r)

    assert key(cache, gate, 1, X, 2) == key(cache, renamed, 1, X, 2) == key(cache, self_jitted, 1, X, 2)


def test_a_different_static_value_or_input_shape_is_another_program(cache):
    assert key(cache, gate, 1, X, 2) != key(cache, gate, 1, X, 3)
    assert key(cache, gate, 1, X, 2) != key(cache, gate, 1, X.reshape(4, 3), 2)


def test_constants_and_literals_are_compared_by_value(cache):
    """Printed jaxprs show an array constant as '[...]': the key must not."""
    ramp, reversed_ramp = np.arange(4, dtype=np.float32), np.arange(4, dtype=np.float32)[::-1].copy()
    assert key(cache, lambda s, x, r: x * ramp, 1, X, 2) != key(cache, lambda s, x, r: x * reversed_ramp, 1, X, 2)
    assert key(cache, lambda s, x, r: x * ramp, 1, X, 2) == key(cache, lambda s, x, r: x * ramp.copy(), 1, X, 2)
    nearly_half = float(np.nextafter(np.float32(0.5), np.float32(1)))
    assert key(cache, lambda s, x, r: x * 0.5, 1, X, 2) != key(cache, lambda s, x, r: x * nearly_half, 1, X, 2)


def test_a_changed_config_is_another_program(cache):
    before = key(cache, gate, 1, X, 2)
    with jax.default_matmul_precision("bfloat16"):
        assert key(cache, gate, 1, X, 2) != before


def test_what_the_key_cannot_describe_is_never_cached(cache):
    def prints(seed, x, r):
        jax.debug.print("{}", x.sum())  # an effect
        return x.reshape(-1)

    def donates_inside(seed, x, r):
        return jax.jit(lambda y: y * 2, donate_argnums=0)(x).reshape(-1)

    assert key(cache, prints, 1, X, 2) is None
    assert key(cache, donates_inside, 1, X, 2) != key(cache, lambda s, x, r: (x * 2).reshape(-1), 1, X, 2)


def test_call_signatures_separate_what_jit_would_compile_apart():
    sig = fastpath.call_signature
    assert sig([1, X, 2], (2,)) == sig([7, X + 1, 2], (2,))  # the seed's value is traced
    assert sig([1, X, 2], (2,)) != sig([1, X, 3], (2,))
    assert sig([1, X, 2], (2,)) != sig([1, X.astype(jnp.float16), 2], (2,))
    assert sig([1, X, 2], (2,)) != sig([1, np.asarray(X), 2], (2,))
    assert sig([1, X, [2]], (2,)) is None  # an unhashable static value: plain jit decides


def test_a_stored_program_gives_what_a_fresh_compile_gives(tmp_path):
    writer = programs.ProgramCache(str(tmp_path), True, jax)
    jitted = jax.jit(gate, static_argnums=(2,))
    fresh = np.asarray(writer.executable(jitted, [3, X, 2], (2,))(3, X, 2))
    stored = [p for p in tmp_path.iterdir() if p.name.startswith(programs.PREFIX)]
    assert len(stored) == 1

    reader = programs.ProgramCache(str(tmp_path), False, jax)
    loaded = reader.executable(jitted, [3, X, 2], (2,))
    np.testing.assert_array_equal(np.asarray(loaded(3, X, 2)), fresh)
    np.testing.assert_array_equal(np.asarray(loaded(5, X, 2)), np.asarray(jitted(5, X, 2)))


def test_a_damaged_entry_is_compiled_instead(tmp_path):
    jitted = jax.jit(gate, static_argnums=(2,))
    programs.ProgramCache(str(tmp_path), True, jax).executable(jitted, [3, X, 2], (2,))
    (entry,) = [p for p in tmp_path.iterdir() if p.name.startswith(programs.PREFIX)]
    entry.write_bytes(b"not a program")
    loaded = programs.ProgramCache(str(tmp_path), False, jax).executable(jitted, [3, X, 2], (2,))
    np.testing.assert_array_equal(np.asarray(loaded(3, X, 2)), np.asarray(jitted(3, X, 2)))
    assert entry.read_bytes() == b"not a program"  # a read-only cache is never written


def test_a_program_compiled_for_another_cpu_has_another_key(tmp_path, monkeypatch):
    """XLA compiles for this CPU: an executable using AVX-512 dies with SIGILL where it is missing."""
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: sse2 fpu avx512f avx2\n")
    assert programs.cpu_features(str(cpuinfo)) == "avx2 avx512f fpu sse2"
    traced = jax.jit(gate, static_argnums=(2,)).trace(3, X, 2)
    monkeypatch.setattr(programs, "cpu_features", lambda: "avx2 avx512f fpu sse2")
    here = programs.ProgramCache(str(tmp_path), False, jax).key(traced)
    monkeypatch.setattr(programs, "cpu_features", lambda: "avx2 fpu sse2")
    elsewhere = programs.ProgramCache(str(tmp_path), False, jax).key(traced)
    assert here is not None and elsewhere is not None and here != elsewhere
