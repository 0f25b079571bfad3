"""Finding problems: by id in the problems directory, by path, or from what a submission defines.

With several problems, a submission graded without `--problem` is matched to the problem
whose entry point it defines at top level (read with `ast`, never run).
"""

from __future__ import annotations

import ast
import difflib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from judge.base.errors import JudgeError
from judge.problem.load import load_problem
from judge.problem.model import Problem
from judge.problem.yamlfile import load_yaml
from judge.submission.notebook import is_notebook, python_text
from judge.submission.source import read_submission

# The repository layout: judge/ sits beside problems/ (an editable install keeps it so).
DEFAULT_PROBLEMS_DIR = Path(__file__).resolve().parents[2] / "problems"
# A regular install: the build copies problems/ and reference/ into the package (setup.py).
PACKAGED_PROBLEMS_DIR = Path(__file__).resolve().parents[1] / "katas" / "problems"


def problems_dir() -> Path:
    """Where problems live: $JUDGE_PROBLEMS_DIR, else the repository's problems/.

    A regular (not editable) install has no repository around the package: then it is the
    problems/ folder of the working directory when there is one (a course's clone in a CI
    job), else the katas shipped inside the package.
    """
    if os.environ.get("JUDGE_PROBLEMS_DIR"):
        return Path(os.environ["JUDGE_PROBLEMS_DIR"])
    if DEFAULT_PROBLEMS_DIR.is_dir():
        return DEFAULT_PROBLEMS_DIR
    if (Path.cwd() / "problems").is_dir():
        return Path.cwd() / "problems"
    if PACKAGED_PROBLEMS_DIR.is_dir():
        return PACKAGED_PROBLEMS_DIR
    return DEFAULT_PROBLEMS_DIR


def available_problems() -> list[str]:
    root = problems_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "problem.yaml").is_file())


def resolve_problem(name: str | None, ask: str = "pass --problem with") -> Problem:
    """Load the problem named by id or directory path; with no name, the only one there is.

    `ask` says how this command takes a problem, for the error when several exist.
    """
    available = available_problems()
    if name is None:
        if len(available) == 1:
            return load_problem(problems_dir() / available[0])
        listed = ", ".join(available) or f"none in {problems_dir()}"
        raise JudgeError(f"which problem? {ask} one of: {listed}")
    as_path = Path(name)
    if (as_path / "problem.yaml").is_file():
        return load_problem(as_path)
    if name in available:
        return load_problem(problems_dir() / name)
    listed = ", ".join(available) or f"none in {problems_dir()}"
    raise JudgeError(f"unknown problem {name!r}; available: {listed} (or give a directory holding problem.yaml)")


class KataNotInferred(JudgeError):
    """No problem, or several, fit a file: `reason` says why, the message adds the fix."""

    def __init__(self, reason: str, fix: str):
        super().__init__(f"{reason}; {fix}")
        self.reason = reason


@dataclass(frozen=True)
class Choice:
    """The problem a submission is graded against, and why, when the judge had to choose."""

    problem: Problem
    reason: str | None = None  # set when inferred among several problems: say it to the user, e.g.
    # "problem se_block (inferred: the file defines se_block_forward; --problem chooses another)"


def problem_for(name: str | None, submission: Path) -> Choice:
    """The problem named by `--problem`, else the only one, else the one whose entry point
    `submission` defines. JudgeError when none or several fit."""
    if name is not None or len(available_problems()) <= 1:
        return Choice(resolve_problem(name))
    return infer_problem(submission)


