"""The confinement levels runners get: bubblewrap, or process level.

`--sandbox` takes one of `MODES` (judge/runner/confinement.py chooses):

- `auto` (default): bwrap when it is installed and passes a probe, else `process`;
- `required`: bwrap or nothing — for grading servers, where a silent fallback to the
  weaker level would be a security hole; without it the judge stops (exit 2);
- `process`: process level even where bwrap works (to compare, or to debug a runner).

Choosing needs a probe that starts one real runner in the sandbox, so the choice lives
with the runner (judge/runner/confinement.py); this module holds what the sandbox itself
knows: the levels and the bwrap options it can use (sandbox/bwrap.py advises on a failed probe).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import Literal

MODES = ("auto", "required", "process")
INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)"
# Options newer bwraps have and the sandbox uses when present: --size caps the runner's
# tmpfs (0.7+); --disable-userns stops a nested user namespace (0.8+, non-root judge only).
OPTIONAL = ("--size", "--disable-userns")


@dataclass(frozen=True)
class Sandbox:
    """The isolation level runners get, as the report names it."""

    level: Literal["bwrap", "process"]
    bwrap: str | None = None  # the bwrap executable
    options: frozenset[str] = frozenset()  # of `OPTIONAL`, those this bwrap knows
    note: str = ""  # why bwrap is not used here, and the fix: one line for the user
    failure: str = ""  # what the bwrap probe printed, when it failed
    fix: str = ""  # the advice that fits the probe's failure


PROCESS = Sandbox("process")


def known_options(path: str) -> frozenset[str]:
    try:
        shown = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(option for option in OPTIONAL if f"{option} " in shown)


def shield_judge() -> None:
    """Make the judge's /proc files unreadable, and the judge untraceable, for its own user.

    At process level a runner runs as the judge's user: without this it could read the
    judge's environment (/proc/PID/environ: tokens, secrets) or attach a debugger and
    read expected outputs from its memory. Does nothing against root, who can read all.
    """
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_dumpable = 4  # <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
