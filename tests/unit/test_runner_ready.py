"""A runner spawned ahead of need is ready whenever it is waited for, if it loaded in time."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from judge.runner.client import OutcomeKind, Runner
from judge.runner.isolated import wire

# Sends what a runner sends once it has imported the submission, then waits for the judge.
LOADED_RUNNER = (
    "import sys\n"
    "sys.path.insert(0, {isolated!r})\n"
    "import wire\n"
    "sys.stdout.buffer.write(wire.encode_frame(wire.Msg.HELLO, {{'python': '3', 'jax': 'j', 'flax': 'f'}}))\n"
    "sys.stdout.buffer.write(wire.encode_frame(wire.Msg.LOADED))\n"
    "sys.stdout.buffer.flush()\n"
    "sys.stdin.read()\n"
)


class FakeLaunch:
    """The parts of a launch a runner's start reads: a plain process, no sandbox."""

    isolation = "process"
    cgroup = None
    cwd = None
    env = None
    exit_code = None

    def __init__(self, tmp_path: Path):
        self.capture_path = str(tmp_path / "capture.txt")
        self._log = tmp_path / "log.txt"

    def runner_config(self) -> dict:
        return {}

    def command(self, config: str) -> list[str]:
        isolated = str(Path(wire.__file__).parent)
        return [sys.executable, "-c", LOADED_RUNNER.format(isolated=isolated)]

    def open_log(self):
        return self._log.open("wb")


def _spawned_and_loaded(tmp_path: Path) -> Runner:
    runner = Runner(FakeLaunch(tmp_path), {}, 512)
    runner.spawn()
    time.sleep(1.0)  # it has written both frames by now
    return runner


def test_a_runner_waited_for_after_its_import_limit_is_ready_if_it_had_loaded(tmp_path):
    runner = _spawned_and_loaded(tmp_path)
    try:
        outcome = runner.ready(timeout=0.1)  # the limit passed while it sat loaded, unread
        assert outcome.kind == OutcomeKind.OK, outcome.message
        assert runner.versions == {"python": "3", "jax": "j", "flax": "f"}
    finally:
        runner.kill()


def test_a_runner_that_never_loads_still_times_out(tmp_path):
    runner = Runner(FakeLaunch(tmp_path), {}, 512)
    runner._launch.command = lambda config: [sys.executable, "-c", "import time; time.sleep(30)"]
    runner.spawn()
    try:
        started = time.monotonic()
        outcome = runner.ready(timeout=0.2)
        assert outcome.kind == OutcomeKind.TIMEOUT
        assert time.monotonic() - started < 5
    finally:
        runner.kill()
