"""A JAX compilation cache for runners: prepared by the judge, only ever read by submissions.

Under jit a runner compiles the whole submission once per (shape, static value); a
correct submission written the usual way lowers to the same program as the reference
(JAX keys the cache on the program without names or source locations), so compiling
the reference once, in a runner of its own, lets most correct submissions load their
executables instead of compiling them: ~0.35 s per shape becomes ~0.08 s. The eager
path compiles primitive by primitive, and those entries serve eager submissions and
wrong ones alike, so the full tier runs the reference both ways.

Trust: the cache is written only while the trusted reference runs, outside any
sandbox. Submissions get it only under bwrap, bound read-only, so none can plant an
executable that a later runner would load. The files written are listed with their
digests; a cache whose files differ from that list in any way is set aside and
prepared again, so a change made outside the judge (or under the process-level
fallback, where a runner could reach it) is never loaded.

Two tiers, each written once and then sealed: `reference` (what a first grade
prepares: the reference under jit, ~7 s of CPU) and `full`, which adds the eager run and
the problem's known-wrong variants
(mutants) with the probes the diagnosis runs on them. Wrong submissions often lower
to exactly a known mistake's program, so with the full tier most of them load their
executables too; it costs about a minute of CPU, so `judge batch` and `judge prepare`
build it, and a lone grade uses it when it is there.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import stat as stat_module
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from judge.base.cache import cache_dir, cache_key, note_unwritable, write_atomically
from judge.base.speedups import SpeedUps, fast_compile_xla_flags
from judge.cases.signatures import call_signature, warmup_cases
from judge.problem.case import Case, materialise_args
from judge.problem.model import Problem
from judge.runner.client import OutcomeKind
from judge.sandbox.levels import PROCESS, Sandbox

CHILD_SOURCES = ("child.py", "fastpath.py", "programs.py", "wire.py")
# A limit per trusted run, against an implementation that hangs.
PREPARE_SECONDS = 600.0


def runner_cache_for(problem: Problem, sandbox: Sandbox, say=None, with_mutants: bool = False) -> Path | None:
    """The prepared cache a runner may read, preparing it first if needed; None if none applies.

    The full tier is used whenever it is ready; it is prepared only when `with_mutants`
    asks for it (or when the problem has no mutants, where both tiers are the same).
    `say` receives one line for the user when a preparation starts (it takes a while); if it
    has a `step(done, total, what)` method (judge.base.terminal.PreparationNotes), each finished run too.
    Any failure to prepare only costs speed: the grade then runs without the cache.
    """
    if not SpeedUps.from_environment().caches or sandbox.level != "bwrap":
        return None
    full = _directory(problem, "full")
    if _intact(full):
        return full
    tier = "full" if with_mutants or not _mutants(problem) else "reference"
    directory = _directory(problem, tier)
    if _intact(directory):
        return directory
    try:
        with _lock(directory):
            if _intact(directory):  # another judge prepared it while this one waited
                return directory
            if say:
                extra = (f", with its {len(_mutants(problem))} known mistakes"
                         if tier == "full" and _mutants(problem) else "")
                say(f"preparing the compilation cache for {problem.id}{extra} (once per machine and version): "
                    f"compiling for the {len(warmup_cases(problem))} shapes a grade uses")
            try:
                _prepare(problem, directory, tier, getattr(say, "step", None))
            except Exception:  # noqa: BLE001 - a speed-up that fails must never fail a grade
                _remove(directory)
                return None
    except OSError as exc:  # the cache directory cannot be created or locked: grade without it
        note_unwritable(exc)
        return None
    return directory if _intact(directory) else None


def _mutants(problem: Problem) -> list[Path]:
    return [m.path for m in problem.diagnosis.mutants] if problem.diagnosis else []


def _directory(problem: Problem, tier: str) -> Path:
    """One cache per tier, implementations, warm-up set and runner code (the versions are in every key)."""
    here = Path(__file__).resolve().parents[1] / "runner" / "isolated"
    implementations = [problem.reference, *(_mutants(problem) if tier == "full" else [])]
    probes = [problem.diagnosis.probes] if tier == "full" and problem.diagnosis and problem.diagnosis.probes else []
    key = cache_key(*[path.read_bytes() for path in [*implementations, *probes]], f"runner-compile-cache-{tier}",
                    sys.version, fast_compile_xla_flags(),
                    repr(sorted({call_signature(problem, c) for c in warmup_cases(problem)}, key=repr)),
                    *[(here / name).read_bytes() for name in CHILD_SOURCES])
    return cache_dir() / "xla-runner" / f"{problem.id}-{tier}-{key[:24]}"


def _manifest_path(directory: Path) -> Path:
    return directory.with_name(directory.name + ".manifest.json")


def sealed_files(directory: Path) -> list[Path]:
    """The files of a prepared cache, from its manifest (the directory itself cannot be listed)."""
    return [directory / name for name in json.loads(_manifest_path(directory).read_text())["files"]]


def _listing(directory: Path) -> dict[str, str]:
    return {entry.name: _digest(entry) for entry in sorted(directory.iterdir()) if entry.is_file()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Directories this process found intact, with every file's identity then. Hashing the full
# tier (~20 MiB) for each grade of a batch worker cost tens of milliseconds; a file written,
# replaced or touched since has a new change time (which no user can set), so it is hashed again.
_VERIFIED: dict[Path, tuple] = {}
# File times tick with the kernel's coarse clock (a few ms): only files last changed longer
# ago than this before a check are remembered, so a write just after it cannot keep their times.
SETTLED_NS = 200_000_000


def _intact(directory: Path) -> bool:
    """True when the directory holds exactly the files the judge wrote, unchanged.

    Checked without listing the sealed directory (nobody may, see _seal): its own change
    time, recorded when it was sealed, moves whenever an entry is added or removed.
    """
    checked_at = time.time_ns()
    try:
        manifest = json.loads(_manifest_path(directory).read_text())
        files, sealed = dict(manifest["files"]), manifest["directory"]
        identity = _identities(directory, files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    if not files or identity[0] != tuple(sealed):
        return False
    if _VERIFIED.get(directory) == identity:
        return True
    try:
        intact = all(_digest(directory / name) == digest for name, digest in files.items())
    except OSError:
        return False
    if intact and all(entry[-1] < checked_at - SETTLED_NS for entry in identity[1:]):
        _VERIFIED[directory] = identity
    return intact


def _identities(directory: Path, names) -> tuple:
    """The directory's (inode, mode, mtime, ctime), then each listed file's; OSError if one is not a plain file."""
    folder = directory.lstat()
    entries = [(folder.st_ino, stat_module.S_IMODE(folder.st_mode), folder.st_mtime_ns, folder.st_ctime_ns)]
    for name in sorted(names):
        stat = (directory / name).lstat()
        if not stat_module.S_ISREG(stat.st_mode):
            raise OSError(f"{name} is not a regular file")
        entries.append((name, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return tuple(entries)


# Sealed, the directory may be entered but not listed, by anyone but root: a runner opens
# the entries whose names it computes from its own program, but cannot enumerate them. An
# entry is the reference compiled for one shape: a submission that could list them could
# load one and answer with the reference's output.
SEALED_MODE = 0o111


def _seal(directory: Path) -> dict:
    """Make the prepared files read-only, the directory unlistable, and record both."""
    for entry in directory.iterdir():
        entry.chmod(0o644)  # read by the runners' throwaway uids through a read-only bind
    files = _listing(directory)
    directory.chmod(SEALED_MODE)
    folder = directory.lstat()
    return {"files": files, "directory": [folder.st_ino, SEALED_MODE, folder.st_mtime_ns, folder.st_ctime_ns],
            "prepared": time.strftime("%Y-%m-%dT%H:%M:%S")}


def _remove(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.chmod(0o755)  # a sealed directory cannot be listed, so not emptied either
    shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def _lock(directory: Path):
    """An exclusive lock beside the cache: one judge prepares, the others wait for it."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare(problem: Problem, directory: Path, tier: str, step=None) -> None:
    """Run the trusted implementations on every warm-up case, writing the cache, then seal it.

    The reference runs under jit (and, for the full tier, eagerly too); each mutant under
    jit, then through the probes (their shapes are compiled too). Runs share the machine's cores.
    """
    _remove(directory)
    _manifest_path(directory).unlink(missing_ok=True)
    directory.mkdir(parents=True)
    directory.chmod(0o755)
    cases = warmup_cases(problem)
    # A first grade needs only what its runner loads: the reference under jit (a submission
    # that fails under jit, and is retried eagerly, compiles its own primitives). The eager
    # run, about half the CPU of the reference tier (8.5 of 15.4 s here), waits for the full tier.
    runs = [(problem.reference, True, False)]
    if tier == "full":
        runs += [(problem.reference, False, False), *((path, True, True) for path in _mutants(problem))]
    started = time.monotonic()
    if step:
        step(0, len(runs), f"compiling {_label(problem, *runs[0][:2])}" + (" and more" if len(runs) > 1 else ""))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {pool.submit(_run_trusted, problem, directory, cases, *run): run for run in runs}
        for count, done in enumerate(as_completed(futures), 1):
            done.result()
            if step:
                step(count, len(runs), f"{_label(problem, *futures[done][:2])} ({time.monotonic() - started:.0f} s)")
    manifest = {**_seal(directory), "problem": str(problem.directory.resolve())}
    write_atomically(_manifest_path(directory), json.dumps(manifest, indent=1).encode())
    _forget_older(directory, manifest["problem"])


