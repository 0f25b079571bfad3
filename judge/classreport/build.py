"""Building a class report from results logs: stream, fold, summarise, compare, look for look-alikes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.classreport.collect import Collector, MistakeTally, Submission
from judge.classreport.compare import Comparison, compare_rounds
from judge.classreport.lookalikes import LookAlikes, find_lookalikes
from judge.classreport.records import RecordStream
from judge.classreport.sources import SourceReader
from judge.classreport.summary import (ProblemCases, ProblemScores, Unexplained, mistakes_by_frequency,
                                       problem_cases, problem_scores, unexplained)
from judge.base.errors import JudgeError


@dataclass(frozen=True)
class ClassReport:
    logs: tuple[str, ...]  # the results logs it was built from
    warnings: tuple[str, ...]
    settings: dict[str, dict[str, Any]]  # problem -> seed, examples, versions
    submissions: tuple[Submission, ...]  # sorted by problem, then path
    scores: tuple[ProblemScores, ...]
    mistakes: tuple[MistakeTally, ...]  # most frequent first
    unexplained: tuple[Unexplained, ...]
    cases: tuple[ProblemCases, ...]
    lookalikes: LookAlikes | None  # None when not asked for
    old_logs: tuple[str, ...] = ()
    old_scores: tuple[ProblemScores, ...] = ()
    comparison: Comparison | None = None


def collect(files: list[Path]) -> tuple[Collector, list[str]]:
    """Every record of `files`, folded into a Collector; and the warnings met (torn lines)."""
    collector = Collector()
    stream = RecordStream(files)
    for record in stream:
        try:
            collector.add(record)
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise JudgeError(f"{stream.position}: a record of an unexpected shape ({type(exc).__name__}: {exc}); "
                             "is this a results log written by `judge batch`?") from None
    if not collector.submissions:
        raise JudgeError(f"{', '.join(str(f) for f in stream.files)}: no records; a class report needs the results "
                         "log of a batch that graded at least one submission")
    collector.submissions.sort(key=lambda row: (row.problem, row.path))
    return collector, stream.warnings


def build_report(files: list[Path], *, compare: list[Path] | None = None, root: Path | None = None,
                 lookalikes: bool = True) -> ClassReport:
    """The class report of the results logs `files` (several: shards of one batch).

    `compare` names the logs of an earlier round; `root` is the folder the batch ran in,
    from which the submissions' code is read for the look-alikes (default: here).
    """
    collector, warnings = collect(files)
    old_scores: tuple[ProblemScores, ...] = ()
    comparison = None
    if compare:
        previous, old_warnings = collect(compare)
        warnings += [f"--compare: {warning}" for warning in old_warnings]
        old_scores = problem_scores(previous)
        comparison = compare_rounds(previous, collector)
        del previous  # only the comparison is kept
    found = None
    if lookalikes:
        paths: dict[str, list[str]] = {}
        for row in collector.submissions:
            paths.setdefault(row.problem, []).append(row.path)
        found = find_lookalikes(paths, SourceReader(root or Path.cwd()))
    return ClassReport(
        logs=tuple(str(f) for f in files), warnings=tuple(warnings), settings=collector.settings,
        submissions=tuple(collector.submissions), scores=problem_scores(collector),
        mistakes=mistakes_by_frequency(collector), unexplained=unexplained(collector),
        cases=problem_cases(collector), lookalikes=found,
        old_logs=tuple(str(f) for f in compare or ()), old_scores=old_scores, comparison=comparison,
    )
