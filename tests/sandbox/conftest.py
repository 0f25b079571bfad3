"""Fixtures for the sandbox tests: a copy of the kata that grades fast."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sandbox_support import HIDDEN_SEEDS, ROOT

# The attack grades need few cases: each attack behaves the same on every call.
KEPT_CASES = 3
# Tighter than se_block's, so hanging attacks cost seconds, not minutes. Memory stays
# at se_block's 4096 MiB: jax alone reserves ~1.5 GiB of address space.
TEST_LIMITS = {"import_seconds": 15, "call_seconds": 10, "grade_seconds": 300, "memory_mib": 4096}


@pytest.fixture(scope="session")
def fast_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of se_block with its first few fixed cases, tighter limits and no diagnoses."""
    root = tmp_path_factory.mktemp("kata")
    problem_dir = root / "problems" / "se_block"
    shutil.copytree(ROOT / "problems" / "se_block", problem_dir)
    shutil.copytree(ROOT / "reference", root / "reference")
    spec = yaml.safe_load((problem_dir / "problem.yaml").read_text(encoding="utf-8"))
    spec["limits"] = TEST_LIMITS
    spec.pop("diagnosis", None)  # it names cases this copy drops
    (problem_dir / "problem.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    cases = yaml.safe_load((problem_dir / "cases.yaml").read_text(encoding="utf-8"))
    cases["cases"] = cases["cases"][:KEPT_CASES]
    (problem_dir / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return problem_dir


@pytest.fixture(scope="session")
def hidden_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fast kata with two hidden fixed cases after its visible ones (and so before the
    generated cases, as in se_block), whose seeds are HIDDEN_SEEDS."""
    root = tmp_path_factory.mktemp("hidden-kata")
    shutil.copytree(ROOT / "reference", root / "reference")
    problem_dir = root / "problems" / "se_block"
    shutil.copytree(ROOT / "problems" / "se_block", problem_dir)
    spec = yaml.safe_load((problem_dir / "problem.yaml").read_text(encoding="utf-8"))
    spec["limits"] = TEST_LIMITS
    spec.pop("diagnosis", None)
    (problem_dir / "problem.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    cases = yaml.safe_load((problem_dir / "cases.yaml").read_text(encoding="utf-8"))
    hidden = [dict(case, seed=seed) for case, seed in
              zip((c for c in cases["cases"] if c.get("visibility") == "hidden"), HIDDEN_SEEDS)]
    cases["cases"] = cases["cases"][:KEPT_CASES] + hidden
    (problem_dir / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return problem_dir
