"""The judge's side of a runner: start it, load the submission, call it, kill it.

Every wait has a deadline; every frame is validated (see `wire`). A runner that
breaks the protocol, dies or overruns is killed with its whole process group and
the failure comes back as an `Outcome`, never as an exception.
"""

from __future__ import annotations

import enum
import json
import os
import select
import signal
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from judge.runner.isolated import proctree, wire
from judge.sandbox.launch import Launch

CHILD_SCRIPT = Path(__file__).with_name("isolated") / "child.py"
# Exercism's runner keeps ~500 characters of a test's output: enough to see a print, never a flood.
OUTPUT_CHARS = 500
# Reading what a loaded runner already sent takes milliseconds; past its import limit, a runner
# that had not loaded yet gets no more than this.
READY_GRACE_SECONDS = 0.5


class OutcomeKind(enum.StrEnum):
    """How one exchange with the runner ended; the values are what reports and caches store."""

    OK = "ok"  # the runner answered as the protocol says
    ERROR = "error"  # the submission failed in a way the runner reported (header says how)
    TIMEOUT = "timeout"  # no answer within the limit; the runner was stopped
    CRASH = "crash"  # the runner died or broke the protocol


@dataclass(frozen=True)
class Outcome:
    """What one exchange with the runner produced."""

    kind: OutcomeKind
    header: dict = field(default_factory=dict)
    array: np.ndarray | None = None
    message: str = ""
    output: str = ""


