"""Checks on a submission file that need no execution: it exists, is UTF-8 and parses.

Python's own import machinery accepts some of these mistakes (a stray Latin-1 byte
in a comment imports fine through importlib), so the judge checks them itself and
reports them with the line to fix.
"""

from __future__ import annotations

from pathlib import Path

from judge.errors import JudgeError

# A kata solution is a few dozen lines; a megabyte is not a solution.
MAX_SOURCE_BYTES = 1 << 20


def check_source(path: Path, entry_point: str) -> str | None:
    """None when the file can be handed to a runner; otherwise why it cannot (a graded error).

    Raises JudgeError when there is no file to grade at all.
    """
    if not path.exists():
        raise JudgeError(f"{path}: no such file; give the path of a Python file that defines {entry_point}")
    if not path.is_file():
        raise JudgeError(f"{path}: not a file; give the path of a Python file that defines {entry_point}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JudgeError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    if len(data) > MAX_SOURCE_BYTES:
        return f"the file is {len(data)} bytes; a submission may be at most {MAX_SOURCE_BYTES} bytes"
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
        shown = f": {text.strip()}" if text.strip() else ""
        return f"syntax error on {where}: {exc.msg}{shown}"
    except ValueError as exc:  # e.g. a NUL byte in the source
        return f"the file cannot be compiled: {exc}"
    return None
