"""Versions of everything that can change a verdict, for every report."""

from __future__ import annotations

import functools
import hashlib
import platform
from importlib import metadata

# Where Linux lists the CPU's instruction set extensions ("flags" on x86, "Features" on ARM).
CPUINFO = "/proc/cpuinfo"


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


@functools.lru_cache(maxsize=1)
def cpu_features() -> str:
    """The instruction sets compiled code may use on this machine, e.g. `x86_64-3f2a9c01b7e4`.

    XLA compiles for the CPU it runs on: an executable built where AVX-512 exists dies with
    SIGILL where it does not. Every cache key that guards compiled code includes this, so
    a cache copied from another kind of machine is never even looked up.
    """
    features = ""
    try:
        with open(CPUINFO, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() in ("flags", "Features"):
                    features = " ".join(sorted(value.split()))
                    break
    except OSError:
        features = platform.processor()  # not Linux: coarser, but never another machine's
    return f"{platform.machine()}-{hashlib.sha256(features.encode()).hexdigest()[:12]}"
