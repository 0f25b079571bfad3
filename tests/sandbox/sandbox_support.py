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

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("bwrap", "process")
# The seeds of the hidden cases of the `hidden_kata` fixture (conftest.py): numbers no other
# part of a report looks like, so finding one in a report means a hidden case leaked.
HIDDEN_SEEDS = (71717, 82828)


def bwrap_unavailable() -> str | None:
    """Why the bwrap level cannot be tested here, or None."""
    from judge.sandbox.levels import choose

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
