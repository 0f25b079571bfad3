"""Preparing a runner's launch: a private work directory, a clean environment, rlimits.

This is the process-level isolation every platform gets: the runner has its own
session and process group, a temporary working directory holding a copy of the
submission, an allowlisted environment (no secret of the judge's environment can
reach it), and rlimits on address space, CPU time, file size and core dumps.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Variables a runner may inherit: locale and the CPU-kernel settings some machines need
# for a correct OpenBLAS (env/README.md); nothing that could carry a secret.
INHERITED_ENV = ("LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# Everything a runner writes goes to files under its work dir; 64 MiB caps a print flood.
FILE_SIZE_LIMIT = 64 << 20


@dataclass
class Launch:
    """Where and how one runner process starts."""

    workdir: Path
    submission: Path  # the runner's copy of the submission
    child_script: Path
    memory_mib: int
    cpu_seconds: int
    argv_prefix: list[str] = field(default_factory=list)
    isolation: str = "process"

    @property
    def cwd(self) -> Path:
        return self.workdir

    @property
    def capture_path(self) -> Path:
        return self.workdir / "output.txt"

    @property
    def log_path(self) -> Path:
        return self.workdir / "runner.log"

    @property
    def env(self) -> dict[str, str]:
        env = {key: os.environ[key] for key in INHERITED_ENV if key in os.environ}
        tmp = self.workdir / "tmp"
        env.update(
            HOME=str(self.workdir),
            TMPDIR=str(tmp),
            PATH="/usr/local/bin:/usr/bin:/bin",
            JAX_PLATFORMS="cpu",  # same backend as the reference: a GPU's TF32 cannot flip a verdict
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONHASHSEED="0",
        )
        env.setdefault("LANG", "C.UTF-8")
        return env

    def open_log(self):
        return open(self.log_path, "wb")  # noqa: SIM115 - handed to Popen, closed with the runner

    @property
    def rlimits(self) -> dict[str, tuple[int, int]]:
        """Limits the runner applies to itself before importing anything.

        Set by the runner rather than by a `preexec_fn`: forking a judge that already
        runs JAX threads and then executing Python in the child can deadlock.
        """
        memory = self.memory_mib << 20
        return {
            "RLIMIT_AS": (memory, memory),
            "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 5),
            "RLIMIT_FSIZE": (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT),
            "RLIMIT_CORE": (0, 0),
        }

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def prepare_launch(submission: Path, child_script: Path, memory_mib: int, cpu_seconds: int) -> Launch:
    """A fresh work directory holding a copy of the submission, ready for one runner."""
    workdir = Path(tempfile.mkdtemp(prefix="judge-run-"))
    (workdir / "tmp").mkdir()
    copy = workdir / submission.name
    shutil.copyfile(submission, copy)
    return Launch(workdir=workdir, submission=copy, child_script=child_script,
                  memory_mib=memory_mib, cpu_seconds=int(cpu_seconds))
