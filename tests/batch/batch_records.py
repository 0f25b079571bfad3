"""Grade records built by hand for the batch tests (a module name of its own: tests/unit has a conftest too)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
JUNIT_XSD = REPO / "tests" / "data" / "junit-10.xsd"
VERSIONS = {"python": "3.11.7", "judge": "0.1.0", "jax": "0.10.2", "jaxlib": "0.10.2", "flax": "0.12.8",
            "numpy": "2.0", "hypothesis": "6.100"}


def make_case(case_id: str, status: str = "passed", *, kind: str = "fixed", hidden: bool = False,
              points: float = 10.0, message: str | None = None, details: tuple[str, ...] = (),
              output: str = "") -> dict:
    return {
        "id": case_id, "kind": kind, "status": status,
        "message": message or ("matches" if status == "passed" else "mismatched elements: 3 / 64"),
        "points": points if status == "passed" else 0.0, "max_points": points,
        "details": list(details), "inputs": None if hidden else "seed=0, x=normal(4, 4, 4) [seed=1], reduction=2",
        "output": output,
    }


def make_record(path: str, cases: list[dict] | None = None, *, load_error: str | None = None,
                judge_error: str | None = None, diagnoses: tuple[tuple[str, str], ...] = (),
                seed: int = 0, examples: int = 2) -> dict:
    cases = [] if judge_error else (cases if cases is not None else [make_case("a"), make_case("b")])
    score = sum(c["points"] for c in cases)
    max_score = sum(c["max_points"] for c in cases) or 100.0
    status = "error" if (load_error or judge_error) else "passed" if score == max_score else "failed"
    return {
        "schema_version": 1, "problem": "se_block", "submission": path, "status": status,
        "score": score, "max_score": max_score,
        "diagnoses": [{"id": d, "message": m, "evidence": []} for d, m in diagnoses],
        "cases": cases, "seed": seed, "versions": dict(VERSIONS), "duration_s": 1.25,
        "isolation": "process", "load_error": load_error, "minimal_failure": None, "examples": examples,
        "path": path, "judge_error": judge_error,
    }
