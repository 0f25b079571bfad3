"""Streaming batch records from one or more results logs, one line at a time.

A class report may cover thousands of submissions, so a log is never read whole: each
line is parsed, validated like `judge merge` validates it, handed on and dropped. What
must hold across lines is checked with small state only: a submission graded in two
logs (overlapping shards), one problem graded with two settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from judge.batch.records import check_record
from judge.base.errors import JudgeError


class RecordStream:
    """The records of `files`, in file order; `warnings` fills up as torn lines are met."""

    def __init__(self, files: list[Path]):
        self.files = list(dict.fromkeys(files))  # a file named twice counts once
        self.warnings: list[str] = []
        self._seen: dict[str, Path] = {}  # path -> the log that graded it
        self._settings: dict[str, tuple[Any, Any, Path]] = {}  # problem -> (seed, examples, log)
        self.position = ""  # file:line of the record last handed on, for error messages

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for file in self.files:
            for record in self._read(file):
                self._check_across(record, file)
                yield record

    def _read(self, file: Path) -> Iterator[dict[str, Any]]:
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed below, also when the reader stops early
        except FileNotFoundError:
            raise JudgeError(f"{file}: no such results log; give the file `judge batch` wrote "
                             "(--log, or --output with --format jsonl)") from None
        except OSError as exc:
            raise JudgeError(f"{file}: cannot be read ({exc.strerror})") from None
        with handle:
            number, pending = 0, None  # a bad line is an error only if another line follows it
            for line in handle:
                number += 1
                if pending is not None:
                    raise JudgeError(pending)
                if not line.endswith(b"\n"):
                    self.warnings.append(f"{file}: ignored a torn last line (the batch was killed while writing it)")
                    return
                try:
                    record = json.loads(line)
                except ValueError:
                    pending = (f"{file}:{number}: not a JSON line; a results log only ever has a torn *last* "
                               "line (after a kill): remove this line or grade again")
                    continue
                self.position = f"{file}:{number}"
                yield check_record(record, self.position)
            if pending is not None:  # a whole last line that is not JSON: garbage from a crash mid-write
                self.warnings.append(f"{file}: ignored a torn last line (the batch was killed while writing it)")

    def _check_across(self, record: dict[str, Any], file: Path) -> None:
        path = record["path"]
        if path in self._seen:
            raise JudgeError(f"{path} was graded in both {self._seen[path]} and {file}; the logs of one report must "
                             "not overlap: give every shard's log once, or report on one round at a time "
                             "(--compare takes the other round)")
        self._seen[path] = file
        problem, setting = record["problem"], (record["seed"], record["examples"])
        first = self._settings.setdefault(problem, (*setting, file))
        if first[:2] != setting:
            raise JudgeError(f"{file}: problem {problem} was graded with seed {setting[0]}, {setting[1]} generated "
                             f"cases here but seed {first[0]}, {first[1]} in {first[2]}; a class report counts each "
                             "case across submissions, so report only results graded alike")
