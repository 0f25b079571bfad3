"""`judge init PROBLEM [PATH]`: write a starter file for a kata (never over an existing file)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from judge.errors import JudgeError


def add_parser(commands) -> None:
    parser = commands.add_parser("init", help="write a starter file for a kata: signature, shapes, steps, TODOs")
    parser.add_argument("problem", help="problem id (`judge list` shows them) or a directory holding problem.yaml")
    parser.add_argument("path", type=Path, nargs="?", help="file to write, or a folder to write PROBLEM.py in "
                                                           "(default: PROBLEM.py here); never overwritten")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.practice.starter import render_starter
    from judge.problems import resolve_problem

    problem = resolve_problem(args.problem)
    path = starter_path(args.path, problem.id)
    shown = shlex.quote(str(path))
    write_new(path, render_starter(problem, shown))
    print(f"wrote {path}: the signature of {problem.entry_point}, the shapes, what each step does, and TODOs.")
    steps = [(f"judge show {problem.id}", "read the kata"),
             (f"judge grade {shown} --watch", "fill in the TODOs: every save re-grades the file")]
    width = max(len(command) for command, _ in steps) + 3
    print("Next:")
    for command, what in steps:
        print(f"  {command:<{width}}{what}")
    sys.stdout.flush()
    return 0


def starter_path(given: Path | None, problem_id: str) -> Path:
    if given is None:
        return Path(f"{problem_id}.py")
    if given.is_dir():
        return given / f"{problem_id}.py"
    return given


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; an existing file is never touched."""
    if path.suffix != ".py":
        raise JudgeError(f"{path}: a starter is a Python file; give a path ending in .py")
    if not path.parent.is_dir():
        raise JudgeError(f"{path}: the folder {path.parent} does not exist; create it first or give another path")
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": fails rather than replace what is there
            out.write(text)
    except FileExistsError:
        raise JudgeError(f"{path}: already exists, and init never overwrites a file; give another PATH, "
                         "or move that file away first") from None
    except OSError as exc:
        raise JudgeError(f"{path}: cannot be written ({exc.strerror}); check the folder is writable") from None
