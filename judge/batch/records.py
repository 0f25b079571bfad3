"""One line of a batch's results log: the grade's JSON document plus `path` and `judge_error`.

A grade process that finished (exit 0 or 1) contributes its `--format json` document
unchanged. One that could not grade (the judge's own error, a crash, the batch's wall
limit) contributes a record of the same shape with status "error", no cases and the
reason in `judge_error`, so every renderer handles both alike.
"""

from __future__ import annotations

from typing import Any

from judge import __version__
from judge.base.errors import JudgeError
from judge.base.results import SCHEMA_VERSION
from judge.base.versions import environment_versions

# Keys every record has; renderers may rely on them.
REQUIRED_KEYS = ("schema_version", "path", "problem", "status", "score", "max_score", "cases",
                 "diagnoses", "seed", "examples", "versions")


def graded_record(path: str, report: dict[str, Any]) -> dict[str, Any]:
    """A finished grade's document as a log line."""
    return {**report, "path": path, "judge_error": None}


def judge_error_record(path: str, message: str, *, problem: str, max_score: float, seed: int,
                       examples: int, duration_s: float) -> dict[str, Any]:
    """A submission the judge could not grade: shaped like a grade, reason in `judge_error`."""
    return {
        "schema_version": SCHEMA_VERSION, "problem": problem, "submission": path, "status": "error",
        "score": 0.0, "max_score": max_score, "diagnoses": [], "cases": [], "seed": seed,
        "versions": environment_versions(__version__), "duration_s": round(duration_s, 3),
        "isolation": "none", "load_error": None, "minimal_failure": None, "examples": examples,
        "path": path, "judge_error": message,
    }


def check_record(record: object, where: str) -> dict[str, Any]:
    """A record read back from a log, validated enough for every renderer."""
    if not isinstance(record, dict):
        raise JudgeError(f"{where}: expected a JSON object per line, got {type(record).__name__}; "
                         "is this a results log written by `judge batch`?")
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise JudgeError(f"{where}: missing {', '.join(missing)}; is this a results log written by `judge batch`?")
    if record["schema_version"] != SCHEMA_VERSION:
        raise JudgeError(f"{where}: schema_version {record['schema_version']!r}, but this judge reads "
                         f"{SCHEMA_VERSION}; grade again with this judge")
    record.setdefault("judge_error", None)
    return record


def check_consistent(records: list[dict[str, Any]], where: str) -> None:
    """All records of one problem in a summary must come from the same seed and case count
    (a batch may mix problems: each file is graded against the kata it defines)."""
    settings = {(r["problem"], r["seed"], r["examples"]) for r in records}
    if len({problem for problem, _, _ in settings}) < len(settings):
        shown = "; ".join(f"problem {p}, seed {s}, {e} generated cases" for p, s, e in sorted(settings, key=str))
        raise JudgeError(f"{where}: the results were graded with different settings ({shown}); "
                         "summarise only results graded alike")
