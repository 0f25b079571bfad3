"""A seccomp filter that keeps the runner out of new namespaces.

In a user namespace of its own a process holds every capability over the namespaces
it creates: it may mount a tmpfs of any size (past the sandbox's scratch cap) or
reach kernel code that is otherwise root's only. bwrap's `--disable-userns` stops
that only when bwrap itself made a user namespace (a non-root judge), so the runner
installs this filter on itself, at every level and for every judge user, after it
dropped its privileges and before it imports anything of the submission's. A filter
is inherited by every thread and child and can never be removed.

What it refuses (EPERM, or ENOSYS for clone3 so that libc falls back to clone):
- `unshare` and `clone` with any CLONE_NEW* flag, and `setns`;
- `clone3`, whose flags sit in memory a filter cannot read;
- any system call made through another ABI (x32, or 32-bit int 0x80 on x86-64),
  which would have other numbers.

Classic BPF, assembled here with `struct` (the libseccomp bindings are not in every
Python): Linux on x86-64 and aarch64; elsewhere `install` does nothing and says so.
Standard library only: this file runs inside the runner.
"""

import ctypes
import errno
import platform
import struct
import sys

# <linux/audit.h>: the ABI a system call came through, and the numbers of ours.
ARCHES = {
    "x86_64": {"arch": 0xC000003E, "clone": 56, "unshare": 272, "setns": 308, "clone3": 435},
    "aarch64": {"arch": 0xC00000B7, "clone": 220, "unshare": 97, "setns": 268, "clone3": 435},
}
X32_SYSCALL_BIT = 0x40000000
# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (<linux/sched.h>); for
# unshare also CLONE_NEWTIME, which in clone's flags is part of the exit signal.
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
CLONE_NEWTIME = 0x00000080
# <linux/seccomp.h>, <linux/filter.h>, <linux/prctl.h>
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
# struct seccomp_data: int nr; u32 arch; u64 ip; u64 args[6] (args[0]'s low word on little-endian).
NR_OFFSET, ARCH_OFFSET, ARG0_LOW_OFFSET = 0, 4, 16


def _insn(code: int, jt: int = 0, jf: int = 0, k: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def program(machine: str) -> bytes:
    """The filter for `machine` (platform.machine()), as an array of sock_filter."""
    numbers = ARCHES[machine]
    deny, nosys = RET_ERRNO | errno.EPERM, RET_ERRNO | errno.ENOSYS
    # Jump offsets count the instructions skipped after the current one; the layout is
    # fixed, so they are written out (tests/sandbox/test_nonesting.py runs it for real).
    code = [
        _insn(LD_W_ABS, k=ARCH_OFFSET),
        _insn(JEQ_K, 1, 0, numbers["arch"]),    # our ABI: go on
        _insn(RET_K, k=deny),                   # another ABI
        _insn(LD_W_ABS, k=NR_OFFSET),
        _insn(JGE_K, 0, 1, X32_SYSCALL_BIT),   # x32 numbers
        _insn(RET_K, k=deny),
        _insn(JEQ_K, 0, 1, numbers["clone3"]),
        _insn(RET_K, k=nosys),
        _insn(JEQ_K, 0, 1, numbers["setns"]),
        _insn(RET_K, k=deny),
        _insn(JEQ_K, 0, 2, numbers["unshare"]),
        _insn(LD_W_ABS, k=ARG0_LOW_OFFSET),     # unshare(flags)
        _insn(JSET_K, 3, 4, CLONE_NAMESPACES | CLONE_NEWTIME),
        _insn(JEQ_K, 0, 3, numbers["clone"]),
        _insn(LD_W_ABS, k=ARG0_LOW_OFFSET),     # clone(flags, ...) on both ABIs
        _insn(JSET_K, 0, 1, CLONE_NAMESPACES),
        _insn(RET_K, k=deny),
        _insn(RET_K, k=RET_ALLOW),
    ]
    return b"".join(code)


def install() -> str | None:
    """Install the filter on this process; None when done, else why not (never raises)."""
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in ARCHES:
        return f"no namespace filter on {sys.platform}/{machine}"
    filters = program(machine)
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Program(len(filters) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    # Without CAP_SYS_ADMIN the kernel accepts a filter only from a process that can gain
    # no privileges (no setuid binary could then undo the drop either).
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"seccomp refused: {errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno())}"
    return None
