"""Preparing one runner's launch: a private work directory, a clean environment, rlimits.

Every level gets this much: a temporary work directory holding a copy of the
submission and the capture file, an allowlisted environment (no secret of the
judge's environment can reach the runner), and rlimits the runner applies to itself
(address space, CPU time, processes, file size, core dumps). The level then decides
how the runner is started (`command`) and what it sees (`RunnerPaths`):

- `process`: the runner sees the real file system; a guard process stands between it
  and the judge (`isolated/guard.py`);
- `bwrap`: the runner sees only what `sandbox/bwrap.py` binds, at fixed paths.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from judge.base.speedups import OFF, SpeedUps
from judge.sandbox import bwrap, cgroups
from judge.sandbox.levels import Sandbox
from judge.sandbox.paths import RunnerPaths, package_dirs

# Variables a runner may inherit: locale and the CPU-kernel settings some machines need
# for a correct OpenBLAS (env/README.md); nothing that could carry a secret.
INHERITED_ENV = ("LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# Everything a runner writes goes to files under its work dir; 64 MiB caps a print flood.
FILE_SIZE_LIMIT = 64 << 20
# Processes and threads of one runner. jax starts ~20 threads on 2 cores and about two per
# extra core; a fork bomb stops here instead of filling the machine's process table.
PROCESS_LIMIT = 128 + 4 * (os.cpu_count() or 1)
# Under bwrap started by root the runner drops to a uid of its own from this range: high
# enough to belong to no real account, one per runner so one runner's process count
# (RLIMIT_NPROC counts per uid) is never charged to another's.
SANDBOX_UID_BASE, SANDBOX_UID_SPAN = 1 << 30, 1 << 20
# The runner's cgroup counts every process and thread in it: besides the runner's own
# PROCESS_LIMIT, the joining shell (which becomes bwrap or Python), bwrap's pid 1 and the guard.
CGROUP_EXTRA_PROCESSES = 8


@dataclass
class Launch:
    """Where and how one runner process starts."""

    workdir: Path
    submission: Path  # the runner's copy of the submission
    child_script: Path
    memory_mib: int
    cpu_seconds: int
    sandbox: Sandbox
    run_as: tuple[int, int] | None = None  # uid, gid the runner drops to (bwrap as root)
    # What the runner gets to start faster (judge/base/speedups.py): its XLA flags, whether it
    # calls under jax.jit, and the compilation cache it reads.
    speedups: SpeedUps = OFF
    # The runner's own cgroup (sandbox/cgroups.py), or None where this judge cannot make one.
    cgroup: cgroups.RunnerCgroup | None = None

    @property
    def isolation(self) -> str:
        return self.sandbox.level

    @property
    def isolation_label(self) -> str:
        """The report's `isolation`: the level, `+cgroup` when whole-runner kernel limits hold too."""
        return f"{self.sandbox.level}+cgroup" if self.cgroup is not None else self.sandbox.level

    @property
    def compile_cache(self) -> Path | None:
        return self.speedups.compile_cache

    @property
    def capture_path(self) -> Path:
        return self.workdir / "output.txt"

    @property
    def log_path(self) -> Path:
        return self.workdir / "runner.log"

    @property
    def paths(self) -> RunnerPaths:
        if self.sandbox.level == "bwrap":
            return bwrap.runner_paths(self)
        return RunnerPaths(child_script=str(self.child_script), submission=str(self.submission),
                           capture=str(self.capture_path), home=str(self.workdir), tmp=str(self.workdir / "tmp"),
                           compile_cache=str(self.compile_cache) if self.compile_cache else None)

    @property
    def cwd(self) -> Path:
        return self.workdir  # under bwrap, bwrap's own: the runner's is set by --chdir

    @property
    def env(self) -> dict[str, str]:
        env = {key: os.environ[key] for key in INHERITED_ENV if key in os.environ}
        paths = self.paths
        env.update(
            HOME=paths.home,
            TMPDIR=paths.tmp,
            PATH="/usr/local/bin:/usr/bin:/bin",
            JAX_PLATFORMS="cpu",  # same backend as the reference: a GPU's TF32 cannot flip a verdict
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONHASHSEED="0",
        )
        env.setdefault("LANG", "C.UTF-8")
        if self.speedups.xla_flags:
            env["XLA_FLAGS"] = self.speedups.xla_flags
        return env

    def command(self, config_json: str) -> list[str]:
        """The runner's argv. `-S`: no site-packages `.pth` file runs (see child.py)."""
        command = [sys.executable, "-E", "-s", "-S", self.paths.child_script, config_json]
        if self.sandbox.level == "bwrap":
            command = [*bwrap.arguments(self), *command]
        return self.cgroup.join_command(command) if self.cgroup is not None else command

    def runner_config(self) -> dict:
        """The part of the runner's config that depends on the sandbox."""
        return {
            "submission": self.paths.submission,
            "capture": self.paths.capture,
            "rlimits": self.rlimits,
            "sys_path": package_dirs(),
            "run_as": list(self.run_as) if self.run_as else None,
            "guard": self.sandbox.level == "process",
            "compile_cache": {"dir": self.paths.compile_cache, "write": self.speedups.compile_cache_writable}
            if self.compile_cache else None,
        }

    def open_log(self):
        return open(self.log_path, "wb")  # noqa: SIM115 - handed to Popen, closed with the runner

    @property
    def rlimits(self) -> dict[str, tuple[int, int]]:
        """Limits the runner applies to itself before importing anything.

        Set by the runner rather than by a `preexec_fn`: forking a judge that already
        runs JAX threads and then executing Python in the child can deadlock.
        """
        memory = self.memory_mib << 20
        limits = {
            "RLIMIT_AS": (memory, memory),
            "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 5),
            "RLIMIT_FSIZE": (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT),
            "RLIMIT_CORE": (0, 0),
        }
        processes = process_limit(self.run_as)
        if processes is not None:
            limits["RLIMIT_NPROC"] = (processes, processes)
        return limits

    def exit_code(self, code: int) -> int:
        """The runner's exit as `Popen.returncode` would give it unsandboxed (-N: signal N)."""
        if self.sandbox.level == "bwrap" and code > 128:
            return 128 - code  # bwrap exits with 128 + N when its command dies of signal N
        return code

    def cleanup(self) -> None:
        """Remove the cgroup (killing what is left in it) and the work directory, whatever the runner did to them."""
        if self.cgroup is not None:
            self.cgroup.remove()
        remove_tree(self.workdir)


