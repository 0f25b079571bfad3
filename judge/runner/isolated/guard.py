"""The runner's guard: a small parent between the judge and the submission.

Used by the process-level sandbox only (under bwrap, the pid namespace does this
job). Without it the runner's parent would be the judge, and
`os.kill(os.getppid(), 9)` in a submission would kill the judge. With it:

- the submission's parent is the guard, so that call only ends this runner;
- the guard is a child subreaper, so a descendant that escapes the process group
  with `os.setsid()` and is orphaned is re-parented to the guard, not to init,
  and is killed with the rest when the runner ends;
- it relays the runner's exit (status or signal) to the judge unchanged.

Standard library only: this file runs inside the runner.
"""

import os
import signal
import sys

import proctree

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def become_guarded() -> None:
    """Fork; the parent becomes the guard and never returns, the child returns and runs the submission."""
    judge = os.getppid()
    # Not inherited across fork: only the guard is a subreaper, which is what we want.
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    runner = os.fork()
    if runner == 0:
        return
    _guard(runner, judge)


def _guard(runner: int, judge: int) -> None:
    # Hold no end of the protocol pipes: when the runner dies, the judge must read EOF.
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    signal.signal(signal.SIGTERM, lambda *_: _finish(None))
    # If the judge dies, take everything down instead of leaving the submission running.
    # (Strictly: when the judge *thread* that started us ends. Runners are started from
    # the judge's main thread; bwrap's --die-with-parent has the same rule.)
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != judge:
        _finish(None)  # the judge died before the line above took effect
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            _finish(None)
        if pid == runner:
            _finish(status)


def _finish(status) -> None:
    """Kill whatever the runner left behind, then exit as the runner did."""
    proctree.kill_descendants(os.getpid(), reap=True)
    if status is None:
        os._exit(1)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):
            pass  # SIGKILL and SIGSTOP cannot be caught, so already have their default
        os.kill(os.getpid(), number)
        os._exit(128 + number)  # a signal whose default action is to be ignored
    os._exit(os.waitstatus_to_exitcode(status))


def _prctl(option: int, value: int) -> None:
    if not sys.platform.startswith("linux"):
        return  # elsewhere the guard still shields the judge, but orphans go to init
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
