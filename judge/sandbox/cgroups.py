"""Whole-runner limits from the kernel: a cgroup of its own for every runner.

rlimits are per process, and RLIMIT_AS counts address space only: each child of a
runner gets the whole limit again, and memory held in no mapping (memfd and tmpfs
files filled with write()) is not counted at all. A cgroup counts what all of the
runner's processes use together, and the kernel enforces it:

- memory: `memory_mib` for the runner and everything it starts, the tmpfs, memfd and
  page-cache pages it causes included, and no swap (v1: memory.limit_in_bytes and
  memory.memsw.limit_in_bytes; v2: memory.max and memory.swap.max). Past it the
  kernel's OOM killer stops a process of the runner, which the judge reads from
  memory.oom_control (v1) or memory.events (v2) and reports as the memory limit;
- pids: processes and threads together, whatever uid they run as (root included);
- cpu: one equal share for all of a runner's processes (v1 cpu.shares, v2 cpu.weight),
  so 24 spinning children take from a neighbouring grade what one thread would.

Each runner's cgroup is made below the judge's own cgroup (a judge started inside a
limited or delegated cgroup stays inside it) and named `judge-run-<judge pid>-<random>`.
The runner enters it before bwrap or Python starts (`join_command`), so no code of the
submission ever runs outside it. The judge removes it after the runner, and removes
those of judges that died (killed with -9) whenever it makes a new one.

Cgroups need a hierarchy the judge may write: root's, or a v2 subtree delegated to the
judge's user (systemd `Delegate=yes`). Elsewhere (a non-root judge without delegation,
macOS) runners get the rlimits only, and the report's `isolation` says so (no `+cgroup`).
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

from judge.sandbox.cgroup_detect import CONTROLLERS, DISABLE_ENV, Hierarchy, Support, detect, support

__all__ = ["CONTROLLERS", "DISABLE_ENV", "Hierarchy", "PREFIX", "RunnerCgroup", "Support", "detect",
           "remove_stale", "support"]

PREFIX = "judge-run-"
# The kernels' default weights: every runner gets the share of one ordinary task group.
CPU_SHARES_V1, CPU_WEIGHT_V2 = 1024, 100
# rmdir fails while the killed processes are still exiting; they take milliseconds.
REMOVE_WAIT_S = 5.0
# A fork bomb adds processes while they are being killed; pids.max bounds each round.
KILL_ROUNDS = 200
# Enters the cgroups named by its arguments, then becomes the runner's command: the shell
# keeps its pid through `exec`, so bwrap (or Python) and all it starts are inside.
_JOIN_SCRIPT = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"'


class RunnerCgroup:
    """The cgroup(s) of one runner: one directory per v1 hierarchy, or one on v2."""

    def __init__(self, hierarchy: Hierarchy, name: str):
        self.version = hierarchy.version
        self.name = name
        self.dirs = {controller: parent / name for controller, parent in hierarchy.parents.items()}

    @classmethod
    def create(cls, hierarchy: Hierarchy, memory_bytes: int, processes: int) -> RunnerCgroup:
        """A new cgroup with the runner's limits; OSError if the kernel refuses one."""
        remove_stale(hierarchy)
        made = cls(hierarchy, f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            for directory in made.unique_dirs:
                directory.mkdir()
            made._limit(memory_bytes, processes)
        except OSError:
            made.remove()
            raise
        return made

    @property
    def unique_dirs(self) -> list[Path]:
        return sorted(set(self.dirs.values()))

    def join_command(self, command: list[str]) -> list[str]:
        """`command`, started inside this cgroup."""
        files = [str(d / "cgroup.procs") for d in self.unique_dirs]
        return ["/bin/sh", "-c", _JOIN_SCRIPT, "judge-join-cgroup", str(len(files)), *files, *command]

    def _limit(self, memory_bytes: int, processes: int) -> None:
        if self.version == 1:
            self._write("memory", "memory.limit_in_bytes", memory_bytes)
            self._write("memory", "memory.memsw.limit_in_bytes", memory_bytes, optional=True)  # no swap
            self._write("pids", "pids.max", processes)
            self._write("cpu", "cpu.shares", CPU_SHARES_V1)
        else:
            self._write("memory", "memory.max", memory_bytes)
            self._write("memory", "memory.swap.max", 0, optional=True)
            # One OOM kill takes the whole runner: a half-killed runner would answer on.
            self._write("memory", "memory.oom.group", 1, optional=True)
            self._write("pids", "pids.max", processes)
            self._write("cpu", "cpu.weight", CPU_WEIGHT_V2)

    def _write(self, controller: str, name: str, value: int, optional: bool = False) -> None:
        path = self.dirs[controller] / name
        if optional and not path.exists():
            return  # e.g. memsw without swap accounting
        path.write_text(str(value), encoding="utf-8")

    def _fields(self, name: str) -> dict[str, int]:
        try:
            text = (self.dirs["memory"] / name).read_text(encoding="utf-8")
        except OSError:
            return {}
        return {parts[0]: int(parts[1]) for parts in (line.split() for line in text.splitlines())
                if len(parts) == 2 and parts[1].isdigit()}

    def oom_kills(self) -> int:
        """How many of the runner's processes the kernel's OOM killer has stopped so far."""
        fields = self._fields("memory.oom_control" if self.version == 1 else "memory.events")
        return fields.get("oom_kill", 0) + fields.get("oom_group_kill", 0)

    def limit_hits(self) -> int:
        """How often the runner's memory reached the limit (the kernel then reclaims, thrashes or kills)."""
        if self.version == 1:
            try:
                return int((self.dirs["memory"] / "memory.failcnt").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return 0
        return self._fields("memory.events").get("max", 0)

    def peak_bytes(self) -> int | None:
        """The most memory the runner's processes held together (None where the kernel does not say)."""
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        try:
            return int((self.dirs["memory"] / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def pids(self) -> set[int]:
        found = set()
        for directory in self.unique_dirs:
            try:
                found.update(int(p) for p in (directory / "cgroup.procs").read_text(encoding="utf-8").split())
            except (OSError, ValueError):
                pass
        return found

    def kill_all(self) -> None:
        """SIGKILL every process in the cgroup, whichever session or process group it went to."""
        kill = self.dirs["pids"] / "cgroup.kill"  # v2 on Linux 5.14+: the kernel kills them all at once
        if self.version == 2 and kill.exists():
            try:
                kill.write_text("1", encoding="utf-8")
            except OSError:
                pass
        for _ in range(KILL_ROUNDS):
            found = self.pids()
            if not found:
                return
            for pid in found:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.005)

    def remove(self) -> bool:
        """Kill what is left inside and remove the directories; False if one is still there."""
        self.kill_all()
        deadline = time.monotonic() + REMOVE_WAIT_S
        pending = [d for d in self.unique_dirs if d.exists()]
        while pending:
            for directory in list(pending):
                try:
                    directory.rmdir()
                    pending.remove(directory)
                except FileNotFoundError:
                    pending.remove(directory)
                except OSError:
                    pass
            if pending:
                if time.monotonic() > deadline:
                    return False
                self.kill_all()
                time.sleep(0.01)
        return True


def remove_stale(hierarchy: Hierarchy) -> int:
    """Remove the runner cgroups of judges that are no longer running; returns how many."""
    removed = 0
    for parent in sorted(set(hierarchy.parents.values())):
        try:
            names = [p.name for p in parent.iterdir() if p.name.startswith(PREFIX)]
        except OSError:
            continue
        for name in names:
            owner = name[len(PREFIX):].split("-", 1)[0]
            if owner.isdigit() and not _alive(int(owner)):
                removed += RunnerCgroup(hierarchy, name).remove()
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
