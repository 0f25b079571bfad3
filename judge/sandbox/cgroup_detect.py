"""Finding the cgroups a judge may give its runners: cgroup v1 or v2, below its own.

Read from /proc/self/mountinfo (where each hierarchy is mounted, and from which root)
and /proc/self/cgroup (where this process sits in each). v1 is used when the memory,
pids and cpu controllers are all mounted and the judge may write their directories
(root); v2 when its cgroup offers the three controllers and the judge may enable them
for children (root, or a delegated subtree). `cgroups.py` makes the runners' cgroups.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
# Turns cgroups off (to compare, or on a machine whose cgroups misbehave).
DISABLE_ENV = "JUDGE_NO_CGROUPS"


@dataclass(frozen=True)
class Hierarchy:
    """Where runners' cgroups go: for each controller, the directory they are made in."""

    version: int  # 1 or 2
    parents: dict[str, Path]  # controller -> directory (one shared directory on v2)


@dataclass(frozen=True)
class Support:
    """The cgroups this judge can give its runners, or why it cannot."""

    hierarchy: Hierarchy | None
    reason: str = ""


@functools.lru_cache(maxsize=1)
def support() -> Support:
    """What this judge process can use, detected once."""
    if os.environ.get(DISABLE_ENV) == "1":
        return Support(None, f"turned off by {DISABLE_ENV}=1")
    if not sys.platform.startswith("linux"):
        return Support(None, "cgroups exist on Linux only")
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
        own = Path("/proc/self/cgroup").read_text(encoding="utf-8")
    except OSError as exc:
        return Support(None, f"cannot read /proc/self: {exc}")
    return detect(mountinfo, own)


def detect(mountinfo: str, own: str) -> Support:
    """The hierarchy to use, from /proc/self/mountinfo and /proc/self/cgroup: v1 first, then v2."""
    mounts = _cgroup_mounts(mountinfo)
    paths = _own_paths(own)
    v1 = {}
    for controller in CONTROLLERS:
        for fstype, options, root, point in mounts:
            if fstype == "cgroup" and controller in options and controller in paths:
                directory = _inside(point, root, paths[controller])
                if directory is not None:
                    v1[controller] = directory
                    break
    if len(v1) == len(CONTROLLERS):
        unwritable = sorted({str(d) for d in v1.values() if not os.access(d, os.W_OK)})
        if not unwritable:
            return Support(Hierarchy(1, v1))
        return Support(None, f"cgroup v1 directories not writable by this user: {', '.join(unwritable)}")
    for fstype, _options, root, point in mounts:
        if fstype == "cgroup2" and "" in paths:
            directory = _inside(point, root, paths[""])
            if directory is not None:
                return _v2(directory)
    found = ", ".join(sorted(v1)) or "none"
    return Support(None, f"no cgroup hierarchy with the memory, pids and cpu controllers (v1 found: {found})")


def _v2(directory: Path) -> Support:
    """v2: the controllers must be enabled for the judge's children (subtree_control)."""
    try:
        available = (directory / "cgroup.controllers").read_text(encoding="utf-8").split()
    except OSError as exc:
        return Support(None, f"cgroup v2 at {directory}: {exc}")
    missing = [c for c in CONTROLLERS if c not in available]
    if missing:
        return Support(None, f"cgroup v2 at {directory} lacks the {', '.join(missing)} controller(s); "
                             "delegate them to the judge (systemd: Delegate=yes)")
    if not os.access(directory, os.W_OK):
        return Support(None, f"cgroup v2 at {directory} is not writable by this user; "
                             "run the judge in a delegated cgroup (systemd-run --scope -p Delegate=yes ...)")
    try:
        _enable_subtree(directory)
    except OSError as exc:
        return Support(None, f"cgroup v2 at {directory}: cannot enable the controllers for runners ({exc}); "
                             "run the judge alone in a delegated cgroup (systemd-run --scope -p Delegate=yes ...)")
    return Support(Hierarchy(2, {c: directory for c in CONTROLLERS}))


def _enable_subtree(directory: Path) -> None:
    """Turn the controllers on for `directory`'s children.

    v2 forbids that while processes sit in `directory` itself ("no internal
    processes"): if the judge is the only one there, it moves into a leaf of its own.
    """
    control = directory / "cgroup.subtree_control"
    wanted = [c for c in CONTROLLERS if c not in control.read_text(encoding="utf-8").split()]
    if not wanted:
        return
    request = " ".join(f"+{c}" for c in wanted)
    try:
        control.write_text(request, encoding="utf-8")
        return
    except OSError as exc:
        procs = (directory / "cgroup.procs").read_text(encoding="utf-8").split()
        if exc.errno != errno.EBUSY or procs != [str(os.getpid())]:
            raise
    leaf = directory / f"judge-{os.getpid()}"
    leaf.mkdir(exist_ok=True)
    (leaf / "cgroup.procs").write_text(str(os.getpid()), encoding="utf-8")
    control.write_text(request, encoding="utf-8")


def _cgroup_mounts(mountinfo: str) -> list[tuple[str, set[str], str, Path]]:
    """(fstype, super options, mount root, mount point) of every cgroup mount."""
    found = []
    for line in mountinfo.splitlines():
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        found.append((tail[0], set(tail[2].split(",")), _unescape(fields[3]), Path(_unescape(fields[4]))))
    return found


def _own_paths(own: str) -> dict[str, str]:
    """controller -> this process's cgroup path ("" is the v2 hierarchy)."""
    paths = {}
    for line in own.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        for controller in parts[1].split(",") if parts[1] else [""]:
            paths[controller] = parts[2]
    return paths


def _inside(point: Path, root: str, path: str) -> Path | None:
    """Where cgroup `path` of a hierarchy mounted from `root` at `point` is (None: not visible)."""
    if path != root and not path.startswith(root.rstrip("/") + "/"):
        return None
    relative = path[len(root.rstrip("/")):].lstrip("/")
    return point / relative if relative else point


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field
