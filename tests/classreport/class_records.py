"""Batch records built by hand for the class report's tests (nothing here grades or imports jax)."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
VERSIONS = {"python": "3.11.7", "judge": "0.1.0", "jax": "0.10.2", "jaxlib": "0.10.2", "flax": "0.12.8"}


def case(case_id: str, status: str = "passed", kind: str = "fixed", *, hidden: bool = False,
         message: str = "") -> dict:
    return {"id": case_id, "kind": kind, "status": status, "message": message or status,
            "points": 1.0 if status == "passed" else 0.0, "max_points": 1.0, "details": [],
            "inputs": None if hidden else "seed=0", "output": ""}


def record(path: str, score: float, *, problem: str = "se_block", failing: tuple[str, ...] = (),
           likely: tuple[str, ...] = (), possible: tuple[str, ...] = (), load_error: str | None = None,
           judge_error: str | None = None, cases: tuple[str, ...] = ("a", "b", "gen-1"), max_score: float = 100.0,
           message: str = "the message", hint: str = "the first hint") -> dict:
    status = "error" if load_error or judge_error else "passed" if score >= max_score else "failed"
    rows = [] if judge_error else [
        case(c, "error" if load_error else "failed" if c in failing else "passed",
             "generated" if c.startswith("gen") else "fixed")
        for c in cases]
    diagnoses = [{"id": d, "message": f"{message} ({d})", "hint": f"{hint} ({d})", "evidence": [], "identified": True}
                 for d in likely]
    diagnoses += [{"id": d, "message": f"{message} ({d})", "hint": f"{hint} ({d})", "evidence": [], "identified": False}
                  for d in possible]
    return {"schema_version": 1, "problem": problem, "submission": path, "status": status, "score": score,
            "max_score": max_score, "diagnoses": diagnoses, "cases": rows, "seed": 0, "examples": 1,
            "versions": dict(VERSIONS), "duration_s": 1.0, "isolation": "process", "load_error": load_error,
            "minimal_failure": None, "path": path, "judge_error": judge_error}


def write_log(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    return path


def small_class() -> list[dict]:
    """Five submissions of se_block: two passed, two diagnosed, one that did not load, one not graded."""
    return [
        record("s/alice.py", 100.0),
        record("s/bob.py", 100.0),
        record("s/carol.py", 15.0, failing=("a", "b", "gen-1"), likely=("missing_sigmoid",)),
        record("s/dave.py", 60.0, failing=("b",), likely=("init_mismatch",), possible=("missing_sigmoid",)),
        record("s/erin.py", 0.0, load_error="syntax error on line 3"),
        record("s/frank.py", 0.0, judge_error="took longer than the batch's limit"),
    ]
