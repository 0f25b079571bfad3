"""Fixtures for the sandbox tests: a copy of the kata that grades fast."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sandbox_support import HIDDEN_SEEDS, KEPT_CASES, ROOT, SMALL_MEMORY_MIB, make_kata

# Tighter than se_block's, so hanging attacks cost seconds, not minutes. Memory stays
# at se_block's 4096 MiB: jax alone reserves ~1.5 GiB of address space.
TEST_LIMITS = {"import_seconds": 15, "call_seconds": 10, "grade_seconds": 300, "memory_mib": 4096}


@pytest.fixture(scope="session")
def fast_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of se_block with its first few fixed cases, tighter limits and no diagnoses."""
    return make_kata(tmp_path_factory, TEST_LIMITS)


@pytest.fixture(scope="session")
def small_memory_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`fast_kata` with a memory limit of SMALL_MEMORY_MIB, and 30 s calls: filling 2 GiB takes
    seconds on a loaded machine, and the attack must reach the limit before the call limit."""
    return make_kata(tmp_path_factory, dict(TEST_LIMITS, memory_mib=SMALL_MEMORY_MIB, call_seconds=30))


@pytest.fixture(scope="session")
def patient_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`fast_kata` with 30 s calls: for an attack that must outlast a neighbour's grade even on a loaded machine."""
    return make_kata(tmp_path_factory, dict(TEST_LIMITS, call_seconds=30))



@pytest.fixture(scope="session")
def hidden_kata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fast kata with two hidden fixed cases after its visible ones (and so before the
    generated cases, as in se_block), whose seeds are HIDDEN_SEEDS."""
    problem_dir = make_kata(tmp_path_factory, TEST_LIMITS)
    original = yaml.safe_load((ROOT / "problems" / "se_block" / "cases.yaml").read_text(encoding="utf-8"))
    hidden = [dict(case, seed=seed) for case, seed in
              zip((c for c in original["cases"] if c.get("visibility") == "hidden"), HIDDEN_SEEDS)]
    cases = yaml.safe_load((problem_dir / "cases.yaml").read_text(encoding="utf-8"))
    cases["cases"] = cases["cases"][:KEPT_CASES] + hidden
    (problem_dir / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return problem_dir
