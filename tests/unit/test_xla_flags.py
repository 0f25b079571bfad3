"""Runners' XLA flags: a flag XLA does not know aborts it, so newer ones go only where checked."""

from __future__ import annotations

from judge.base import speedups
from judge.base.speedups import SpeedUps
from judge.sandbox import launch
from judge.sandbox.levels import PROCESS


def flags_for(monkeypatch, jaxlib_version):
    monkeypatch.setattr(speedups, "version", lambda name: jaxlib_version)
    speedups.fast_compile_xla_flags.cache_clear()
    try:
        return speedups.fast_compile_xla_flags().split()
    finally:
        speedups.fast_compile_xla_flags.cache_clear()


def test_the_checked_jaxlib_gets_every_flag(monkeypatch):
    assert flags_for(monkeypatch, "0.10.2") == ["--xla_backend_optimization_level=0",
                                                "--xla_cpu_use_fusion_emitters=false",
                                                "--xla_cpu_parallel_codegen_split_count=1"]


def test_another_jaxlib_gets_only_the_long_standing_flag(monkeypatch):
    assert flags_for(monkeypatch, "0.10.9") == ["--xla_backend_optimization_level=0"]


def test_runners_get_the_flags_only_with_speedups(tmp_path, monkeypatch):
    submission = tmp_path / "s.py"
    submission.write_text("")
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
    fast = launch.prepare_launch(submission, tmp_path / "child.py", 1024, 10, PROCESS, SpeedUps.from_environment())
    monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
    plain = launch.prepare_launch(submission, tmp_path / "child.py", 1024, 10, PROCESS, SpeedUps.from_environment())
    try:
        assert fast.env["XLA_FLAGS"] == speedups.fast_compile_xla_flags()
        assert "XLA_FLAGS" not in plain.env
    finally:
        fast.cleanup()
        plain.cleanup()
