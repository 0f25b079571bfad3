"""Which problem each submission of a batch is graded against.

With `--problem`, or only one problem, every submission gets that one. Otherwise each file
is matched to the problem whose entry point it defines (`judge.problems.infer_problem`), so
one batch can hold several katas; a file no problem fits stops the batch before anything
is graded, with every such file named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge.errors import JudgeError
from judge.problems import KataNotInferred, available_problems, infer_problem, resolve_problem
from judge.spec.problem import Problem

# Past a few, listing every unmatched file buries the fix.
LISTED_UNMATCHED = 5


@dataclass(frozen=True)
class Group:
    problem: Problem
    problem_arg: str | None  # what each grade process gets as --problem (None: let it choose the only one)
    paths: tuple[str, ...]


def assign_problems(name: str | None, paths: list[str]) -> tuple[list[Group], bool]:
    """The batch's paths grouped by problem (in order of first appearance), and whether the
    problems were inferred per file."""
    if name is not None or len(available_problems()) <= 1:
        return [Group(resolve_problem(name), name, tuple(paths))], False
    by_problem: dict[str, tuple[Problem, list[str]]] = {}
    unmatched = []
    for path in paths:
        try:
            problem = infer_problem(Path(path)).problem
        except KataNotInferred as exc:
            unmatched.append(exc.reason)  # the batch's own fix follows the list
            continue
        by_problem.setdefault(problem.id, (problem, []))[1].append(path)
    if unmatched:
        shown = " | ".join(unmatched[:LISTED_UNMATCHED])
        more = f" | and {len(unmatched) - LISTED_UNMATCHED} more" if len(unmatched) > LISTED_UNMATCHED else ""
        raise JudgeError(f"cannot tell which problem {len(unmatched)} of the {len(paths)} submissions are for, so "
                         f"nothing was graded: {shown}{more}; pass --problem, or leave those files out")
    return [Group(problem, str(problem.directory), tuple(group)) for problem, group in by_problem.values()], True


def describe(groups: list[Group]) -> str:
    """e.g. `problem inferred per file: 12 se_block, 3 cbam_channel`."""
    return "problem inferred per file: " + ", ".join(f"{len(g.paths)} {g.problem.id}" for g in groups)
