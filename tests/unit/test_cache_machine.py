"""Caches that guard compiled code are keyed by the CPU's instruction sets (and the versions):
a cache made on another kind of machine is never looked up, so never loaded.

XLA compiles for the CPU it runs on; an executable that uses AVX-512 dies with SIGILL on a
CPU without it.
"""

from __future__ import annotations

import json
from pathlib import Path

from judge.base import cache, versions
from judge.prepare import compile_cache
from judge.sandbox.levels import Sandbox

WITH_AVX512 = "flags\t\t: fpu sse sse2 avx avx2 avx512f\n"
WITHOUT_AVX512 = "flags\t\t: fpu sse sse2 avx avx2\n"


def features_from(tmp_path: Path, text: str, monkeypatch) -> str:
    cpuinfo = tmp_path / f"cpuinfo-{abs(hash(text))}"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: Some CPU\n" + text)
    monkeypatch.setattr(versions, "CPUINFO", str(cpuinfo))
    versions.cpu_features.cache_clear()
    try:
        return versions.cpu_features()
    finally:
        versions.cpu_features.cache_clear()


def test_cpu_features_name_the_instruction_sets_not_their_order(tmp_path, monkeypatch):
    with_avx512 = features_from(tmp_path, WITH_AVX512, monkeypatch)
    assert with_avx512 != features_from(tmp_path, WITHOUT_AVX512, monkeypatch)
    assert with_avx512 == features_from(tmp_path, "flags\t\t: avx512f avx2 avx sse2 sse fpu\n", monkeypatch)
    assert versions.cpu_features() == versions.cpu_features()  # this machine's: stable


def test_every_cache_key_changes_with_the_cpu(monkeypatch):
    monkeypatch.setattr(cache, "cpu_features", lambda: "x86_64-aaaa")
    here = cache.cache_key("same", b"parts")
    monkeypatch.setattr(cache, "cpu_features", lambda: "x86_64-bbbb")
    assert cache.cache_key("same", b"parts") != here


def seal(directory: Path) -> None:
    directory.mkdir(parents=True)
    (directory / "jit_a-cache").write_bytes(b"an executable")
    compile_cache._manifest_path(directory).write_text(json.dumps(compile_cache._seal(directory)))


def test_a_compilation_cache_from_another_cpu_is_never_used(se_block, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
    prepared = []
    monkeypatch.setattr(compile_cache, "_prepare",
                        lambda problem, directory, tier, step=None: prepared.append(directory))
    monkeypatch.setattr(cache, "cpu_features", lambda: "x86_64-other-machine")
    theirs = compile_cache._directory(se_block, "full")
    seal(theirs)  # a complete, intact cache, as a CI cache restore would bring
    assert compile_cache.runner_cache_for(se_block, Sandbox("bwrap", "/usr/bin/bwrap")) == theirs  # there: used
    monkeypatch.setattr(cache, "cpu_features", lambda: "x86_64-this-machine")
    found = compile_cache.runner_cache_for(se_block, Sandbox("bwrap", "/usr/bin/bwrap"))
    assert found != theirs
    assert prepared and theirs not in prepared  # this machine prepares its own instead

# The runner's own program keys: tests/unit/test_program_cache.py (it imports jax).
