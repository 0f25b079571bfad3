"""`judge prepare [PROBLEM ...]`: build the runners' compilation caches ahead of grading.

A grade prepares what it needs by itself; this is for a grading server or a CI image
that wants every later grade fast from the start, known mistakes included
(prepare/compile_cache.py). It only needs the trusted reference and mutants.
"""

from __future__ import annotations

import argparse
import sys
import time

from judge.base.errors import JudgeError


def add_parser(commands) -> None:
    from judge.commands._shared import add_sandbox_option

    parser = commands.add_parser("prepare", help="build the compilation caches that make grades fast")
    parser.add_argument("problems", nargs="*", metavar="PROBLEM",
                        help="problem ids or directories (default: every problem)")
    add_sandbox_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from judge.base.speedups import SpeedUps
    from judge.base.terminal import PreparationNotes
    from judge.prepare.compile_cache import runner_cache_for, sealed_files
    from judge.problem.find import available_problems, resolve_problem
    from judge.runner.confinement import choose

    names = args.problems or available_problems()
    if not names:
        raise JudgeError("no problems to prepare; pass a problem directory")
    problems = [resolve_problem(name) for name in names]  # every bad name is reported before any work
    if not SpeedUps.from_environment().caches:
        print("judge prepare: JUDGE_NO_SPEEDUPS is set, so no cache would be used; nothing to do", file=sys.stderr)
        return 0
    sandbox = choose(args.sandbox)
    if sandbox.level != "bwrap":
        why = f" ({sandbox.note})" if sandbox.note else ""
        print(f"judge prepare: runners get process-level isolation here{why}; they are given no compilation "
              "cache there (a runner could write it), so there is nothing to prepare", file=sys.stderr)
        return 0
    for problem in problems:
        started = time.monotonic()
        directory = runner_cache_for(problem, sandbox, PreparationNotes("judge prepare: "),
                                     with_mutants=True)
        if directory is None:
            raise JudgeError(f"{problem.id}: the compilation cache could not be prepared (the reference or a mutant "
                             "failed in a runner); `judge validate` shows which")
        files = sealed_files(directory)
        size = sum(entry.stat().st_size for entry in files) / (1 << 20)
        print(f"{problem.id}: compilation cache ready, {len(files)} executables ({size:.1f} MiB), "
              f"{time.monotonic() - started:.1f} s")
    return 0
