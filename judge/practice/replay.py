"""`judge replay`: one case, run in the judge's own process, so a learner can print and debug.

No runner, no sandbox, no time or memory limit, no jit: the learner's code runs in the
foreground exactly as their own script would, with concrete values. This is for one's
own code only; grades always run a submission isolated.
"""

from __future__ import annotations

import bdb
import importlib.machinery
import importlib.util
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from judge.base.errors import JudgeError
from judge.problem.case import Case, materialise_args
from judge.problem.model import Problem

_GENERATED_ID = re.compile(r"gen-(\d+)")
LISTED_IDS = 8  # fixed case ids named when the asked one does not exist


def pick_case(problem: Problem, wanted: str, seed: int, examples: int | None) -> Case:
    """The case named by `wanted`: a fixed case id, a generated case id (`gen-7` of `--seed`),
    or a mapping of inputs as the shrinker prints it. JudgeError for a hidden or unknown case."""
    text = wanted.strip()
    if text.startswith("{"):
        return _case_from_mapping(problem, text)
    fixed = {case.id: case for case in problem.cases}
    if text in fixed:
        case = fixed[text]
        if case.hidden:
            visible = [c.id for c in problem.cases if not c.hidden][:3]
            raise JudgeError(f"case {text} is hidden: its inputs and values are never shown, so it cannot be "
                             f"replayed; replay a visible case instead (e.g. {', '.join(visible)})")
        return case
    number = _GENERATED_ID.fullmatch(text)
    if number:
        return _generated_case(problem, int(number.group(1)), seed, examples)
    shown = ", ".join(list(fixed)[:LISTED_IDS]) + (", …" if len(fixed) > LISTED_IDS else "")
    raise JudgeError(f"no case {text!r} in {problem.id}: give a fixed case id ({shown}), a generated one "
                     "such as gen-7 (with the grade's --seed), or the inputs mapping a report prints, in quotes")


def _case_from_mapping(problem: Problem, text: str) -> Case:
    from judge.problem.parse_cases import parse_case
    from judge.problem.yamlfile import Field

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JudgeError(f"CASE: not a YAML/JSON mapping ({exc.__class__.__name__}); copy the mapping a report "
                         "prints exactly, inside single quotes") from None
    return parse_case(Field("CASE", "", value, None), problem, kind="fixed", default_id="replay")


def _generated_case(problem: Problem, number: int, seed: int, examples: int | None) -> Case:
    from judge.cases.discrimination import draw_graded_cases

    count = problem.generated.examples if examples is None else examples
    if not 1 <= number <= count:
        raise JudgeError(f"gen-{number}: a grade with --seed {seed} draws {count} generated cases, gen-1 to "
                         f"gen-{count}; pass the grade's --examples if it used other than the default")
    drawn = draw_graded_cases(problem, seed, count)
    if number > len(drawn):
        raise JudgeError(f"gen-{number}: only {len(drawn)} distinct cases could be drawn with --seed {seed}")
    return drawn[number - 1]


@dataclass(frozen=True)
class Outcome:
    """What the submission did: returned `array`, or failed (`failure` says how, `trace` shows where)."""

    array: np.ndarray | None
    failure: str = ""
    trace: str = ""
    seconds: float = 0.0


def run_in_process(problem: Problem, submission: Path, case: Case) -> Outcome:
    """Import the submission afresh and call its entry point on the case, right here."""
    from judge.cases.reference import configure_jax

    configure_jax()  # the runner's settings: CPU, float32 matmuls
    started = time.monotonic()
    args = _arguments(problem, case)
    directory = str(submission.resolve().parent)
    sys.path.insert(0, directory)  # like the runner: the submission may import files beside it
    try:
        function = _load(problem, submission)
        result = function(*args)
    except _Stop as stop:
        return Outcome(None, stop.reason, stop.trace, time.monotonic() - started)
    except bdb.BdbQuit:
        return Outcome(None, "stopped in the debugger", "", time.monotonic() - started)
    except SystemExit as exc:
        return Outcome(None, f"called sys.exit({exc.code!r}); return the output instead", "",
                       time.monotonic() - started)
    except Exception as exc:  # noqa: BLE001 - the learner's error is what they came to see
        return Outcome(None, f"raised {type(exc).__name__}: {exc}", _their_traceback(exc, submission),
                       time.monotonic() - started)
    finally:
        sys.path.remove(directory)
    seconds = time.monotonic() - started
    array, problem_with_it = _as_array(result)
    return Outcome(array, problem_with_it, "", seconds)


class _Stop(Exception):
    def __init__(self, reason: str, trace: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.trace = trace


def _arguments(problem: Problem, case: Case) -> list[Any]:
    values = materialise_args(case, problem.array_dtypes)
    if problem.array_module == "jax":
        import jax.numpy as jnp

        values = [jnp.asarray(v) if isinstance(v, np.ndarray) else v for v in values]
    return values


def _load(problem: Problem, submission: Path):
    from judge.submission.source import check_source

    reason = check_source(submission, problem.entry_point)
    if reason:
        raise _Stop(f"the file could not be loaded: {reason}")
    # A source loader named explicitly: by suffix, a .txt or extension-less file would have none.
    loader = importlib.machinery.SourceFileLoader("submission", str(submission))
    spec = importlib.util.spec_from_file_location("submission", submission, loader=loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module
    try:
        spec.loader.exec_module(module)
    except (KeyboardInterrupt, bdb.BdbQuit, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - shown to the learner, with their traceback
        raise _Stop(f"importing it raised {type(exc).__name__}: {exc}", _their_traceback(exc, submission)) from None
    function = getattr(module, problem.entry_point, None)
    if not callable(function):
        raise _Stop(f"it defines no function {problem.entry_point}; the judge calls "
                    f"{problem.entry_point}({', '.join(problem.arg_names)})")
    return function


def _as_array(result: Any) -> tuple[np.ndarray | None, str]:
    import jax

    if isinstance(result, jax.Array):
        result = np.asarray(jax.device_get(result))
    elif isinstance(result, np.generic):
        result = np.asarray(result)
    if not isinstance(result, np.ndarray):
        return None, f"returned a {type(result).__name__}; return a jax.Array or a NumPy array"
    if result.dtype.kind not in "fiub":
        return None, f"returned an array of dtype {result.dtype}; return real numbers (float32)"
    return np.array(result, copy=True, subok=False), ""


def _their_traceback(exc: BaseException, submission: Path) -> str:
    """The traceback from the first frame in the learner's file on: the judge's frames are noise to them."""
    frames = traceback.extract_tb(exc.__traceback__)
    path = str(submission.resolve())
    first = next((i for i, f in enumerate(frames) if str(Path(f.filename).resolve()) == path), 0)
    tail = exc.__traceback__
    for _ in range(first):
        tail = tail.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tail)).rstrip()
