"""`judge init PROBLEM [PATH]`: write a starter file for a kata (never over an existing file)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from judge.base.errors import JudgeError


def add_parser(commands) -> None:
    parser = commands.add_parser("init", help="write a starter file for a kata: signature, shapes, steps, TODOs")
    parser.add_argument("problem", help="problem id (`judge list` shows them) or a directory holding problem.yaml")
    parser.add_argument("path", type=Path, nargs="?", help="file to write, or a folder to write PROBLEM.py in "
                                                           "(default: PROBLEM.py here); never overwritten")
    parser.add_argument("--notebook", action="store_true", help="write a Jupyter notebook (PROBLEM.ipynb) instead: "
                                                                "the starter in a code cell, for Colab or Jupyter")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.practice.starter import render_starter
    from judge.problem.find import resolve_problem

    problem = resolve_problem(args.problem)
    suffix = ".ipynb" if args.notebook else ".py"
    path = starter_path(args.path, problem.id, suffix)
    shown = shlex.quote(str(path))
    text = render_starter(problem, shown)
    write_new(path, starter_notebook(problem, text) if args.notebook else text, suffix)
    print(f"wrote {path}: the signature of {problem.entry_point}, the shapes, what each step does, and TODOs.")
    steps = [(f"judge show {problem.id}", "read the kata"),
             (f"judge grade {shown} --watch", "fill in the TODOs: every save re-grades the file")]
    width = max(len(command) for command, _ in steps) + 3
    print("Next:")
    for command, what in steps:
        print(f"  {command:<{width}}{what}")
    sys.stdout.flush()
    return 0


def starter_path(given: Path | None, problem_id: str, suffix: str = ".py") -> Path:
    if given is None:
        return Path(f"{problem_id}{suffix}")
    if given.is_dir():
        return given / f"{problem_id}{suffix}"
    return given


def starter_notebook(problem, starter: str) -> str:
    """The starter as a notebook: a title cell, the starter's code cell, a cell that tries it."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(f"# {problem.title}\n\nFill in the TODOs of the next cell, save, then "
                                      f"grade the notebook: `judge grade {problem.id}.ipynb`. The judge runs the "
                                      "code cells in order and leaves out `%` and `!` lines."),
        nbformat.v4.new_code_cell(starter.rstrip("\n")),
    ]
    return nbformat.writes(notebook) + "\n"


def write_new(path: Path, text: str, suffix: str = ".py") -> None:
    """Create `path` with `text`; an existing file is never touched."""
    if path.suffix != suffix:
        kind = "a notebook" if suffix == ".ipynb" else "a Python file"
        raise JudgeError(f"{path}: a starter is {kind} here; give a path ending in {suffix}")
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
