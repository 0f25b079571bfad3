"""Where a runner finds its files, and where the Python packages it imports live.

Shared by both confinement levels: process level (judge/sandbox/launch.py) and bwrap
(judge/sandbox/bwrap.py), which binds the same files at fixed paths.
"""

from __future__ import annotations

import os
import site
from dataclasses import dataclass


@dataclass(frozen=True)
class RunnerPaths:
    """Where the runner finds its files, as the runner sees them."""

    child_script: str
    submission: str
    capture: str
    home: str  # also its working directory
    tmp: str
    compile_cache: str | None = None


def package_dirs() -> list[str]:
    """The site-packages directories the runner imports numpy, jax and flax from."""
    return [path for path in site.getsitepackages() if os.path.isdir(path)]
