"""Reading submissions' source files at report time, carefully.

The records hold paths, not code; the files are read when the report is built. Each may
have vanished, grown huge, stopped being UTF-8, or become a symlink to something outside
the folder the batch graded: every such case is a reason the report states, never a
crash and never a silent read of some other file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# A kata's solution is a few KB; a file above this is no hand-written solution and is not compared.
SOURCE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Source:
    path: str  # as the record gives it
    text: str | None  # None when not read
    reason: str = ""  # why it was not read


class SourceReader:
    """Reads record paths below `root` (the folder the batch ran in); nothing outside it."""

    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))

    def read(self, path: str) -> Source:
        where = Path(path) if os.path.isabs(path) else self.root / path
        if not _inside(Path(os.path.normpath(where)), self.root):
            return Source(path, None, f"outside the batch root {self.root}: not read (--root names the folder "
                                      "the batch ran in)")
        real = Path(os.path.realpath(where))
        if not _inside(real, self.root):
            return Source(path, None, f"a symbolic link to {real}, outside the batch root {self.root}: not read")
        try:
            # O_NONBLOCK: a FIFO planted in place of a file must not hang the report at open().
            descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return Source(path, None, "missing: the file is no longer there")
        except OSError as exc:
            return Source(path, None, f"cannot be read ({exc.strerror})")
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return Source(path, None, "not a regular file: not read")
            data = handle.read(SOURCE_BYTES + 1)
        if len(data) > SOURCE_BYTES:
            return Source(path, None, f"larger than {SOURCE_BYTES // 1024} KiB: not compared")
        try:
            return Source(path, data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return Source(path, None, f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}): not compared")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
