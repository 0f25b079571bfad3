"""What the practice loop remembers about a learner's file between commands.

`judge grade` (text report) records the file's last verdict and diagnoses; `judge hint`
reads them to know which mistake to give the next hint for, and records how many hints
of each mistake were revealed. One small JSON file per submission, named by a hash of
its absolute path, under the judge's cache directory (`practice/`). Losing it only means
hints start again from the first.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from judge.base.cache import cache_dir, write_atomically


@dataclass
class PracticeState:
    submission: str  # absolute path
    problem: str = ""
    status: str = ""  # of the last grade: passed | failed | error
    score: float = 0.0
    max_score: float = 0.0
    diagnoses: list[str] = field(default_factory=list)  # ids, in the report's order
    source_sha256: str = ""  # the file's contents when last graded
    graded_at: float = 0.0  # time.time()
    revealed: dict[str, int] = field(default_factory=dict)  # diagnosis id -> hints shown so far


def state_path(submission: Path) -> Path:
    digest = hashlib.sha256(str(submission.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / "practice" / f"{digest}.json"


def load_state(submission: Path) -> PracticeState | None:
    """The remembered state, or None if there is none (or it cannot be read)."""
    try:
        data = json.loads(state_path(submission).read_text(encoding="utf-8"))
        state = PracticeState(**data)
    except (OSError, ValueError, TypeError):
        return None
    return state if state.submission == str(submission.resolve()) else None


def save_state(state: PracticeState) -> None:
    """Write atomically; failing to write costs only the hint counter, never the grade."""
    path = state_path(Path(state.submission))
    try:
        write_atomically(path, json.dumps(asdict(state)).encode())
    except OSError:
        pass


def source_digest(submission: Path) -> str:
    try:
        return hashlib.sha256(submission.read_bytes()).hexdigest()
    except OSError:
        return ""


def remember_grade(submission: Path, result) -> None:
    """Record a grade's verdict and diagnoses; hints already revealed stay revealed."""
    state = load_state(submission) or PracticeState(str(submission.resolve()))
    state.problem = result.problem
    state.status = result.status
    state.score = result.score
    state.max_score = result.max_score
    state.diagnoses = [d.id for d in result.diagnoses]
    state.source_sha256 = source_digest(submission)
    state.graded_at = time.time()
    save_state(state)
