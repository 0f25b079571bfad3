"""Jupyter notebooks as submissions: their code cells become one Python file.

A learner's notebook (Colab, Jupyter) holds the solution in code cells, mixed with
IPython syntax that plain Python rejects: line magics (`%pip install`), shell lines
(`!pip install`) and cell magics (`%%time`). Those lines are replaced by `pass` at the
same indentation (so the line numbers and any enclosing block survive) and named in a
note. Every line of the Python file maps back to a cell and a line in it, so a syntax
error or a traceback says "cell 3, line 2" rather than a line of a file the learner never saw.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from judge.base.errors import JudgeError
from judge.base.untrusted import clean

NOTEBOOK_SUFFIX = ".ipynb"
# Notebooks carry their outputs (plots as base64), so they get more room than a .py file's
# 1 MiB; past this the learner is asked to clear the outputs.
NOTEBOOK_MAX_BYTES = 32 << 20
# Cell magics whose body is still Python: the magic line goes, the body stays and runs.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})


@dataclass(frozen=True)
class NotebookSource:
    """The notebook's code as one Python file, and where each of its lines came from."""

    text: str
    origins: tuple[tuple[int, int] | None, ...]  # per line of `text` (1-based): (cell, line in cell)
    notes: tuple[str, ...]  # what was left out, said to the learner

    def where(self, line: int) -> str | None:
        """'cell 3, line 2' for line `line` of `text`, if it came from a cell."""
        if 1 <= line <= len(self.origins) and self.origins[line - 1]:
            cell, in_cell = self.origins[line - 1]
            return f"cell {cell}, line {in_cell}"
        return None

    def relabel(self, message: str) -> str:
        """A message about the Python file, with its line numbers said as cells and lines."""
        def cell_line(match: re.Match) -> str:
            place = self.where(int(match.group(2)))
            return f"{match.group(1)}{place}" if place else match.group(0)

        return _LINE.sub(cell_line, message)


# "line 12" as the judge and Python's tracebacks write it ("on line 12", "(line 12: ...)", ', line 12,').
_LINE = re.compile(r"(\b(?:on |at )?)line (\d+)")


def is_notebook(path: Path) -> bool:
    return path.suffix.lower() == NOTEBOOK_SUFFIX


def read_notebook(path: Path) -> NotebookSource:
    """The notebook's code cells as Python (JudgeError when the file is not a notebook at all)."""
    import nbformat  # only notebooks need it

    data = _notebook_bytes(path)
    try:
        notebook = nbformat.reads(data.decode("utf-8", errors="replace"), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises JSON and validation errors alike
        raise NotebookError(f"{path.name} is not a readable Jupyter notebook ({clean(type(exc).__name__, 80)}: "
                            f"{clean(str(exc), 200, one_line=True)}); save it again from Jupyter or Colab") from None
    lines: list[str] = []
    origins: list[tuple[int, int] | None] = []
    notes: list[str] = []
    # Cells are numbered as the learner sees them, top to bottom, markdown cells included.
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source") or ""
        cell_lines = source.splitlines()
        python_body = True
        if cell_lines and cell_lines[0].lstrip().startswith("%%"):
            magic = cell_lines[0].lstrip()[2:].split(maxsplit=1)[0] if cell_lines[0].strip() != "%%" else ""
            python_body = magic in PYTHON_CELL_MAGICS
            notes.append(f"cell {number}: %%{magic} " + ("line left out; its body runs as Python"
                                                          if python_body else "cell left out (not Python)"))
        for index, line in enumerate(cell_lines, start=1):
            stripped = line.lstrip()
            indent = line[: len(line) - len(stripped)]
            if (index == 1 and stripped.startswith("%%")) or not python_body:
                lines.append(indent + "pass" if stripped and python_body else "")
            elif stripped.startswith(("%", "!")) and not stripped.startswith("%="):
                lines.append(indent + "pass")
                notes.append(f"cell {number}, line {index}: `{_short(stripped)}` left out (IPython, not Python)")
            else:
                lines.append(line)
            origins.append((number, index))
        lines.append("")  # a blank line between cells
        origins.append(None)
    if not origins:
        raise NotebookError(f"{path.name} has no code cells: write the solution in a code cell")
    return NotebookSource("\n".join(lines) + "\n", tuple(origins), tuple(notes))


def _notebook_bytes(path: Path) -> bytes:
    """The notebook's bytes, read as a Python submission is: never through a symbolic link
    (a link to a secret would put its first characters into nbformat's error), never from a
    FIFO or device, and no more than NOTEBOOK_MAX_BYTES."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        what = "is a symbolic link" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
        raise NotebookError(f"{path.name} {what}; submit the notebook file itself") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotebookError(f"{path.name} is not a regular file; submit the notebook file itself")
        data = handle.read(NOTEBOOK_MAX_BYTES + 1)
    if len(data) > NOTEBOOK_MAX_BYTES:
        raise NotebookError(f"{path.name} is over {NOTEBOOK_MAX_BYTES >> 20} MiB; clear its outputs "
                            "(Edit > Clear all outputs) and save it again")
    return data


class NotebookError(JudgeError):
    """The file is named .ipynb but is not a notebook the judge can read."""


@dataclass(frozen=True)
class PythonView:
    """The file a runner should load for a submission, and the notebook it came from (if any)."""

    path: Path
    notebook: NotebookSource | None = None
    unreadable: str | None = None  # why a .ipynb could not be read: graded as a file that does not load


@contextlib.contextmanager
def python_view(submission: Path) -> Iterator[PythonView]:
    """For a notebook, a temporary Python file of its code cells (same name, so messages name
    the notebook); any other file as it is: whatever its extension, it is read as Python."""
    if not is_notebook(submission) or not submission.is_file():
        yield PythonView(submission)
        return
    try:
        source = read_notebook(submission)
    except NotebookError as exc:
        yield PythonView(submission, unreadable=str(exc))
        return
    folder = Path(tempfile.mkdtemp(prefix="judge-notebook-"))
    try:
        converted = folder / submission.name
        converted.write_text(source.text, encoding="utf-8")
        yield PythonView(converted, source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def python_text(path: Path) -> str:
    """The Python a submission holds, read without running it (for kata inference): a
    notebook's code cells, any other file's text."""
    if is_notebook(path):
        try:
            return read_notebook(path).text
        except NotebookError:
            return ""
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_notebook_result(result, submission: Path, view: PythonView):
    """`result` (graded from the view's Python file) as said of the notebook: its path, its
    cells and lines in every message, and the notes on what was left out."""
    source = view.notebook
    converted = str(view.path)

    def said(text: str | None) -> str | None:
        if text is None:
            return None
        text = text.replace(converted, str(submission))
        return source.relabel(text) if source else text

    cases = tuple(dataclasses.replace(c, message=said(c.message), details=tuple(said(d) for d in c.details))
                  for c in result.cases)
    minimal = result.minimal_failure
    if minimal is not None:
        minimal = dataclasses.replace(minimal, message=said(minimal.message), replay=said(minimal.replay))
    return dataclasses.replace(result, submission=str(submission), load_error=said(result.load_error),
                               load_output=said(result.load_output) or "", cases=cases,
                               minimal_failure=minimal, notes=source.notes if source else ())
