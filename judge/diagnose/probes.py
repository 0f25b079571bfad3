"""Loading and running a problem's probe module against a subject."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import numpy as np

from judge.base.cache import Observation
from judge.base.errors import JudgeError
from judge.diagnose.api import Call, Finding, Holds

# Mixed into the grade's seed so probe inputs are not the generated cases' draws.
_PROBE_STREAM = 0x5EB10C


@dataclass
class ProbeRun:
    """What one probe run saw: its findings, its positive evidence, and whether it ran whole.

    A run in which any call raised, crashed or timed out proves nothing about the
    architecture: its conclusive findings and its `Holds` earn nothing.
    """

    findings: list[Finding] = field(default_factory=list)
    holds: list[Holds] = field(default_factory=list)
    calls: int = 0
    failed_calls: list[str] = field(default_factory=list)  # the error of each call that returned no array

    @property
    def complete(self) -> bool:
        return self.calls > 0 and not self.failed_calls


def probe_rng(seed: int) -> np.random.Generator:
    """The probes' random inputs for a grade with this seed: reproducible, unknown in advance."""
    return np.random.default_rng([_PROBE_STREAM, seed])


def load_probe_module(path: Path) -> ModuleType:
    module_name = f"_judge_probes_{path.parent.name}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - a broken probe module is the problem author's to fix
            raise JudgeError(f"{path}: failed to import ({type(exc).__name__}: {exc}); fix the probe module") from None
        sys.modules[module_name] = module
    if not callable(getattr(module, "probe", None)):
        raise JudgeError(f"{path}: defines no function probe(call, rng); a probe module must")
    return module


def run_probes(path: Path, call: Call, known: set[str], seed: int = 0) -> ProbeRun:
    """Run `probe(call, rng)` of the module at `path`; finding ids must be in the catalog."""
    module = load_probe_module(path)
    run = ProbeRun()

    def counted(*args: Any) -> Observation:
        observation = call(*args)
        run.calls += 1
        if observation.array is None:
            run.failed_calls.append(observation.error or "no array")
        return observation

    takes_rng = len(inspect.signature(module.probe).parameters) >= 2
    items = list(module.probe(counted, probe_rng(seed)) if takes_rng else module.probe(counted))
    for item in items:
        if isinstance(item, Holds):
            run.holds.append(item)
        elif isinstance(item, Finding):
            if item.diagnosis not in known:
                raise JudgeError(f"{path}: probe {item.probe!r} reported {item.diagnosis!r}, "
                                 "which is not in problem.yaml's diagnosis.catalog; add it there")
            run.findings.append(item)
        else:
            raise JudgeError(f"{path}: probe() returned {type(item).__name__}; return Finding and Holds items only")
    return run


def graded_checker(path: Path) -> Callable[[tuple, np.ndarray], str | None] | None:
    """The module's `check_graded(args, output)`, or None when it defines none."""
    check = getattr(load_probe_module(path), "check_graded", None)
    return check if callable(check) else None


def consistency_checker(path: Path) -> Callable[..., str | None] | None:
    """The module's `check_consistent(call, args, output, rng)`, or None when it defines none."""
    check = getattr(load_probe_module(path), "check_consistent", None)
    return check if callable(check) else None
