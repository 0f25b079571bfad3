"""Grading results as data. Reporters only render these; nothing here computes a score.

`GradeResult.to_dict()` is the JSON document `judge grade --format json` prints;
its keys are typed by `GradeDict` and versioned by `SCHEMA_VERSION`.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from typing import Literal, TypedDict

# Bump when a key of the JSON document changes meaning or disappears.
SCHEMA_VERSION = 1


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class CaseResult:
    id: str
    kind: Literal["fixed", "generated"]
    status: Status
    message: str  # one line: what happened
    points: float
    max_points: float
    details: tuple[str, ...] = ()  # further lines: mismatch table, traceback tail
    inputs: str | None = None  # None for hidden cases (unless graded for staff)
    output: str = ""  # what the submission printed during this case (truncated)
    # How to make this call again outside the judge (visible cases only): the function, its
    # arguments as in cases.yaml, their dtypes and the output shape (judge/report/testcode.py).
    call: dict | None = None
    visibility: Literal["visible", "hidden"] = "visible"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        data["details"] = list(self.details)
        return data


@dataclass(frozen=True)
class Diagnosis:
    """A known mistake recognised in a submission."""

    id: str  # stable, from the problem's diagnosis catalog
    message: str  # what the mistake is
    evidence: tuple[str, ...] = ()  # case ids (or probe:NAME) that show it
    observed: tuple[str, ...] = ()  # what was seen, in words
    hint: str = ""  # how to look for the fix, without giving it
    more_hints: int = 0  # further, more specific hints the catalog holds (`judge hint` reveals them)
    # True when the mistake is identified, not just suspected: the outputs equal a known-wrong
    # implementation's on the compare cases, a probe's finding is conclusive (diagnose/api.py),
    # or every probe passed and only values differ.
    # Only an identified mistake earns partial credit: a probe alone fires for blocks that
    # are wrong in every way (a function returning zeros breaks a probe too).
    identified: bool = False

    def to_dict(self) -> dict:
        return {"id": self.id, "message": self.message, "evidence": list(self.evidence),
                "observed": list(self.observed), "hint": self.hint, "more_hints": self.more_hints,
                "identified": self.identified}


@dataclass(frozen=True)
class PartialCredit:
    """The score was raised from what the cases earned to the diagnosis' credit floor."""

    case_score: float
    score: float
    diagnosis: str
    fraction: float


@dataclass(frozen=True)
class MinimalFailure:
    """The smallest failing generated input hypothesis found by shrinking."""

    inputs: str
    case_json: str
    message: str
    replay: str


class GradeDict(TypedDict):
    schema_version: int
    problem: str
    submission: str
    status: Literal["passed", "failed", "error"]
    score: float
    max_score: float
    diagnoses: list[dict]
    cases: list[dict]
    seed: int
    versions: dict[str, str]
    duration_s: float
    isolation: str
    load_error: str | None
    minimal_failure: dict | None
    partial_credit: dict | None
    examples: int
    notes: list[str]


@dataclass(frozen=True)
class GradeResult:
    problem: str
    submission: str
    status: Literal["passed", "failed", "error"]
    score: float
    max_score: float
    cases: tuple[CaseResult, ...]
    seed: int
    versions: dict[str, str]
    duration_s: float
    isolation: str
    load_error: str | None = None  # why the submission could not be loaded at all
    load_output: str = ""
    diagnoses: tuple[Diagnosis, ...] = ()
    minimal_failure: MinimalFailure | None = None
    partial_credit: PartialCredit | None = None
    examples: int = 0  # generated cases drawn
    notes: tuple[str, ...] = ()  # what the judge changed in the file before running it (notebook magics)

    def to_dict(self) -> GradeDict:
        return GradeDict(
            schema_version=SCHEMA_VERSION,
            problem=self.problem,
            submission=self.submission,
            status=self.status,
            score=self.score,
            max_score=self.max_score,
            diagnoses=[d.to_dict() for d in self.diagnoses],
            cases=[c.to_dict() for c in self.cases],
            seed=self.seed,
            versions=dict(self.versions),
            duration_s=round(self.duration_s, 3),
            isolation=self.isolation,
            load_error=self.load_error,
            minimal_failure=asdict(self.minimal_failure) if self.minimal_failure else None,
            partial_credit=asdict(self.partial_credit) if self.partial_credit else None,
            examples=self.examples,
            notes=list(self.notes),
        )
