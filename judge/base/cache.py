"""A disk cache of what trusted implementations (reference, mutants) return on cases.

Entries are keyed by a hash of everything that can change an output: the
implementation's source, the case inputs, the versions of python, jax, jaxlib,
flax and numpy, and the CPU's instruction sets (judge.base.versions.cpu_features). Each
entry carries a digest of its contents and is checked on load; a damaged or
mismatched entry is ignored and recomputed.

Location: $JUDGE_CACHE_DIR, else $XDG_CACHE_HOME/judge, else ~/.cache/judge. Under the
bwrap sandbox runners cannot see it; under the process-level fallback a submission
runs as the same user and could write here (README: "Threat model").
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from judge.base.speedups import SpeedUps
from judge.base.versions import cpu_features, environment_versions

# Part of every key: bump when the meaning of a stored observation changes.
CACHE_FORMAT = 1
@dataclass(frozen=True)
class Observation:
    """What an implementation did on one case: returned an array, or raised (type name)."""

    array: np.ndarray | None
    error: str | None = None


def cache_dir() -> Path:
    if os.environ.get("JUDGE_CACHE_DIR"):
        return Path(os.environ["JUDGE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "judge"


def cache_key(*parts: bytes | str) -> str:
    """A key over `parts`, the versions and the CPU's instruction sets (compiled code is specific to them)."""
    versions = environment_versions("-")
    versions.pop("judge")
    digest = hashlib.sha256(json.dumps([CACHE_FORMAT, versions, cpu_features()], sort_keys=True).encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _content_digest(ids: list[str], observations: dict[str, Observation]) -> str:
    digest = hashlib.sha256()
    for case_id in ids:
        item = observations[case_id]
        digest.update(case_id.encode() + b"\0" + (item.error or "").encode() + b"\0")
        if item.array is not None:
            digest.update(str(item.array.dtype).encode() + str(item.array.shape).encode() + item.array.tobytes())
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, so a reader never sees half a file; OSError on failure
    (said once on stderr: every cache is optional, so its callers go on without it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError as exc:
        note_unwritable(exc)
        raise
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        note_unwritable(exc)
        raise


_noted_unwritable = False


def note_unwritable(exc: OSError) -> None:
    """Say once per process that the cache cannot be written, and that grading goes on without it."""
    global _noted_unwritable
    if _noted_unwritable:
        return
    _noted_unwritable = True
    where = exc.filename or cache_dir()
    print(f"judge: note: the cache cannot be written at {where} ({exc.strerror or exc}); grading goes on "
          "without it, only slower (set JUDGE_CACHE_DIR to a writable directory)", file=sys.stderr, flush=True)


# What this process last read or wrote at each path, with the file's identity then. A batch
# worker grades one submission after another: reading and verifying the same files again
# for each cost it tens of milliseconds a grade. A file replaced since (every write is an
# os.replace, so a new inode) is read and verified again.
_REMEMBERED: dict[Path, tuple[tuple[int, int, int], dict[str, Observation]]] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load(namespace: str, key: str) -> dict[str, Observation] | None:
    """The stored observations for `key` (a new dict), or None when absent or failing verification."""
    if not SpeedUps.from_environment().caches:
        return None
    path = cache_dir() / namespace / f"{key}.npz"
    try:
        identity = _identity(path)
    except OSError:
        return None
    remembered = _REMEMBERED.get(path)
    if remembered and remembered[0] == identity:
        return dict(remembered[1])
    observations = _read_verified(path)
    if observations is not None:
        _REMEMBERED[path] = (identity, observations)
        return dict(observations)
    return None


def _read_verified(path: Path) -> dict[str, Observation] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            observations = {
                case_id: Observation(data[f"a{i}"] if f"a{i}" in data else None, meta["errors"][i])
                for i, case_id in enumerate(meta["ids"])
            }
    except (OSError, ValueError, KeyError, json.JSONDecodeError):
        return None
    if meta.get("digest") != _content_digest(meta["ids"], observations):
        return None
    return observations


def store(namespace: str, key: str, observations: dict[str, Observation]) -> None:
    """Write atomically; a failure to write only costs recomputation next time."""
    if not SpeedUps.from_environment().caches:
        return
    ids = list(observations)
    meta = {"ids": ids, "errors": [observations[i].error for i in ids], "digest": _content_digest(ids, observations)}
    arrays = {f"a{n}": observations[i].array for n, i in enumerate(ids) if observations[i].array is not None}
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays)
    path = cache_dir() / namespace / f"{key}.npz"
    try:
        write_atomically(path, buffer.getvalue())
        _REMEMBERED[path] = (_identity(path), dict(observations))
    except OSError:
        pass
