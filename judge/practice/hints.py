"""Progressive hints: each `judge hint` reveals one more, for the mistake last diagnosed.

A grade's report shows a mistake's first hint; the catalog may hold more, from gentle to
specific (problem.yaml, `diagnosis.catalog.<id>.hint`), and none gives the solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from judge.base.errors import JudgeError
from judge.practice.state import PracticeState, source_digest
from judge.problem.model import Mistake, Problem
from judge.report.common import points


@dataclass(frozen=True)
class HintReply:
    mistake: Mistake
    shown: tuple[str, ...]  # every hint revealed so far, gentlest first
    new: bool  # the last one was revealed by this request
    stale: bool  # the file changed since the grade that diagnosed it

    @property
    def exhausted(self) -> bool:
        return len(self.shown) == len(self.mistake.hints)


def reveal_next(problem: Problem, state: PracticeState | None, submission: Path,
                wanted: str | None = None) -> HintReply:
    """Reveal the next hint for the chosen mistake (the first diagnosed unless `wanted`), and
    record it in `state`. JudgeError when there is nothing to give a hint for."""
    grade_it = f"judge grade {submission}"
    if state is None:
        raise JudgeError(f"{submission}: not graded yet, so there is no diagnosis to give a hint for; "
                         f"run `{grade_it}` first")
    if state.problem != problem.id:
        raise JudgeError(f"{submission}: last graded as problem {state.problem}, not {problem.id}; "
                         f"pass --problem {state.problem}, or run `{grade_it} --problem {problem.id}` first")
    if state.status == "passed":
        raise JudgeError(f"{submission}: passed its last grade ({points(state.score)} / {points(state.max_score)}): "
                         "no hint needed")
    if not state.diagnoses:
        why = ("it did not load, and the report's error says what to fix" if state.status == "error" else
               "the judge recognised no known mistake in it")
        raise JudgeError(f"{submission}: its last grade named no mistake ({why}), so there is no hint to give; "
                         f"`judge replay {submission} CASE_ID` runs a failing case where print and pdb work")
    if wanted is not None and wanted not in state.diagnoses:
        raise JudgeError(f"--mistake {wanted}: not diagnosed in the last grade of {submission}; "
                         f"it was diagnosed with: {', '.join(state.diagnoses)}")
    chosen = wanted or state.diagnoses[0]
    catalog = problem.diagnosis.catalog if problem.diagnosis else {}
    if chosen not in catalog:
        raise JudgeError(f"{submission}: its last grade named {chosen!r}, which {problem.id}'s catalog no longer "
                         f"holds; run `{grade_it}` again")
    mistake = catalog[chosen]
    before = max(state.revealed.get(chosen, 1), 1)  # the report already showed the first
    after = min(before + 1, len(mistake.hints))
    state.revealed[chosen] = after
    stale = bool(state.source_sha256) and source_digest(submission) != state.source_sha256
    return HintReply(mistake, mistake.hints[:after], new=after > before, stale=stale)


def graded_ago(state: PracticeState) -> str:
    seconds = max(time.time() - state.graded_at, 0)
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"
