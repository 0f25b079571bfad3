"""Versions of everything that can change a verdict, for every report."""

from __future__ import annotations

import functools
import platform
from importlib import metadata


def environment_versions(judge_version: str) -> dict[str, str]:
    """Python, jax, jaxlib, flax, numpy and the judge, read without importing jax."""
    return {"python": platform.python_version(), "judge": judge_version, **_package_versions()}


@functools.lru_cache(maxsize=1)
def _package_versions() -> dict[str, str]:
    """Read once per process: each lookup scans site-packages (~4 ms), and every cache key needs them.

    Callers get a fresh dict from environment_versions, so this one is never changed."""
    versions = {}
    for package in ("jax", "jaxlib", "flax", "numpy", "hypothesis"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions
