"""The bubblewrap sandbox: what a runner sees and which namespaces it gets.

The runner's file system is built from nothing (bwrap's empty root, then made
read-only): the system's /usr and the loader's files, the Python installation and
its site-packages (read-only), `judge/runner/isolated/` at /runner, the submission's
copy at /submission, the capture file at /io/output.txt (the one file it may write
that the judge reads back), the judge-prepared compilation cache read-only at /xla
(prepare/compile_cache.py) and a size-capped tmpfs at /tmp that is its HOME and
working directory. The repository, problems/, reference/, the rest of the judge and
the judge's HOME are not there at all.

It runs in new pid, network, IPC, UTS and cgroup namespaces: it sees only its own
processes (not the judge, which it therefore cannot signal), has only a loopback
interface (no network, no DNS), and dies with the judge (`--die-with-parent`).

Started by root, bwrap grants the runner CAP_SETUID/CAP_SETGID for one purpose: the
runner drops to a throwaway uid before importing anything (child.py), which clears
every capability and makes RLIMIT_NPROC hold. Started by another user, bwrap puts the
runner in a user namespace of its own instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Protocol

from judge.sandbox.levels import Sandbox
from judge.sandbox.paths import RunnerPaths, package_dirs

RUNNER_DIR = "/runner"
SUBMISSION_DIR = "/submission"
CAPTURE = "/io/output.txt"
SCRATCH = "/tmp"  # HOME, working directory and TMPDIR
COMPILE_CACHE = "/xla"  # the judge-prepared compilation cache, read-only
# The runner's scratch space: room for a checkpoint or two, never a full disk.
TMPFS_BYTES = 256 << 20
# Merged-/usr systems have these as symlinks into /usr; older ones as directories.
ROOT_ENTRIES = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The dynamic loader's cache (without it every library lookup walks the default paths)
# and the local time zone. Nothing else of /etc: no passwd, hosts or resolv.conf.
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime")


class Launched(Protocol):
    """What the bwrap command reads from a runner's launch (judge/sandbox/launch.py:Launch).

    Named here rather than imported: the launch builds on this module, not the reverse.
    """

    sandbox: Sandbox
    workdir: Path
    submission: Path
    child_script: Path

    @property
    def compile_cache(self) -> Path | None: ...

    @property
    def env(self) -> dict[str, str]: ...

    @property
    def capture_path(self) -> Path: ...


def runner_paths(launch: Launched) -> RunnerPaths:
    return RunnerPaths(child_script=f"{RUNNER_DIR}/{launch.child_script.name}",
                       submission=f"{SUBMISSION_DIR}/{launch.submission.name}",
                       capture=CAPTURE, home=SCRATCH, tmp=SCRATCH,
                       compile_cache=COMPILE_CACHE if launch.compile_cache else None)


def arguments(launch: Launched) -> list[str]:
    """bwrap and its options, to be followed by the runner's own argv."""
    sandbox = launch.sandbox
    args = [sandbox.bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "sandbox", "--die-with-parent", "--new-session"]
    if os.geteuid() == 0:
        # bwrap started by root keeps every capability unless told otherwise.
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user"]
        if "--disable-userns" in sandbox.options:
            args += ["--disable-userns"]
    args += ["--clearenv"]
    for key, value in launch.env.items():
        args += ["--setenv", key, value]
    # bwrap gives a directory it creates for a bind the mode of the source's parent:
    # the work dir's 0700 would hide /io and /submission from the runner's uid.
    for directory in ("/etc", SUBMISSION_DIR, os.path.dirname(CAPTURE)):
        args += ["--perms", "0755", "--dir", directory]
    args += _system_mounts()
    outside, under_scratch = _split_by_scratch(python_roots(), launch.workdir)
    args += _python_mounts(outside)
    args += ["--ro-bind", str(launch.child_script.parent), RUNNER_DIR,
             "--ro-bind", str(launch.submission), f"{SUBMISSION_DIR}/{launch.submission.name}",
             "--bind", str(launch.capture_path), CAPTURE,
             *(["--ro-bind", str(launch.compile_cache), COMPILE_CACHE] if launch.compile_cache else []),
             "--proc", "/proc", "--dev", "/dev", "--perms", "1777"]
    if "--size" in sandbox.options:
        args += ["--size", str(TMPFS_BYTES)]
    args += ["--tmpfs", SCRATCH]
    # A Python installation under /tmp (a venv made there) would be hidden by the tmpfs just
    # mounted: bound again on top of it, still read-only.
    args += _python_mounts(under_scratch)
    args += ["--chdir", SCRATCH, "--remount-ro", "/"]
    return args


def _split_by_scratch(roots: list[str], workdir: Path) -> tuple[list[str], list[str]]:
    """The roots outside the runner's /tmp, and those inside it (mounted after its tmpfs).

    /tmp itself, or a directory holding the judge's own work directory, is never bound:
    the runner would see other runners' files. Such a root is left out, so the probe
    fails and says why rather than the sandbox showing too much.
    """
    outside, inside = [], []
    for root in roots:
        path = Path(root)
        if Path(SCRATCH) not in path.parents and path != Path(SCRATCH):
            outside.append(root)
        elif path != Path(SCRATCH) and path not in Path(os.path.realpath(workdir)).parents:
            inside.append(root)
    return outside, inside


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for entry in ROOT_ENTRIES:
        if os.path.islink(entry):
            args += ["--symlink", os.readlink(entry), entry]
        elif os.path.isdir(entry):
            args += ["--ro-bind", entry, entry]
    for name in ETC_FILES:
        args += ["--ro-bind-try", name, name]
    return args


def _python_mounts(roots: list[str]) -> list[str]:
    """The Python installation and site-packages, read-only, at their own paths.

    Their parent directories are created world-searchable: bwrap would copy the host's
    modes, and a Python under a 0700 home (pyenv in /root) would be unreachable to the
    runner's uid. If the judge itself is installed in one of them (not editable), its
    package is covered by an empty tmpfs.
    """
    args, made = [], set()
    for root in roots:
        for parent in reversed(Path(root).parents):
            if str(parent) not in ("/", SCRATCH) and parent not in made:  # the tmpfs keeps its 1777
                made.add(parent)
                args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--ro-bind", root, root]
    judge_package = Path(__file__).resolve().parent.parent
    if any(Path(root) in judge_package.parents for root in roots):
        args += ["--tmpfs", str(judge_package)]
    return args


def python_roots() -> list[str]:
    """Directories outside /usr the runner's Python needs, none inside another."""
    real = Path(os.path.realpath(sys.executable))
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  str(real.parent.parent), *package_dirs()}
    paths = sorted({Path(os.path.abspath(p)) for p in candidates}, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in paths:
        if path == Path("/usr") or Path("/usr") in path.parents or not path.is_dir():
            continue
        if not any(k == path or k in path.parents for k in kept):
            kept.append(path)
    return [str(p) for p in kept]


# Where the kernel says whether users other than root may create user namespaces.
USERNS_SWITCHES = (
    ("/proc/sys/kernel/unprivileged_userns_clone", "0", "sysctl -w kernel.unprivileged_userns_clone=1"),
    ("/proc/sys/user/max_user_namespaces", "0", "sysctl -w user.max_user_namespaces=10000"),
    # Ubuntu 23.10+: AppArmor lets only profiled programs create one.
    ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
     "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or give bwrap an AppArmor profile that allows userns)"),
)


def advice(failure: str) -> str:
    """The fix that fits why the bwrap probe failed."""
    hidden = [root for root in python_roots() if root == SCRATCH or root.startswith(SCRATCH + "/")]
    if hidden:
        return (f"the Python environment {hidden[0]} is under {SCRATCH}, which the sandbox replaces; "
                "create the virtual environment elsewhere (e.g. ~/.venvs/judge)")
    if os.geteuid() == 0:
        return ("as root bwrap needs no unprivileged user namespaces, so this is likely a container that may not "
                "create namespaces or mounts (docker: run it with --security-opt seccomp=unconfined "
                "--security-opt apparmor=unconfined, or --privileged)")
    for path, refused, fix in USERNS_SWITCHES:
        try:
            if Path(path).read_text().strip() == refused:
                return f"this kernel refuses user namespaces to users other than root: as root, {fix}"
        except OSError:
            continue
    return ("check that this user may create user namespaces (sysctl kernel.unprivileged_userns_clone, "
            "user.max_user_namespaces; on Ubuntu 23.10+ kernel.apparmor_restrict_unprivileged_userns)")
