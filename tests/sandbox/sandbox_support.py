"""What the sandbox tests share: the levels, and whether this machine can test bwrap.

Tests of the bwrap level skip where bwrap is missing or cannot run, except in CI:
`.ci/run` sets JUDGE_REQUIRE_BWRAP_TESTS=1 (and installs bubblewrap), and there a
missing bwrap fails the tests instead of skipping them silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("bwrap", "process")
# For the attacks on the whole runner's memory (attacks/expected.yaml: `memory_mib`): the
# least that still fits jax's ~1.5 GiB of address space under RLIMIT_AS, so that an attack
# the cgroup stops holds at most ~2 GiB of real memory on CI's 24 GiB machine.
SMALL_MEMORY_MIB = 2048


# The attack grades need few cases: each attack behaves the same on every call.
KEPT_CASES = 3


def make_kata(tmp_path_factory: pytest.TempPathFactory, limits: dict) -> Path:
    """A copy of se_block with its first few fixed cases, `limits` and no diagnoses."""
    root = tmp_path_factory.mktemp("kata")
    problem_dir = root / "problems" / "se_block"
    shutil.copytree(ROOT / "problems" / "se_block", problem_dir)
    shutil.copytree(ROOT / "reference", root / "reference")
    spec = yaml.safe_load((problem_dir / "problem.yaml").read_text(encoding="utf-8"))
    spec["limits"] = limits
    spec.pop("diagnosis", None)  # it names cases this copy drops
    (problem_dir / "problem.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    cases = yaml.safe_load((problem_dir / "cases.yaml").read_text(encoding="utf-8"))
    cases["cases"] = cases["cases"][:KEPT_CASES]
    (problem_dir / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return problem_dir


# The seeds of the hidden cases of the `hidden_kata` fixture (conftest.py): numbers no other
# part of a report looks like, so finding one in a report means a hidden case leaked.
HIDDEN_SEEDS = (71717, 82828)


def bwrap_unavailable() -> str | None:
    """Why the bwrap level cannot be tested here, or None."""
    from judge.runner.confinement import choose

    if shutil.which("bwrap") is None:
        return "bwrap is not installed (apt-get install bubblewrap)"
    sandbox = choose("auto")
    if sandbox.level == "bwrap":
        return None
    return sandbox.note or "bwrap failed its probe"


def require_level(level: str) -> None:
    """Skip (or, in CI, fail) a test of `level` this machine cannot run."""
    if level != "bwrap":
        return
    reason = bwrap_unavailable()
    if reason is None:
        return
    if os.environ.get("JUDGE_REQUIRE_BWRAP_TESTS") == "1":
        pytest.fail(f"JUDGE_REQUIRE_BWRAP_TESTS=1 but {reason}")
    pytest.skip(f"sandbox level bwrap not testable: {reason}")


def cgroups_available() -> bool:
    """Whether this judge gives runners cgroups (sandbox/cgroups.py): root on this machine and CI."""
    from judge.sandbox import cgroups

    return cgroups.support().hierarchy is not None
