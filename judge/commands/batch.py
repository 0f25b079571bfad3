"""`judge batch`: grade many submissions in parallel, keep every result, summarise.

Exit codes: 0 every submission was graded, whatever the scores; 1 `--fail-under` was
given and some submission scored below it; 2 the judge's own error — bad arguments or
paths before anything ran, or, after the whole batch ran and its report was written,
some submission the judge could not grade (see `judge_error` in its record).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
import time
from pathlib import Path

from judge.base.errors import JudgeError
from judge.commands._shared import (add_sandbox_option, add_staff_option, examples_number, non_negative, seed_number,
                                    write_report)

# The log a batch keeps when neither --log nor a JSON Lines --output names one.
DEFAULT_LOG = Path("judge-batch.jsonl")
# A grade's own limits stop it after the problem's grade_seconds; on top come starting
# Python and jax, the reference, and shrinking (grading.SHRINK_BUDGET_S = 60 s).
GRADE_MARGIN_S = 120.0


def add_parser(commands) -> None:
    from judge.batch.shard import parse_shard
    from judge.commands._gradebook import FORMAT as GRADEBOOK, add_gradebook_options
    from judge.report.formats import MANY

    batch = commands.add_parser("batch", help="grade many submissions in parallel")
    batch.add_argument("paths", nargs="+", metavar="PATH",
                       help="submission files, folders (every *.py and *.ipynb below) "
                            "or glob patterns")
    batch.add_argument("--problem", help="problem id (see problems/) or a directory holding problem.yaml")
    batch.add_argument("--jobs", "-j", type=jobs_number, default=os.cpu_count() or 1,
                       help=f"submissions graded at once, 1 to {MAX_JOBS} (default: the number of CPUs)")
    batch.add_argument("--format", choices=(*MANY, GRADEBOOK), default="markdown",
                       help="report format (default: markdown)")
    batch.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    batch.add_argument("--log", type=Path, help="the results log, one JSON line per graded submission, written "
                                                f"as each finishes (default: the --output file for jsonl, "
                                                f"else {DEFAULT_LOG})")
    again = batch.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="skip the submissions the log already holds")
    again.add_argument("--fresh", action="store_true", help="discard an existing log and grade everything")
    batch.add_argument("--shard", type=parse_shard, metavar="K/N",
                       help="grade only the K-th of N parts (round-robin over the sorted paths)")
    batch.add_argument("--fail-under", type=finite_number, metavar="SCORE",
                       help="exit 1 if any submission scores below SCORE points")
    batch.add_argument("--timeout", type=timeout_seconds, metavar="SECONDS",
                       help=f"wall limit per submission (default: the problem's grade_seconds + {GRADE_MARGIN_S:g})")
    batch.add_argument("--seed", type=seed_number, default=0, help="seed for the generated cases (default: 0)")
    batch.add_argument("--examples", type=examples_number,
                       help="number of generated cases, 0 to 10000 (default: the problem's)")
    batch.add_argument("--no-shrink", action="store_true", help="do not shrink a failing generated case")
    add_staff_option(batch)
    batch.add_argument("--report", type=Path, metavar="PATH",
                       help="also write a class report (see `judge report`) at the end: HTML, "
                            "or Markdown for a .md PATH")
    add_sandbox_option(batch)
    add_gradebook_options(batch)
    batch.set_defaults(run=run)


def positive(text: str) -> int:
    value = non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


# Each job is a judge process (~0.3 GiB) with its runners: far more jobs than cores only
# thrashes, and a typo such as -j 10000 would fork thousands of processes.
MAX_JOBS = 256
# A day: no single grade needs longer, and an infinite or NaN limit would never fire.
MAX_TIMEOUT_S = 86_400.0


def jobs_number(text: str) -> int:
    value = positive(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_JOBS}, got {value}")
    return value


def finite_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def timeout_seconds(text: str) -> float:
    value = finite_number(text)
    if not 0 < value <= MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from judge.batch.assign import assign_problems, describe
    from judge.batch.discover import discover
    from judge.batch.log import ResultsLog, read_log
    from judge.batch.progress import make_progress
    from judge.batch.scheduler import run_batch
    from judge.problem.find import resolve_problem
    from judge.runner.confinement import choose

    started = time.monotonic()
    if args.problem is not None:
        resolve_problem(args.problem)  # a bad --problem is reported before the paths are looked at
    paths = everything = discover(args.paths)
    if args.shard:
        paths = args.shard.select(everything)
        if not paths:
            print(f"judge batch: shard {args.shard} of {len(everything)} submissions is empty", file=sys.stderr)
    groups, inferred = assign_problems(args.problem, paths)
    if inferred:
        print(f"judge batch: {describe(groups)} (--problem grades them all against one)", file=sys.stderr)
    sandbox = choose(args.sandbox)  # `required` without bwrap stops here, not once per submission
    if sandbox.note:
        print(f"judge batch: note: {sandbox.note}; runners get process-level isolation", file=sys.stderr)
    plan = [(_settings(group.problem, group.problem_arg, args), list(group.paths)) for group in groups]
    by_problem = {settings.problem_id: settings for settings, _ in plan}
    if args.output and args.output.is_dir():
        raise JudgeError(f"--output {args.output}: is a directory; give a file path")
    if args.report:
        from judge.commands.report import check_output

        check_output(args.report, "--report")  # before grading, not after an hour of it
    log_path = args.log or (args.output if args.format == "jsonl" and args.output else DEFAULT_LOG)
    if args.output and args.format != "jsonl" and args.output.resolve() == log_path.resolve():
        raise JudgeError(f"--output {args.output} is also the results log; the {args.format} report would "
                         "overwrite it: give --log or --output another file")

    log = ResultsLog.open(log_path, resume=args.resume, fresh=args.fresh)
    try:
        _check_resumable(log.previous, by_problem, log_path)
        wanted = set(paths)
        done = {r["path"]: r for r in log.previous if r["path"] in wanted}
        # After every argument check; none for a kata whose files are all graded already (a resumed batch).
        _prepare_compile_caches([g.problem for g in groups if any(p not in done for p in g.paths)], sandbox)
        progress = make_progress(len(paths), list(done.values()), args.jobs)
        try:
            with _terminate_as_interrupt():
                for settings, group in plan:  # one problem after another, each `jobs` at a time
                    run_batch([p for p in group if p not in done], settings, args.jobs, log, progress)
        except KeyboardInterrupt:
            progress.close()
            print(f"judge batch: interrupted; the finished results are kept in {log_path}: run the same "
                  "command with --resume to go on", file=sys.stderr)
            raise
        progress.close()
    finally:
        log.close()

    # The report comes from the log alone, so a resumed batch reports like an uninterrupted one.
    logged = {r["path"]: r for r in read_log(log_path).records}
    outside = len(set(logged) - wanted)
    if outside:
        print(f"judge batch: {log_path} also holds {outside} results of submissions outside this batch; "
              "they are left out of the report", file=sys.stderr)
    records = [logged[p] for p in sorted(wanted) if p in logged]
    code = finish(records, args, time.monotonic() - started, log_path)
    if args.report:
        _write_class_report(args.report, log_path, outside)
    return code


def _write_class_report(path: Path, log_path: Path, outside: int) -> None:
    """The class report of this batch, read back from its log (a log shared with other batches is refused)."""
    from judge.commands.report import FORMAT_BY_SUFFIX, write_class_report

    if outside:
        raise JudgeError(f"--report {path}: {log_path} also holds other batches' results, which would count in the "
                         "class report; give this batch its own --log, or run `judge report` on the logs you mean")
    written = write_class_report([log_path], path, FORMAT_BY_SUFFIX.get(path.suffix.lower(), "html"), command="batch")
    print(f"judge batch: {written}", file=sys.stderr)


def finish(records: list[dict], args: argparse.Namespace, elapsed: float, log_path: Path | None) -> int:
    """Write the report in `--format`, print the one-line summary, return the exit code."""
    from judge.report.common import points
    from judge.report.formats import MANY
    from judge.report.summary import below, exit_code, summarise

    from judge.commands._gradebook import gradebook_report, with_students

    records = with_students(records, args)
    report = gradebook_report(records, args) if args.format == "gradebook" else MANY[args.format](records)
    if args.output:
        write_report(args.output, report)
    else:
        sys.stdout.write(report)
        sys.stdout.flush()
    summary = summarise(records)
    line = (f"{summary.total} submissions: {summary.passed} passed, {summary.failed} failed, "
            f"{summary.errors} error")
    if summary.mean_score is not None:
        line += f" · mean score {points(summary.mean_score)} / {points(summary.max_score)}"
    line += f" · {elapsed:.1f} s"
    if log_path is not None:
        line += f" · results in {log_path}"
    print(f"judge {args.command}: {line}", file=sys.stderr)
    if summary.judge_errors:
        print(f"judge {args.command}: {summary.judge_errors} submissions could not be graded by the judge "
              "(their records' judge_error says why): exit 2", file=sys.stderr)
    if args.fail_under is not None:
        low = below(records, args.fail_under)
        if low:
            print(f"judge {args.command}: {len(low)} submissions scored below {args.fail_under:g}", file=sys.stderr)
    return exit_code(records, args.fail_under)


def _prepare_compile_caches(problems, sandbox) -> None:
    """Every grade of the batch then loads the reference's and the known mistakes' executables."""
    from judge.base.terminal import PreparationNotes
    from judge.prepare.compile_cache import runner_cache_for

    for problem in problems:
        runner_cache_for(problem, sandbox, PreparationNotes("judge batch: "),
                         with_mutants=True)


def _settings(problem, problem_arg: str | None, args: argparse.Namespace):
    """How every submission of `problem` is graded in this batch."""
    from judge.batch.scheduler import GradeSettings

    return GradeSettings(
        problem_arg=problem_arg, problem_id=problem.id, max_score=float(sum(problem.scoring.values())),
        seed=args.seed, examples_arg=args.examples,
        examples=problem.generated.examples if args.examples is None else args.examples,
        shrink=not args.no_shrink, sandbox=args.sandbox, staff=args.staff,
        timeout_s=args.timeout or problem.limits.grade_seconds + GRADE_MARGIN_S,
    )


def _check_resumable(previous: list[dict], by_problem: dict, log_path: Path) -> None:
    """Every logged result was graded like this batch grades its problem (any of them, in a mixed batch)."""
    for record in previous if by_problem else ():  # an empty shard grades nothing: nothing to compare
        found = (record["problem"], record["seed"], record["examples"])
        settings = by_problem.get(record["problem"]) or next(iter(by_problem.values()))
        wanted = (settings.problem_id, settings.seed, settings.examples)
        if found != wanted:
            raise JudgeError(
                f"{log_path}: holds results graded with problem {found[0]}, seed {found[1]}, {found[2]} generated "
                f"cases, but this batch grades with problem {wanted[0]}, seed {wanted[1]}, {wanted[2]} generated "
                "cases; use the same options, another --log, or --fresh")


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a cancelled CI job) stops the batch like Ctrl-C: in-flight grades are killed."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
