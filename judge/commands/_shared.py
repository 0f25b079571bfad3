"""What several commands share: their common options and argument types, how they choose
the problem and the sandbox (saying so on stderr), and how they write a report.

Not a command itself (the leading underscore keeps `judge.commands.run` from registering it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from judge.base.errors import JudgeError

# Each generated case is a runner call (tens of milliseconds at best) and a few KiB of report:
# ten thousand is an afternoon of grading and tens of MiB; more is a typo.
MAX_EXAMPLES = 10_000
# Seeds are hashed into hypothesis' and NumPy's generators; past 2**63 - 1 some of them refuse.
MAX_SEED = 2**63 - 1


def add_staff_option(parser) -> None:
    parser.add_argument("--staff", action="store_true",
                        help="report everything the hidden cases did (inputs, messages, tracebacks, output): "
                             "for teachers only, never for a report a learner sees")


def add_sandbox_option(parser) -> None:
    from judge.sandbox.levels import MODES

    parser.add_argument("--sandbox", choices=MODES, default="auto",
                        help="how the submission is confined: auto (bwrap when it works here, else process-level; "
                             "the default), required (bwrap or refuse: for servers), process (process-level only)")


def chosen_sandbox(mode: str):
    """The sandbox for --sandbox MODE (JudgeError if `required` cannot be met), said on stderr if weaker than asked."""
    from judge.runner.confinement import choose
    from judge.sandbox.levels import shield_judge

    sandbox = choose(mode)
    if sandbox.note:
        print(f"judge: note: {sandbox.note}; runners get process-level isolation", file=sys.stderr)
    if sandbox.level == "process":
        shield_judge()
    return sandbox


def chosen_problem(name: str | None, submission: Path, announce: bool = True):
    """The problem to grade `submission` against; when the judge inferred it, it says so on stderr
    (unless the command names the problem in its own output)."""
    from judge.problem.find import problem_for

    choice = problem_for(name, submission)
    if choice.reason and announce:
        print(f"judge: {choice.reason}", file=sys.stderr)
    return choice.problem


def non_negative(text: str, most: int | None = None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    if most is not None and value > most:
        raise argparse.ArgumentTypeError(f"must be at most {most}, got {value}")
    return value


def examples_number(text: str) -> int:
    return non_negative(text, MAX_EXAMPLES)


def seed_number(text: str) -> int:
    return non_negative(text, MAX_SEED)


def write_report(path: Path, report: str) -> None:
    """Write atomically, so a reader never sees half a report and an old one survives a failure."""
    if path.exists() and not path.is_file():  # a device or pipe such as /dev/null: write through it
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace") as out:
                out.write(report)
            return
        except OSError as exc:
            raise JudgeError(f"--output {path}: cannot write ({exc.strerror})") from None
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    # A report should hold no unencodable character (the grade cleans every string it got from
    # a submission); should one slip through, it is written escaped rather than lost.
    data = report.encode("utf-8", errors="backslashreplace")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise JudgeError(f"--output {path}: cannot write ({exc.strerror}); "
                         "check the directory exists and is writable") from None
    finally:
        temporary.unlink(missing_ok=True)  # gone after os.replace; left by any failure before it


@contextlib.contextmanager
def stdout_to_stderr():
    """While grading, anything written to fd 1 (by jax, a library, anyone) lands on stderr,
    so stdout carries exactly the report."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
