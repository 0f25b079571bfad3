"""`judge grade --watch`: re-grade a file whenever its contents change, and say what changed.

Polling (the file's size and mtime, then its contents) needs no dependency and works on
every filesystem and editor, including those that save by writing a new file and renaming
it over the old one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.text import Text

from judge.base.errors import JudgeError
from judge.base.results import GradeResult, Status
from judge.report.common import points

POLL_SECONDS = 0.5  # a save is noticed within half a second; a stat twice a second costs nothing
SETTLE_SECONDS = 0.2  # an editor may write a file in pieces: wait until it stops changing
SHOWN_IDS = 4  # case ids named in a delta line before "…"


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    digest: str


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's identity now, or None while it does not exist."""
    try:
        stat = path.stat()
        return Fingerprint(stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return None


def wait_for_change(path: Path, last: Fingerprint | None, console: Console,
                    sleep: Callable[[float], None] = time.sleep) -> Fingerprint:
    """Block until the file's contents differ from `last` and have settled; return the new fingerprint."""
    said_gone = False
    while True:
        sleep(POLL_SECONDS)
        now = _quick(path)
        if now is None:
            if not said_gone:
                console.print(Text(f"{path} is gone; waiting for it to come back", style="yellow"))
                said_gone = True
            continue
        if last is not None and now == (last.size, last.mtime_ns):
            continue
        sleep(SETTLE_SECONDS)
        current = fingerprint(path)
        if current is None or _quick(path) != (current.size, current.mtime_ns):
            continue  # still being written
        if last is None or current.digest != last.digest:
            return current
        last = current  # touched or saved unchanged: nothing to grade


def _quick(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def describe_change(before: GradeResult, after: GradeResult) -> list[tuple[str, str]]:
    """What changed between two grades of the same file, as (text, style) lines."""
    lines = []
    gained = round(after.score - before.score, 2)
    if gained:
        lines.append((f"score {points(before.score)} -> {points(after.score)} ({gained:+g})",
                      "bold green" if gained > 0 else "bold red"))
    else:
        lines.append((f"score {points(after.score)} (unchanged)", "bold"))
    if before.status != after.status:
        lines.append((f"status {before.status} -> {after.status}", "bold"))
    was = {c.id: c.status for c in before.cases}
    fixed = [c.id for c in after.cases
             if c.status is Status.PASSED and was.get(c.id, Status.PASSED) is not Status.PASSED]
    broken = [c.id for c in after.cases if c.status is not Status.PASSED and was.get(c.id) is Status.PASSED]
    if fixed:
        lines.append((f"fixed {len(fixed)} cases: {_ids(fixed)}", "green"))
    if broken:
        lines.append((f"broken {len(broken)} cases: {_ids(broken)}", "red"))
    old = [d.id for d in before.diagnoses]
    new = [d.id for d in after.diagnoses]
    gone = [d for d in old if d not in new]
    added = [d for d in new if d not in old]
    if gone:
        lines.append((f"no longer diagnosed: {', '.join(gone)}", "green"))
    if added:
        lines.append((f"newly diagnosed: {', '.join(added)}", "magenta"))
    if before.load_error and not after.load_error:
        lines.append(("the file loads again", "green"))
    if not fixed and not broken and not gone and not added and not gained and before.status == after.status:
        lines[0] = (f"no change: score {points(after.score)}, the same cases pass and the same mistakes are named", "")
    return lines


def watch(path: Path, grade_once: Callable[[], GradeResult], show: Callable[[GradeResult], None],
          console: Console, sleep: Callable[[float], None] = time.sleep) -> int:
    """Grade now and after every change until Ctrl-C; return the last grade's exit code."""
    previous: GradeResult | None = None
    seen = fingerprint(path)
    try:
        while True:
            result = _grade(grade_once, console)
            if result is not None:
                show(result)
                if previous is not None:
                    console.print(Text("since the last run:", style="bold"))
                    for text, style in describe_change(previous, result):
                        console.print(Text("  " + text, style=style))
                previous = result
            console.print(Text(f"watching {path}: every save re-grades it (Ctrl-C stops)", style="dim"))
            seen = wait_for_change(path, seen, console, sleep)
            console.rule(Text(f"{time.strftime('%H:%M:%S')} · {path} changed · grading", style="dim"), style="dim")
    except KeyboardInterrupt:
        console.print()
        console.print(Text(f"stopped watching {path}", style="dim"))
    return 0 if previous is not None and previous.status == "passed" else 1


def _grade(grade_once: Callable[[], GradeResult], console: Console) -> GradeResult | None:
    """One grade; a judge error (a file deleted mid-grade, say) is shown and watching goes on."""
    try:
        return grade_once()
    except JudgeError as exc:
        console.print(Text(f"judge: error: {exc}", style="bold red"))
        return None


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f", … (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else "")
