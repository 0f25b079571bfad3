"""Loading trusted implementations of a problem (its reference, its known-wrong mutants).

These run inside the judge's process: they are part of the problem, written by its
authors, never submissions.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any, Callable

from judge.base.errors import JudgeError


def load_function(path: Path, entry_point: str) -> Callable[..., Any]:
    """Import `path` under a private module name and return its `entry_point`."""
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    module_name = f"_judge_impl_{path.stem}_{digest}"
    if module_name in sys.modules:
        module = sys.modules[module_name]
    else:
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - a broken implementation is the problem author's to fix
            raise JudgeError(f"{path}: failed to import ({type(exc).__name__}: {exc}); fix this file") from None
        sys.modules[module_name] = module
    function = getattr(module, entry_point, None)
    if not callable(function):
        raise JudgeError(f"{path}: defines no function {entry_point!r}; every implementation of the problem must")
    return function
