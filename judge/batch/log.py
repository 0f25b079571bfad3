"""The results log: one JSON line per finished submission, safe against a kill at any moment.

Each line is written with a single `write`, flushed and fsynced before the next
submission is reported, so a SIGKILL (or a power cut) loses at most the submissions
still being graded. A kill during a write can leave a torn last line, without its
newline or not valid JSON: readers ignore it, and `ResultsLog.open(resume=True)` cuts
it off before appending.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.base.errors import JudgeError
from judge.batch.records import check_record


@dataclass(frozen=True)
class LogContents:
    records: list[dict[str, Any]]
    valid_bytes: int  # length of the prefix made of whole, valid lines
    torn: bool  # a torn last line was ignored


def read_log(path: Path) -> LogContents:
    """Every whole record of the log; a torn last line is ignored, any other bad line is an error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise JudgeError(f"{path}: no such results log; give the file `judge batch` wrote (--log)") from None
    except OSError as exc:
        raise JudgeError(f"{path}: cannot be read ({exc.strerror})") from None
    lines = data.split(b"\n")
    tail = lines.pop()  # empty when the file ends with a newline; otherwise a torn line
    records, offset = [], 0
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            if number == len(lines) and not tail:
                return LogContents(records, offset, torn=True)  # garbage left by a crash mid-write
            raise JudgeError(f"{path}:{number}: not a JSON line; a results log only ever has a torn "
                             "*last* line (after a kill): remove this line or grade again") from None
        records.append(check_record(record, f"{path}:{number}"))
        offset += len(line) + 1
    return LogContents(records, offset, torn=bool(tail))


class ResultsLog:
    """Appends records to the log; `open` either starts it or continues it (`resume`)."""

    def __init__(self, path: Path, handle, records: list[dict[str, Any]]):
        self.path = path
        self._handle = handle
        self.previous = records  # what the log held before this run

    @classmethod
    def open(cls, path: Path, resume: bool, fresh: bool) -> "ResultsLog":
        if path.is_dir():
            raise JudgeError(f"--log {path}: is a folder; give a file path")
        previous: list[dict[str, Any]] = []
        if path.exists() and path.stat().st_size and not fresh:
            if not resume:
                raise JudgeError(f"{path}: already holds results; pass --resume to skip the submissions "
                                 "graded there, or --fresh to grade everything again")
            contents = read_log(path)
            previous = contents.records
            if contents.torn:
                os.truncate(path, contents.valid_bytes)  # cut the torn line before appending
        try:
            handle = open(path, "ab" if previous else "wb")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise JudgeError(f"--log {path}: cannot write ({exc.strerror}); check the folder exists and "
                             "is writable") from None
        return cls(path, handle, previous)

    def append(self, record: dict[str, Any]) -> None:
        # ASCII-only JSON: any path (even one that is not valid UTF-8) reads back exactly.
        line = json.dumps(record).encode("ascii") + b"\n"
        self._handle.write(line)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()
