"""Versions of everything that can change a verdict, for every report."""

from __future__ import annotations

import platform
from importlib import metadata


def environment_versions(judge_version: str) -> dict[str, str]:
    """Python, jax, jaxlib, flax, numpy and the judge, read without importing jax."""
    versions = {"python": platform.python_version(), "judge": judge_version}
    for package in ("jax", "jaxlib", "flax", "numpy", "hypothesis"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions
