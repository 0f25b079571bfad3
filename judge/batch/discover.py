"""Finding the submissions of a batch from files, folders and glob patterns."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from judge.base.errors import JudgeError

# Python files and Jupyter notebooks (graded as the Python of their code cells).
SUBMISSION_SUFFIXES = (".py", ".ipynb")
# Folders that never hold submissions: caches and tool state.
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})


def discover(arguments: list[str]) -> list[str]:
    """The submissions named by `arguments`, deduplicated and sorted.

    A file is taken as given (whatever its name); a folder contributes every `*.py` and `*.ipynb` file
    below it, skipping hidden entries and caches; anything else with `*`, `?` or `[` is a
    glob pattern (`**` crosses folders). Paths are kept relative as given (normalised), so
    they name the same file in every shard of a CI matrix.
    """
    found: set[str] = set()
    for argument in arguments:
        found.update(_expand(argument))
    return sorted(found)


def _expand(argument: str) -> list[str]:
    path = Path(argument)
    if path.is_file():
        return [_checked(argument)]
    if path.is_dir():
        files = _python_files(argument)
        if not files:
            raise JudgeError(f"{argument}: the folder holds no .py or .ipynb file; "
                             "pass the folder that holds the submissions")
        return files
    if glob.has_magic(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        files = [f for m in matches for f in ([_checked(m)] if os.path.isfile(m) else _python_files(m))]
        if not files:
            raise JudgeError(f"{argument}: the pattern matched no file; check it (quote it so the shell "
                             "does not expand it first)")
        return files
    raise JudgeError(f"{argument}: no such file or folder; pass submission files, folders or glob patterns")


def _python_files(folder: str) -> list[str]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        files.extend(_checked(os.path.join(root, n)) for n in names
                     if n.endswith(SUBMISSION_SUFFIXES) and not n.startswith("."))
    return files


def _checked(path: str) -> str:
    if not os.access(path, os.R_OK):
        raise JudgeError(f"{path}: cannot be read (permission denied); fix its permissions or leave it out")
    return os.path.normpath(path)
