"""Two rounds of one class side by side (`--compare OLD.jsonl`): who improved, who regressed,
which mistakes went away.

Submissions are matched by path and problem, so the rounds should be graded from the same
layout (for instance `students/<name>.py` in both).
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.classreport.collect import Collector, Submission
from judge.classreport.stats import fraction


@dataclass(frozen=True)
class Change:
    path: str
    problem: str
    old: Submission
    new: Submission

    @property
    def delta(self) -> float:
        """The change in share of the maximum (so problems with other maxima compare)."""
        return fraction(self.new.score, self.new.max_score) - fraction(self.old.score, self.old.max_score)


@dataclass(frozen=True)
class MistakeChange:
    problem: str
    id: str
    message: str
    old: int  # submissions diagnosed with it (identified or possible) in the old round
    new: int


@dataclass(frozen=True)
class Comparison:
    improved: tuple[Change, ...]  # largest gain first
    regressed: tuple[Change, ...]  # largest loss first
    unchanged: int
    only_new: tuple[str, ...]  # paths graded in this round only
    only_old: tuple[str, ...]
    mistakes: tuple[MistakeChange, ...]  # every mistake of either round, most reduced first

    @property
    def disappeared(self) -> tuple[MistakeChange, ...]:
        return tuple(m for m in self.mistakes if m.old and not m.new)

    @property
    def appeared(self) -> tuple[MistakeChange, ...]:
        return tuple(m for m in self.mistakes if m.new and not m.old)


def compare_rounds(old: Collector, new: Collector) -> Comparison:
    before = {(s.problem, s.path): s for s in old.submissions}
    after = {(s.problem, s.path): s for s in new.submissions}
    changes = [Change(path, problem, before[(problem, path)], row)
               for (problem, path), row in after.items() if (problem, path) in before]
    improved = sorted((c for c in changes if c.delta > 0), key=lambda c: (-c.delta, c.path))
    regressed = sorted((c for c in changes if c.delta < 0), key=lambda c: (c.delta, c.path))
    keys = set(old.mistakes) | set(new.mistakes)
    mistakes = []
    for key in keys:
        tally = new.mistakes.get(key) or old.mistakes[key]
        mistakes.append(MistakeChange(key[0], key[1], tally.message,
                                      old.mistakes[key].count if key in old.mistakes else 0,
                                      new.mistakes[key].count if key in new.mistakes else 0))
    mistakes.sort(key=lambda m: (m.new - m.old, m.problem, m.id))
    return Comparison(
        improved=tuple(improved), regressed=tuple(regressed),
        unchanged=len(changes) - len(improved) - len(regressed),
        only_new=tuple(sorted(path for problem, path in after if (problem, path) not in before)),
        only_old=tuple(sorted(path for problem, path in before if (problem, path) not in after)),
        mistakes=tuple(mistakes),
    )
