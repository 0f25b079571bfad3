"""Combining the results logs of several shards (or batches) into one set of records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judge.base.errors import JudgeError
from judge.batch.log import read_log
from judge.batch.records import check_consistent


def merge_logs(files: list[Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every record of `files`, sorted by path, and warnings (torn last lines).

    A submission graded in two files means the shards overlap: that is an error,
    since one of the two verdicts would silently win.
    """
    by_path: dict[str, tuple[dict[str, Any], Path]] = {}
    warnings = []
    for file in dict.fromkeys(files):  # a file named twice counts once
        contents = read_log(file)
        if contents.torn:
            warnings.append(f"{file}: ignored a torn last line (the batch was killed while writing it)")
        for record in contents.records:
            seen = by_path.get(record["path"])
            if seen is not None:
                raise JudgeError(f"{record['path']} was graded in both {seen[1]} and {file}; shards must not "
                                 "overlap: give every shard the same PATH arguments and the same N in --shard K/N")
            by_path[record["path"]] = (record, file)
    records = [by_path[path][0] for path in sorted(by_path)]
    check_consistent(records, ", ".join(str(f) for f in dict.fromkeys(files)))
    return records, warnings
