"""Checks on a submission file that need no execution: it is a regular file, is UTF-8 and parses.

Python's own import machinery accepts some of these mistakes (a stray Latin-1 byte
in a comment imports fine through importlib), so the judge checks them itself and
reports them with the line to fix.

The file is read once, without following a symbolic link and without blocking, and at
most `MAX_SOURCE_BYTES + 1` bytes of it: a submission is hostile data, and the judge does
no work on it (inference, parsing) before these bounds. A symbolic link is refused, not
followed: on a grading server the judge may read files the learner may not (a link to
/etc/shadow, or in a batch tree to the reference solution), and a learner's file is never
legitimately a link. A FIFO, device or socket is refused too (reading one may block or never end).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from judge.base.errors import JudgeError

# A kata solution is a few dozen lines; a megabyte is not a solution.
MAX_SOURCE_BYTES = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    """What reading a submission found: its bytes (at most MAX_SOURCE_BYTES + 1 of them) or
    why it cannot be graded (a sentence for the report), and its full size."""

    data: bytes = b""
    size: int = 0
    refused: str | None = None  # set when the path is not a regular file

    @property
    def too_large(self) -> bool:
        return self.size > MAX_SOURCE_BYTES


def read_submission(path: Path, entry_point: str) -> SourceFile:
    """Read the submission at `path` within the bounds above.

    Raises JudgeError when there is nothing to grade at all (no such path, a directory, no
    permission); a symbolic link, FIFO, device or socket comes back as `refused`.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise JudgeError(f"{path}: no such file; give the path of a Python file that defines {entry_point}") from None
    except OSError as exc:
        raise JudgeError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise JudgeError(f"{path}: is a directory; give the path of a Python file that defines {entry_point}")
    if not stat.S_ISREG(info.st_mode):
        return SourceFile(refused=f"the submission is {describe_kind(path, info.st_mode)}, not a regular file; "
                                  "submit the Python file itself")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == getattr(os, "ELOOP", None):  # replaced by a link since the lstat
            return SourceFile(refused="the submission is a symbolic link, not a regular file; "
                                      "submit the Python file itself")
        raise JudgeError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped between the lstat and the open
            return SourceFile(refused=f"the submission is {describe_kind(path, info.st_mode)}, not a regular file; "
                                      "submit the Python file itself")
        data = handle.read(MAX_SOURCE_BYTES + 1)
    return SourceFile(data=data, size=max(info.st_size, len(data)))


def describe_kind(path: Path, mode: int) -> str:
    """'a symbolic link (to X)', 'a named pipe (FIFO)', ... for a path that is not a regular file."""
    if stat.S_ISLNK(mode):
        try:
            return f"a symbolic link (to {os.readlink(path)!r})"
        except OSError:
            return "a symbolic link"
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def check_source(path: Path, entry_point: str) -> str | None:
    """None when the file can be handed to a runner; otherwise why it cannot (a graded error).

    Raises JudgeError when there is no file to grade at all.
    """
    source_file = read_submission(path, entry_point)
    if source_file.refused:
        return source_file.refused
    data = source_file.data
    if source_file.too_large:
        return f"the file is {source_file.size} bytes; a submission may be at most {MAX_SOURCE_BYTES} bytes"
    if not data.strip():
        return f"the file is empty: define {entry_point} in it"
    try:
        source = data.decode("utf-8-sig")  # Python accepts a UTF-8 byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}): save it as UTF-8"
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        text = (exc.text or "").rstrip("\n")
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        shown = f": {text.strip()[:200]}" if text.strip() else ""
        return f"syntax error on {where}: {exc.msg}{shown}"
    except ValueError as exc:  # e.g. a NUL byte in the source
        return f"the file cannot be compiled: {exc}"
    except (RecursionError, MemoryError):  # e.g. 100 000 nested brackets: Python's parser gives up
        return ("the file is nested too deeply for Python's compiler (brackets or expressions within each other); "
                "split it up")
    return None