def infer_problem(submission: Path) -> Choice:
    """Among several problems, the one whose entry point the file defines at top level."""
    names, parsed = defined_names(submission)
    entry_points = {problem_id: _entry_point_of(problem_id) for problem_id in available_problems()}
    matches = [problem_id for problem_id, entry in entry_points.items() if entry in names]
    listed = ", ".join(f"{entry} ({problem_id})" for problem_id, entry in entry_points.items() if entry)
    if len(matches) == 1:
        problem = resolve_problem(matches[0])
        how = (f"defines {problem.entry_point}" if parsed
               else f"does not parse, but has a `def {problem.entry_point}` line")
        return Choice(problem, f"problem {problem.id} (inferred: the file {how}; --problem chooses another)")
    if matches:
        raise KataNotInferred(f"{submission}: defines the entry points of several problems "
                              f"({', '.join(f'{entry_points[m]} ({m})' for m in matches)})",
                              f"pass --problem one of {', '.join(matches)}")
    near = _near_misses(names, entry_points, NEAR_MISS)
    if len(near) == 1:  # e.g. se_block_fwd: grade it, and the verdict says which name to use
        problem_id, entry, name = near[0]
        problem = resolve_problem(problem_id)
        return Choice(problem, f"problem {problem.id} (inferred: the file defines {name}, close to {entry}; "
                               "--problem chooses another)")
    message = f"{submission}: defines none of the problems' entry points: {listed}"
    similar = _near_misses(names, entry_points, SIMILAR)
    if similar:
        message += "; " + "; ".join(f"it defines {name}, close to {entry}" for _, entry, name in similar)
    unreadable = [problem_id for problem_id, entry in entry_points.items() if not entry]
    if unreadable:
        message += f"; {', '.join(unreadable)} could not be read (`judge list` says why)"
    fix = "rename it, or pass --problem ID to grade the file against a problem anyway" if similar else \
        "pass --problem ID to grade it against one anyway"
    raise KataNotInferred(message, fix)


# How alike (difflib's ratio) a defined name and an entry point must be for the file to be
# graded against that problem anyway (se_block_fwd vs se_block_forward: 0.86; a bare
# `forward`: 0.61, too vague to pick a kata by), and to be named as a likely typo.
NEAR_MISS = 0.8
SIMILAR = 0.6
# A top-level `def` when the file cannot be parsed: enough to tell katas apart.
_DEF_LINE = re.compile(r"^(?:async\s+)?def\s+([A-Za-z_]\w*)", re.MULTILINE)


def defined_names(path: Path) -> tuple[set[str], bool]:
    """Names the file binds at top level (functions, classes, assignments, imports), and
    whether it parsed; a file that does not parse yields its top-level `def` names.

    The file is read as `judge.submission.source` reads it (no link followed, at most its size cap):
    a file over the cap, which will not be graded anyway, is only scanned for `def` lines, and
    nothing the parser gives up on (too deep a nesting) escapes as the judge's own error.
    KataNotInferred for a path that is not a regular file.
    """
    if is_notebook(path):
        return _names_in(python_text(path))  # its code cells, read as boundedly as a Python file
    source_file = read_submission(path, "a kata's entry point")
    if source_file.refused:
        raise KataNotInferred(f"{path}: {source_file.refused}", "the judge grades regular files only")
    text = source_file.data.decode("utf-8-sig", errors="replace")
    if source_file.too_large:
        return set(_DEF_LINE.findall(text)), False
    return _names_in(text)


def _names_in(text: str) -> tuple[set[str], bool]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set(_DEF_LINE.findall(text)), False
    names: set[str] = set()
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            # Definitions under `if`, `try` or `with` at top level still define module names.
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)
    return names, True


def _entry_point_of(problem_id: str) -> str | None:
    """The entry point a problem declares, read without loading (and validating) the whole problem:
    one broken problem must not stop a submission for another from being graded."""
    path = problems_dir() / problem_id / "problem.yaml"
    try:
        contents = path.read_bytes()
    except OSError:
        return None
    return _declared_entry_point(path, contents)


@functools.lru_cache(maxsize=64)
def _declared_entry_point(path: Path, contents: bytes) -> str | None:
    """Remembered by the file's contents: a batch worker infers the kata of every file, and
    parsing each problem.yaml again for each one cost about a tenth of a second of a grade."""
    del contents  # only part of the memo's key
    try:
        root = load_yaml(path)
        return root.child("entry_point").text() if root.has("entry_point") else None
    except JudgeError:
        return None


def _near_misses(names: set[str], entry_points: dict[str, str | None], cutoff: float) -> list[tuple[str, str, str]]:
    """(problem id, entry point, the file's name like it) for each problem with a name this close."""
    found = []
    for problem_id, entry in entry_points.items():
        close = difflib.get_close_matches(entry, sorted(names), n=1, cutoff=cutoff) if entry else []
        if close:
            found.append((problem_id, entry, close[0]))
    return found
