"""Progress of a batch on stderr: a live bar on a terminal, one plain line per submission otherwise.

Both show done/total, how many passed and did not, the elapsed time and an ETA from
this run's pace, and name the file being graded (a grade that hangs is then visible by
name). Neither ever writes to stdout, which carries the report.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from judge.base.untrusted import NAME_CHARS, clean  # a file name in a batch tree is the learner's choice
from judge.report.common import points

# Redraws of the live bar: often enough to watch, rarely enough for a terminal recording.
REDRAW_SECONDS = 0.5
# The live bar's room for the file being graded: the bar, counts and clocks take ~70 columns.
SHOWN_PATH = 36


def make_progress(total: int, already: list[dict[str, Any]], jobs: int, stream: IO[str] | None = None):
    stream = stream or sys.stderr
    kind = LiveProgress if stream.isatty() else PlainProgress
    return kind(total, already, jobs, stream)


class _Counts:
    def __init__(self, total: int, already: list[dict[str, Any]]):
        self.total = total
        self.done = len(already)
        self.passed = sum(r["status"] == "passed" for r in already)
        self.started_at = time.monotonic()
        self.done_here = 0  # finished in this run: the pace for the ETA

    def add(self, record: dict[str, Any]) -> None:
        self.done += 1
        self.done_here += 1
        self.passed += record["status"] == "passed"

    @property
    def not_passed(self) -> int:
        return self.done - self.passed

    def elapsed(self) -> float:
        return time.monotonic() - self.started_at

    def eta(self) -> float | None:
        if not self.done_here:
            return None
        return self.elapsed() / self.done_here * (self.total - self.done)


class PlainProgress:
    """For CI logs: a line when the batch starts and one per finished submission."""

    def __init__(self, total: int, already: list[dict[str, Any]], jobs: int, stream: IO[str]):
        self._counts = _Counts(total, already)
        self._stream = stream
        skipped = f" ({len(already)} already graded, skipped)" if already else ""
        self._print(f"judge batch: {total} submissions{skipped}, {jobs} at a time")

    def started(self, path: str) -> None:
        self._print(f"judge batch: grading {path}")

    def finished(self, record: dict[str, Any]) -> None:
        counts = self._counts
        counts.add(record)
        eta = counts.eta()
        verdict = "NOT GRADED" if record.get("judge_error") else record["status"]
        self._print(
            f"[{counts.done:>{len(str(counts.total))}}/{counts.total}] {verdict:<7} "
            f"{points(record['score']):>6} / {points(record['max_score'])}  {clean(record['path'], NAME_CHARS, True)}  "
            f"({record.get('duration_s', 0):.1f} s) · {counts.passed} passed, {counts.not_passed} not · "
            f"elapsed {_clock(counts.elapsed())} · ETA {_clock(eta) if eta is not None else '?'}"
        )

    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass

    def _print(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


class LiveProgress:
    """For a terminal: one bar, redrawn by the scheduler's loop (no drawing thread)."""

    def __init__(self, total: int, already: list[dict[str, Any]], jobs: int, stream: IO[str]):
        self._counts = _Counts(total, already)
        self._bar = Progress(
            TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[green]{task.fields[passed]} passed[/] [red]{task.fields[not_passed]} not passed[/]"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
            console=Console(file=stream), auto_refresh=False, speed_estimate_period=3600,
        )
        self._running: list[str] = []
        self._task = self._bar.add_task("batch", total=total, completed=self._counts.done, current="",
                                        passed=self._counts.passed, not_passed=self._counts.not_passed)
        self._bar.start()
        self._redraw()

    def started(self, path: str) -> None:
        self._running.append(path)
        self._bar.update(self._task, current=self._current())
        self._redraw()

    def finished(self, record: dict[str, Any]) -> None:
        self._counts.add(record)
        if record["path"] in self._running:
            self._running.remove(record["path"])
        self._bar.update(self._task, advance=1, passed=self._counts.passed, not_passed=self._counts.not_passed,
                         current=self._current())
        self._redraw()

    def _current(self) -> str:
        """The longest-running file (its end, which names it), and how many others run beside it."""
        if not self._running:
            return ""
        path = self._running[0]
        if len(path) > SHOWN_PATH:
            path = "…" + path[-(SHOWN_PATH - 1):]
        others = f" +{len(self._running) - 1}" if len(self._running) > 1 else ""
        return escape(path) + others

    def tick(self) -> None:
        if time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self._redraw()

    def _redraw(self) -> None:
        self._bar.refresh()
        self._drawn_at = time.monotonic()

    def close(self) -> None:
        self._bar.stop()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