def prepare_launch(submission: Path, child_script: Path, memory_mib: int, cpu_seconds: int,
                   sandbox: Sandbox, speedups: SpeedUps | None = None) -> Launch:
    """A fresh work directory holding a copy of the submission, ready for one runner.

    A writable compile cache is for trusted code only, so it is refused under bwrap:
    there the runner is by definition untrusted.
    """
    speedups = OFF if speedups is None else speedups
    if speedups.compile_cache_writable and sandbox.level == "bwrap":
        raise ValueError("a sandboxed runner never gets a writable compile cache")
    workdir = Path(tempfile.mkdtemp(prefix="judge-run-"))
    (workdir / "tmp").mkdir()
    copy = workdir / submission.name
    _copy_regular_file(submission, copy)
    run_as = None
    if sandbox.level == "bwrap" and os.geteuid() == 0:
        uid = SANDBOX_UID_BASE + random.SystemRandom().randrange(SANDBOX_UID_SPAN)
        run_as = (uid, uid)
        # The runner reads its copy and writes the capture as that uid.
        copy.chmod(0o644)
        (workdir / "output.txt").touch(0o600)
        os.chown(workdir / "output.txt", uid, uid)
    elif sandbox.level == "bwrap":
        (workdir / "output.txt").touch(0o600)  # bound into the sandbox, so it must exist
    return Launch(workdir=workdir, submission=copy, child_script=child_script, memory_mib=memory_mib,
                  cpu_seconds=int(cpu_seconds), sandbox=sandbox, run_as=run_as,
                  speedups=speedups,
                  cgroup=_runner_cgroup(memory_mib))


# A runner's copy of the submission holds at most this much; the judge refuses files over
# 1 MiB before any runner starts, so only a file swapped after that check can reach it.
_COPY_LIMIT_BYTES = 2 << 20
_SWAPPED = (b"raise ImportError('the submission file was replaced by a link or a special file while "
            b"it was being graded; submit the Python file itself')\n")


def _copy_regular_file(source: Path, target: Path) -> None:
    """Copy the submission without following a link and only from a regular file.

    The judge checked the file before launching, but a file swapped for a link (say, to a
    secret of the judge's user) between that check and this copy would otherwise be copied
    by path. Such a swap gets a module that fails to import, saying why: a verdict, never
    the link's target.
    """
    try:
        descriptor = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        target.write_bytes(_SWAPPED)
        return
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(_COPY_LIMIT_BYTES) if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) else _SWAPPED
    target.write_bytes(data)


def _runner_cgroup(memory_mib: int) -> cgroups.RunnerCgroup | None:
    """A cgroup for one runner, or None (the report then says `bwrap`/`process` without `+cgroup`)."""
    found = cgroups.support()
    if found.hierarchy is None:
        return None
    try:
        return cgroups.RunnerCgroup.create(found.hierarchy, memory_mib << 20, PROCESS_LIMIT + CGROUP_EXTRA_PROCESSES)
    except OSError:
        return None  # e.g. a delegated hierarchy that ran out of room: the runner keeps its rlimits


def remove_tree(path: Path) -> None:
    """rmtree that also gets through directories a runner made unreadable (chmod 000) for the judge's user."""
    def retry_writable(function, name, _excinfo):
        try:
            os.chmod(os.path.dirname(name), 0o700)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, 0o700)
            function(name)
        except OSError:
            pass

    shutil.rmtree(path, onerror=retry_writable)
    shutil.rmtree(path, ignore_errors=True)  # what the first pass opened up


def process_limit(run_as: tuple[int, int] | None) -> int | None:
    """RLIMIT_NPROC for a runner, or None where it cannot be enforced.

    The kernel never enforces it for root, so a root judge gets it only with bwrap,
    where the runner drops to a uid of its own. For any other user it counts all the
    user's processes (per user namespace on Linux >= 5.14), so the runner is allowed
    what the user already runs plus its own share (not enforced where there is no
    /proc to count them, e.g. macOS).
    """
    if run_as is not None:
        return PROCESS_LIMIT
    existing = None if os.geteuid() == 0 else _tasks_of(os.getuid())
    return None if existing is None else existing + PROCESS_LIMIT


def _tasks_of(uid: int) -> int | None:
    """Threads (which RLIMIT_NPROC counts) of every process of `uid`; None without /proc."""
    try:
        names = [n for n in os.listdir("/proc") if n.isdigit()]
    except OSError:
        return None
    count = 0
    for name in names:
        try:
            with open(f"/proc/{name}/status", encoding="utf-8") as handle:
                status = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        if int(status["Uid"].split()[0]) == uid:
            count += int(status.get("Threads", "1"))
    return count
