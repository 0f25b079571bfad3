"""A submission's runners over one grade: restarts after crashes, time and restart budgets.

A case that kills its runner (segfault, os._exit, timeout, memory) must not cost
the learner the remaining cases, so the next case gets a fresh runner — up to
`MAX_RESTARTS` times, after which the remaining cases are not run.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from judge.base.speedups import SpeedUps
from judge.problem.model import IntInput, Problem
from judge.runner.client import CHILD_SCRIPT, Outcome, OutcomeKind, Runner
from judge.runner.confinement import choose
from judge.sandbox.launch import Launch, prepare_launch
from judge.sandbox.levels import Sandbox

# Each restart re-imports jax (~1 s); three is enough for a few crashing inputs and
# keeps a submission that crashes on every input from taking minutes.
MAX_RESTARTS = 3
# A second timeout means the submission most likely hangs on every input: waiting out a
# full call limit per remaining case would hold a grade (or a batch slot) for minutes.
MAX_TIMEOUTS = 2


class Session:
    """Runs one submission's calls, replacing a dead runner when that makes sense."""

    def __init__(self, problem: Problem, submission: Path, grade_deadline: float, sandbox: Sandbox | None = None,
                 speedups: SpeedUps | None = None):
        self._problem = problem
        self._speedups = SpeedUps.from_environment() if speedups is None else speedups
        self._submission = submission
        self._sandbox = choose("auto") if sandbox is None else sandbox
        self._deadline = grade_deadline
        self._runner: Runner | None = None
        self._opened = False
        self._import_timeout = 0.0
        self._launch: Launch | None = None
        self.restarts = 0
        self.timeouts = 0
        self.versions: dict[str, str] = {}
        self.isolation = self._sandbox.level
        self.gave_up: str | None = None

    def open(self) -> Outcome:
        """Start the first runner (or wait for the one `launch` started); an outcome other than
        `ok` means the submission did not load."""
        if self._runner is not None and not self._opened:
            return self._wait_ready()
        return self._start()

    def launch(self) -> None:
        """Start the first runner now, to import while the judge does other work; `open` waits for it."""
        self._spawn()

    def _start(self) -> Outcome:
        self._spawn()
        return self._wait_ready()

    def _spawn(self) -> None:
        self._close_runner()
        limits = self._problem.limits
        self._launch = prepare_launch(self._submission, CHILD_SCRIPT, limits.memory_mib, limits.grade_seconds,
                                      self._sandbox, self._speedups)
        config = {
            "entry_point": self._problem.entry_point,
            "arg_names": list(self._problem.arg_names),
            "array_module": self._problem.array_module,
            "jit": self._speedups.jit,
            "static_argnums": [i for i, spec in enumerate(self._problem.inputs)
                               if isinstance(spec, IntInput) and spec.static],
        }
        self.isolation = self._launch.isolation_label
        self._runner = Runner(self._launch, config, limits.memory_mib)
        self._import_timeout = min(limits.import_seconds, max(self._deadline - time.monotonic(), 0.1))
        self._opened = False
        self._runner.spawn()

    def _wait_ready(self) -> Outcome:
        outcome = self._runner.ready(self._import_timeout)
        self._opened = True
        self.versions = self._runner.versions or self.versions
        return outcome

    def call(self, args: list[Any], max_result_bytes: int) -> Outcome:
        """One call, in a fresh runner if the last one died; `not run` outcomes past the budgets."""
        if self.gave_up:
            return Outcome(OutcomeKind.ERROR, message=self.gave_up)
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self.gave_up = f"not run: the grade time limit ({self._problem.limits.grade_seconds:g} s) was reached"
            self._close_runner()
            return Outcome(OutcomeKind.TIMEOUT, message=self.gave_up)
        if not self._runner.alive:
            if self.restarts >= MAX_RESTARTS:
                self.gave_up = f"not run: the runner crashed or timed out {self.restarts + 1} times; fix that first"
                return Outcome(OutcomeKind.ERROR, message=self.gave_up)
            self.restarts += 1
            started = self._start()
            if started.kind != OutcomeKind.OK:
                self.gave_up = f"not run: a fresh runner failed to start ({started.message or started.kind})"
                return Outcome(OutcomeKind.ERROR, message=self.gave_up)
        timeout = min(self._problem.limits.call_seconds, remaining)
        outcome = self._runner.call(args, timeout, max_result_bytes)
        if outcome.kind == OutcomeKind.TIMEOUT:
            self.timeouts += 1
            if self.timeouts >= MAX_TIMEOUTS:
                self.gave_up = f"not run: {self.timeouts} calls timed out; the function probably never returns"
        return outcome

    def close(self) -> None:
        self._close_runner()

    def _close_runner(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None
        if self._launch is not None:
            self._launch.cleanup()
            self._launch = None
