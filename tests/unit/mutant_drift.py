"""The drift guard: a mutant differs from its kata's reference by the lines it declares, no more.

A mutant is a copy of the reference with one mistake. When the reference changes (a comment
aside) and a mutant does not follow, the mutant tests an older block than the one graded, and
nothing else notices: it is still killed, still diagnosed. So every line a mistake changes or
adds ends with `# mutant: <why>`, a line it deletes leaves a comment-only `# mutant: <why>`
where it was, and `drift()` compares the two files line by line (difflib), docstrings, blank
lines and comment-only lines aside: every difference must be declared, and every declared
line must differ from the reference.
"""

from __future__ import annotations

import ast
import difflib

MARK = "# mutant:"


def code_lines(text: str) -> list[str]:
    """The lines that make the module's behaviour: no docstring, no blank or comment-only line
    (a `# mutant:` deletion marker is kept: drift() reads it)."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if number in docstrings or not stripped or (stripped.startswith("#") and not stripped.startswith(MARK)):
            continue
        kept.append(line.rstrip())
    return kept


def drift(reference: str, mutant: str) -> list[str]:
    """What is wrong with `mutant` as a marked copy of `reference`: one sentence per problem."""
    problems = []
    codes: list[str] = []  # the mutant's code lines, markers cut off
    declared: list[bool] = []
    deletions: list[int] = []  # where comment-only markers sit, as an index into `codes`
    for line in code_lines(mutant):
        code, marked, why = line.partition(MARK)
        if marked and not why.strip():
            problems.append(f"`{line.strip()}`: say why after `{MARK}`")
        if marked and not code.strip():
            deletions.append(len(codes))
            continue
        codes.append(code.rstrip())
        declared.append(bool(marked))
    original = code_lines(reference)
    explained: set[int] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, original, codes, autojunk=False).get_opcodes():
        if tag == "equal":
            problems += [f"`{codes[j].strip()}` is marked `{MARK}` but is the reference's line: "
                         "drop the marker, or make the mistake again on the reference's new line"
                         for j in range(j1, j2) if declared[j]]
            continue
        problems += [f"`{codes[j].strip()}` differs from the reference (near `{_near(original, i1)}`) without "
                     f"`{MARK}`: copy the reference's line, or mark it" for j in range(j1, j2) if not declared[j]]
        if i2 - i1 <= j2 - j1:
            continue
        # Lines of the reference that no line of the mutant stands in for: a deletion, which
        # needs its own marker, even beside a marked change that difflib lumps it with.
        nearby = {k for k in deletions if j1 <= k <= j2}
        explained |= nearby
        if not nearby:
            gone = original[i1 + (j2 - j1)] if tag == "replace" else original[i1]
            problems.append(f"the reference's `{gone.strip()}` (or a line beside it) is missing here without a "
                            f"comment-only `{MARK}` line where it was: restore it, or say why it is gone")
    problems += [f"a comment-only `{MARK}` line sits where nothing of the reference is missing "
                 f"(before `{codes[k].strip() if k < len(codes) else 'the end'}`): drop it"
                 for k in deletions if k not in explained]
    return problems


def _near(lines: list[str], index: int) -> str:
    return lines[min(index, len(lines) - 1)].strip() if lines else ""
