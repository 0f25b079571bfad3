"""Loading and running a problem's probe module against a subject."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from judge.diagnose.api import Call, Finding
from judge.errors import JudgeError


def run_probes(path: Path, call: Call, known: set[str]) -> list[Finding]:
    """The findings of `probe(call)` in the module at `path`; ids must be in the catalog."""
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
        raise JudgeError(f"{path}: defines no function probe(call); a probe module must")
    findings = list(module.probe(call))
    for finding in findings:
        if finding.diagnosis not in known:
            raise JudgeError(f"{path}: probe {finding.probe!r} reported {finding.diagnosis!r}, "
                             "which is not in problem.yaml's diagnosis.catalog; add it there")
    return findings
