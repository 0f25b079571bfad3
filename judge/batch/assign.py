"""Which problem each submission of a batch is graded against.

With `--problem`, or only one problem, every submission gets that one. Otherwise each file
is matched to the problem whose entry point it defines (`judge.problem.find.infer_problem`), so
one batch can hold several katas. A file no problem fits (an empty file, a misnamed
function) is graded against the batch's kata when every other file fits that same one: its
record then says what is missing, and nothing else is held up. When the others fit several
katas there is no telling, and the batch stops before anything is graded, with every such
file named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge.base.errors import JudgeError
from judge.problem.find import KataNotInferred, available_problems, infer_problem, resolve_problem
from judge.problem.model import Problem

# Past a few, listing every unmatched file buries the fix.
LISTED_UNMATCHED = 5


@dataclass(frozen=True)
class Group:
    problem: Problem
    problem_arg: str | None  # what each grade process gets as --problem (None: let it choose the only one)
    paths: tuple[str, ...]
    unmatched: int = 0  # of them, files that fit no problem, graded against this, the batch's only one


def assign_problems(name: str | None, paths: list[str]) -> tuple[list[Group], bool]:
    """The batch's paths grouped by problem (in order of first appearance), and whether the
    problems were inferred per file."""
    if name is not None or len(available_problems()) <= 1:
        return [Group(resolve_problem(name), name, tuple(paths))], False
    by_problem: dict[str, tuple[Problem, list[str]]] = {}
    unmatched: dict[str, str] = {}  # path -> why no problem fits it
    for path in paths:
        try:
            problem = infer_problem(Path(path)).problem
        except KataNotInferred as exc:
            unmatched[path] = exc.reason  # the batch's own fix follows the list
            continue
        by_problem.setdefault(problem.id, (problem, []))[1].append(path)
    if unmatched and len(by_problem) == 1:
        ((problem, fitting),) = by_problem.values()
        members = set(fitting) | set(unmatched)
        group = tuple(path for path in paths if path in members)
        return [Group(problem, str(problem.directory), group, unmatched=len(unmatched))], True
    if unmatched:
        reasons = list(unmatched.values())
        shown = " | ".join(reasons[:LISTED_UNMATCHED])
        more = f" | and {len(reasons) - LISTED_UNMATCHED} more" if len(reasons) > LISTED_UNMATCHED else ""
        raise JudgeError(f"cannot tell which problem {len(reasons)} of the {len(paths)} submissions are for, so "
                         f"nothing was graded: {shown}{more}; pass --problem, or leave those files out")
    return [Group(problem, str(problem.directory), tuple(group)) for problem, group in by_problem.values()], True


def describe(groups: list[Group]) -> str:
    """e.g. `problem inferred per file: 12 se_block, 3 cbam_channel`, or with files that fit
    none: `problem inferred per file: 12 se_block (2 of them define no kata's entry point)`."""
    parts = []
    for group in groups:
        part = f"{len(group.paths)} {group.problem.id}"
        if group.unmatched:
            part += (f" ({group.unmatched} of them define{'s' if group.unmatched == 1 else ''} no kata's entry "
                     "point and will show why)")
        parts.append(part)
    return "problem inferred per file: " + ", ".join(parts)