class Runner:
    """One runner process for one submission."""

    def __init__(self, launch: Launch, config: dict[str, Any], memory_mib: int):
        self._launch = launch
        self._config = config
        self._memory_mib = memory_mib
        self._proc: subprocess.Popen | None = None
        self._buffer = b""
        self._next_id = 0
        self._oom_kills = 0  # the cgroup's counts when the current exchange began
        self._limit_hits = 0
        self._spawned_at = 0.0
        self.versions: dict[str, str] = {}

    # -- lifecycle ------------------------------------------------------------
    def start(self, timeout: float) -> Outcome:
        """Start the runner and import the submission; `ok` means ready for calls."""
        self.spawn()
        return self.ready(timeout)

    def spawn(self) -> None:
        """Start the runner process; it imports jax and the submission while the caller goes on."""
        config = dict(self._config, **self._launch.runner_config())
        self._proc = subprocess.Popen(
            self._launch.command(json.dumps(config)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._launch.open_log(),
            cwd=self._launch.cwd,
            env=self._launch.env,
            start_new_session=True,  # its own process group, so a kill takes the group at once
        )
        os.set_blocking(self._proc.stdout.fileno(), False)
        self._spawned_at = time.monotonic()

    def ready(self, timeout: float) -> Outcome:
        """Wait until the spawned runner has imported the submission, `timeout` from its spawn.

        A runner spawned ahead of need (the hidden cases') may be waited for long after the
        limit has passed, though it loaded in time: what it already sent is still read.
        """
        deadline = max(self._spawned_at + timeout, time.monotonic() + READY_GRACE_SECONDS)
        hello = self._receive(deadline, max_payload=0)
        if hello.kind != OutcomeKind.OK:
            return self._failed_start(hello, timeout)
        self.versions = {k: hello.header.get(k, "?") for k in ("python", "jax", "flax")}
        loaded = self._receive(deadline, max_payload=0)
        if loaded.kind != OutcomeKind.OK:
            return self._failed_start(loaded, timeout)
        return Outcome(loaded.kind if loaded.header["type"] == wire.Msg.LOADED.value else OutcomeKind.ERROR,
                       header=loaded.header, output=self.read_output())

    def _failed_start(self, outcome: Outcome, timeout: float) -> Outcome:
        outcome = self._oom_checked(outcome)
        if outcome.kind == OutcomeKind.TIMEOUT:
            outcome = Outcome(OutcomeKind.TIMEOUT, message=f"importing the submission took longer than {timeout:g} s")
        return Outcome(outcome.kind, outcome.header, None, outcome.message, self.read_output())

    def close(self) -> None:
        """Ask the runner to exit, then make sure its whole process group is gone."""
        if self._proc is None:
            return
        try:
            self._proc.stdin.write(wire.encode_frame(wire.Msg.BYE))
            self._proc.stdin.close()
        except (OSError, ValueError):
            pass
        try:
            self._proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def kill(self) -> None:
        """Kill the runner and everything it started (under bwrap: its whole pid namespace)."""
        if self._proc is None:
            return
        if self._launch.isolation == "process" and self._proc.poll() is None:
            # Descendants that left the process group with setsid() are still below the guard.
            proctree.kill_descendants(self._proc.pid)
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self._launch.cgroup is not None:
            self._launch.cgroup.kill_all()  # whatever escaped both, even if the guard died first
        self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    # -- calls ----------------------------------------------------------------
    def call(self, args: list[Any], timeout: float, max_result_bytes: int) -> Outcome:
        """Call the entry point; the result array is validated and capped at `max_result_bytes`."""
        self._next_id += 1
        specs, payload = [], b""
        for value in args:
            if isinstance(value, np.ndarray):
                meta, data = wire.describe_array(value)
                specs.append({"kind": "array", "array": meta, "bytes": len(data)})
                payload += data
            else:
                specs.append({"kind": "int", "value": int(value)})
        deadline = time.monotonic() + timeout
        if self._launch.cgroup is not None:
            self._oom_kills, self._limit_hits = self._launch.cgroup.oom_kills(), self._launch.cgroup.limit_hits()
        frame = wire.encode_frame(wire.Msg.CALL, {"id": self._next_id, "args": specs}, payload)
        if not self._send(frame, deadline):
            return self._finish(self._death_or_timeout(deadline, timeout))
        reply = self._receive(deadline, max_payload=max_result_bytes)
        if reply.kind == OutcomeKind.TIMEOUT:
            reply = Outcome(OutcomeKind.TIMEOUT, message=f"the call took longer than {timeout:g} s and was stopped")
        elif reply.kind == OutcomeKind.OK and reply.header.get("id") != self._next_id:
            reply = self._protocol_failure("reply does not answer the current call")
        elif reply.kind == OutcomeKind.OK and reply.header["type"] == wire.Msg.RESULT.value:
            try:
                array = wire.decode_array(reply.header.get("array"), reply.header.pop("_payload"), max_result_bytes)
                reply = Outcome(OutcomeKind.OK, reply.header, array)
            except wire.ProtocolError as exc:
                reply = self._protocol_failure(f"returned array rejected: {exc}")
        elif reply.kind == OutcomeKind.OK and reply.header["type"] == wire.Msg.CALL_ERROR.value:
            reply = Outcome(OutcomeKind.ERROR, reply.header)
        elif reply.kind == OutcomeKind.OK:
            reply = self._protocol_failure(f"unexpected {reply.header['type']} message")
        return self._finish(reply)

    def _finish(self, outcome: Outcome) -> Outcome:
        outcome = self._oom_checked(outcome)
        if outcome.kind in (OutcomeKind.TIMEOUT, OutcomeKind.CRASH):
            self.kill()
        return Outcome(outcome.kind, outcome.header, outcome.array, outcome.message, self.read_output())

    def _oom_checked(self, outcome: Outcome) -> Outcome:
        """The memory limit, when the runner's cgroup says it was the cause.

        The kernel's OOM killer may have stopped a child and left the runner answering:
        the call still went past the limit, so the runner is killed and the call fails on
        memory. A call that timed out or crashed while its processes were held at the
        limit (the kernel evicting their code to make room, before any kill) fails on
        memory too: that is the slowdown's cause.
        """
        cgroup = self._launch.cgroup
        if cgroup is None:
            return outcome
        killed = cgroup.oom_kills() > self._oom_kills
        if not killed and not (outcome.kind in (OutcomeKind.TIMEOUT, OutcomeKind.CRASH)
                               and cgroup.limit_hits() > self._limit_hits):
            return outcome
        self.kill()
        peak = cgroup.peak_bytes()
        held = f"; {peak >> 20} MiB at the peak" if peak else ""
        what = "the kernel stopped the runner when" if killed else f"{outcome.message or outcome.kind}, while"
        return Outcome(OutcomeKind.CRASH, message=(
            f"Out of memory: {what} its processes together (children, memfd and tmpfs files included) "
            f"reached the limit of {self._memory_mib} MiB{held}"))

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- output ---------------------------------------------------------------
    def read_output(self) -> str:
        """The start of what the submission printed since the last call began (never the whole flood).

        Under the process fallback the runner may have replaced the capture file: the open
        never blocks (a FIFO would wait for a writer forever), follows no symlink, and only
        a regular file is read, and only its start.
        """
        try:
            fd = os.open(self._launch.capture_path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            return ""
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return "[output not shown: the submission replaced its output file with something else]"
            head = os.read(fd, OUTPUT_CHARS * 4)
            total = info.st_size
        except OSError:
            return ""
        finally:
            os.close(fd)
        text = head.decode("utf-8", errors="replace")
        if len(text) > OUTPUT_CHARS or total > len(head):
            text = text[:OUTPUT_CHARS] + f"\n… [output truncated: {total} bytes in all]"
        return text

    # -- framing --------------------------------------------------------------
    def _send(self, data: bytes, deadline: float) -> bool:
        stdin = self._proc.stdin.fileno()
        os.set_blocking(stdin, False)
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            _, writable, _ = select.select([], [stdin], [], remaining)
            if not writable:
                continue
            try:
                view = view[os.write(stdin, view):]
            except (BrokenPipeError, OSError):
                return False
        return True

    def _receive(self, deadline: float, max_payload: int) -> Outcome:
        """Read one frame; its payload is kept in header['_payload'] for the caller."""
        try:
            prefix = self._read_exact(4, deadline)
            if prefix is None:
                return self._death_or_timeout(deadline, None)
            body = self._read_exact(wire.header_length(prefix), deadline)
            if body is None:
                return self._death_or_timeout(deadline, None)
            header = wire.parse_header(body)
            if header["payload_bytes"] > max_payload:
                raise wire.ProtocolError(f"payload of {header['payload_bytes']} bytes exceeds the cap of {max_payload}")
            payload = self._read_exact(header["payload_bytes"], deadline)
            if payload is None:
                return self._death_or_timeout(deadline, None)
        except wire.ProtocolError as exc:
            return self._protocol_failure(str(exc))
        header["_payload"] = payload
        return Outcome(OutcomeKind.OK, header)

    def _read_exact(self, count: int, deadline: float) -> bytes | None:
        stdout = self._proc.stdout.fileno()
        while len(self._buffer) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([stdout], [], [], remaining)
            if not readable:
                continue
            try:
                chunk = os.read(stdout, max(65536, count - len(self._buffer)))
            except BlockingIOError:
                continue
            if not chunk:
                return None
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def _death_or_timeout(self, deadline: float, timeout: float | None) -> Outcome:
        if time.monotonic() >= deadline and self.alive:
            return Outcome(OutcomeKind.TIMEOUT,
                           message=f"no answer within {timeout:g} s" if timeout else "no answer in time")
        try:
            code = self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return Outcome(OutcomeKind.CRASH, message="the runner closed its channel without exiting")
        return Outcome(OutcomeKind.CRASH, message=self._describe_exit(self._launch.exit_code(code)))

    def _describe_exit(self, code: int) -> str:
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            meaning = {
                "SIGSEGV": "segmentation fault: the process touched memory it does not own",
                "SIGKILL": f"killed; the usual cause is the memory limit ({self._memory_mib} MiB)",
                "SIGABRT": f"aborted; often an allocation beyond the memory limit ({self._memory_mib} MiB)",
                "SIGXCPU": "CPU time limit exceeded",
                "SIGBUS": "bus error",
                "SIGFPE": "arithmetic fault",
            }.get(name, "terminated by a signal")
            return f"the runner died with {name} ({meaning})"
        return f"the runner process exited with status {code} (os._exit, or exit from a thread, in the submission)"

    def _protocol_failure(self, reason: str) -> Outcome:
        self.kill()
        return Outcome(OutcomeKind.CRASH, message=f"the runner broke the judge's protocol ({reason})")
