"""Runners' XLA flags: a flag XLA does not know aborts it, so newer ones go only where checked."""

from __future__ import annotations

from judge.sandbox import launch


def flags_for(monkeypatch, jaxlib_version):
    monkeypatch.setattr(launch, "version", lambda name: jaxlib_version)
    launch.fast_compile_xla_flags.cache_clear()
    try:
        return launch.fast_compile_xla_flags().split()
    finally:
        launch.fast_compile_xla_flags.cache_clear()


def test_the_checked_jaxlib_gets_every_flag(monkeypatch):
    assert flags_for(monkeypatch, "0.10.2") == ["--xla_backend_optimization_level=0",
                                                "--xla_cpu_use_fusion_emitters=false",
                                                "--xla_cpu_parallel_codegen_split_count=1"]


def test_another_jaxlib_gets_only_the_long_standing_flag(monkeypatch):
    assert flags_for(monkeypatch, "0.10.9") == ["--xla_backend_optimization_level=0"]


def test_runners_get_the_flags_only_with_speedups(tmp_path, monkeypatch):
    submission = tmp_path / "s.py"
    submission.write_text("")
    made = launch.prepare_launch(submission, tmp_path / "child.py", 1024, 10, launch.Sandbox("process"))
    try:
        monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)
        assert made.env["XLA_FLAGS"] == launch.fast_compile_xla_flags()
        monkeypatch.setenv("JUDGE_NO_SPEEDUPS", "1")
        assert "XLA_FLAGS" not in made.env
    finally:
        made.cleanup()