def _label(problem: Problem, implementation: Path, jit: bool) -> str:
    what = "the reference" if implementation == problem.reference else f"mistake {implementation.stem}"
    return f"{what} {'under jit' if jit else 'eagerly'}"


def _forget_older(directory: Path, problem_dir: str) -> None:
    """Remove caches no grade will use again: the same tier's for older versions of this
    problem directory, and any whose problem directory is gone (a test's temporary copy).

    Another existing directory with the same problem id keeps its own.
    """
    prefix = directory.name.rsplit("-", 1)[0] + "-"
    for manifest_path in directory.parent.glob("*.manifest.json"):
        older = manifest_path.with_name(manifest_path.name.removesuffix(".manifest.json"))
        if older == directory:
            continue
        try:
            prepared_for = json.loads(manifest_path.read_text()).get("problem")
        except (OSError, ValueError, AttributeError):
            continue
        superseded = older.name.startswith(prefix) and prepared_for == problem_dir
        orphaned = not Path(str(prepared_for)).is_dir()
        if not (superseded or orphaned):
            continue
        _remove(older)
        manifest_path.unlink(missing_ok=True)
        older.with_name(older.name + ".lock").unlink(missing_ok=True)


def _run_trusted(problem: Problem, directory: Path, cases: list[Case], implementation: Path, jit: bool,
                 probes: bool) -> None:
    from judge.diagnose.probes import run_probes
    from judge.diagnose.subjects import runner_call
    from judge.runner.session import Session

    speedups = SpeedUps(caches=True, jit=jit, xla_flags=fast_compile_xla_flags())
    session = Session(problem, implementation, time.monotonic() + PREPARE_SECONDS, PROCESS,
                      speedups.with_compile_cache(directory, writable=True))
    try:
        opened = session.open()
        if opened.kind != OutcomeKind.OK:
            raise RuntimeError(f"{implementation} did not load in a runner: {opened.message or opened.kind}")
        for case in cases:
            session.call(materialise_args(case, problem.array_dtypes), 1 << 30)
        if probes and problem.diagnosis.probes is not None and session.gave_up is None:
            run_probes(problem.diagnosis.probes, runner_call(session), set(problem.diagnosis.catalog))
    finally:
        session.close()
