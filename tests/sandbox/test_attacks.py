"""The adversarial corpus: every file in attacks/ graded through the CLI at both levels.

Each attack is copied under a unique name (`<attack>_<nonce>_<port>.py`): the name is
how its leftovers are found (files it writes, processes it starts carry it), and the
port is where the test listens for its connections. What each must come to is in
attacks/expected.yaml; the checks are described there.

A gap of the process fallback is asserted, not skipped: the checks it names must fail
(else the fallback got better and docs/threat-model.md and expected.yaml are out of date), the
others must pass, and the test is then reported as xfail with the reason. A gap that
a runner cgroup closes (`cgroup_closes`) is asserted only where the judge has none.

Attacks with a `neighbour` entry are graded next to a correct submission by
test_neighbours.py instead.

Attacks on the reports themselves (hidden data, hostile text) name further checks in
expected.yaml, run on the JSON report and on every format rendered from it
(report_checks.py).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import report_checks
import yaml

from sandbox_support import LEVELS, ROOT, SMALL_MEMORY_MIB, cgroups_available, require_level

ATTACKS = Path(__file__).parent / "attacks"
EXPECTED = yaml.safe_load((ATTACKS / "expected.yaml").read_text(encoding="utf-8"))
CHECKS = ("exit", "score", "escaped", "files", "processes", "network", "secret")
# Where an escaped write would land, besides the submission's own directory.
SHARED_DIRS = (Path("/tmp"), Path("/var/tmp"), Path.home())
# bwrap tears its pid namespace down asynchronously after the judge exits.
LEFTOVER_GRACE_S = 3.0


def test_every_attack_has_an_expectation():
    assert {p.name for p in ATTACKS.glob("*.py")} == set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("attack", sorted(a for a in EXPECTED if "neighbour" not in (EXPECTED[a] or {})))
def test_attack(attack: str, level: str, request: pytest.FixtureRequest, tmp_path: Path):
    require_level(level)
    expected = EXPECTED[attack] or {}
    kata_fixture = "hidden_kata" if expected.get("kata") == "hidden" else "fast_kata"
    if expected.get("memory_mib"):
        assert expected["memory_mib"] == SMALL_MEMORY_MIB, "the attack kata's memory limit is conftest's"
        kata_fixture = "small_memory_kata"
    kata = request.getfixturevalue(kata_fixture)
    run, failed, text_run = run_attack(attack, level, kata, tmp_path, also_text=bool(expected.get("also_text")))
    report_checks.check(attack, expected, run.stdout, text_run.stdout if text_run else None)
    gap = expected_gap(expected, level)
    message = expected.get("message")
    if message and not (gap and gap is expected.get("without_cgroup")):
        assert message in run.stdout, f"{attack} under {level}: report lacks {message!r}\n{run.stdout[:3000]}"
    if gap and gap is expected.get("without_cgroup"):
        # Without a cgroup nothing stops the attack but the call's time limit, which on a
        # loaded machine may end it before it prints ESCAPED: at most these checks fail.
        assert failed <= set(gap["fails"]), f"{attack} under {level}: failed checks {sorted(failed)}\n{run.describe()}"
        pytest.xfail(gap["reason"])
    if gap:
        assert failed == set(gap["fails"]), (
            f"{attack} under {level}: expected exactly {sorted(gap['fails'])} to fail (a known gap), "
            f"but {sorted(failed) or 'nothing'} failed; update expected.yaml and docs/threat-model.md\n"
            f"{run.describe()}")
        pytest.xfail(gap["reason"])
    assert not failed, f"{attack} under {level}: failed checks {sorted(failed)}\n{run.describe()}"


def expected_gap(expected: dict, level: str) -> dict | None:
    """The documented gap that holds for this judge at `level`, if any."""
    if expected.get("without_cgroup") and not cgroups_available():
        return expected["without_cgroup"]
    gap = expected.get("process_gap")
    if gap and level == "process" and gap_applies(gap):
        return gap
    return None


def gap_applies(gap: dict) -> bool:
    """Whether a documented process-fallback gap holds for this judge."""
    if gap.get("root_only") and os.geteuid() != 0:
        return False
    return not (gap.get("cgroup_closes") and cgroups_available())


def run_attack(attack: str, level: str, kata: Path, tmp_path: Path,
               also_text: bool = False) -> tuple[Run, set[str], Run | None]:
    """Grade a uniquely named copy of `attack`; the report, the names of the checks that failed,
    and (with `also_text`) a second grade's text report."""
    with Listener() as listener:
        stem = f"{Path(attack).stem}_{secrets.token_hex(4)}_{listener.port}"
        submitted = tmp_path / "submitted"
        submitted.mkdir()
        shutil.copyfile(ATTACKS / attack, submitted / f"{stem}.py")
        (submitted / "victim.txt").write_text("must survive the grade")
        secret = secrets.token_hex(8)
        try:
            run = grade(submitted / f"{stem}.py", level, kata, secret)
            failed = {name for name, ok in checks(run, stem, submitted, listener, secret).items() if not ok}
            text_run = grade(submitted / f"{stem}.py", level, kata, secret, "text") if also_text else None
        finally:
            remove_leftovers(stem)
    return run, failed, text_run


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def describe(self) -> str:
        return f"exit {self.returncode}\nstdout: {self.stdout[:3000]}\nstderr: {self.stderr[-3000:]}"


def grade_command(path: Path, level: str, kata: Path, examples: int = 2, report_format: str = "json") -> list[str]:
    sandbox = "required" if level == "bwrap" else "process"
    return [sys.executable, "-m", "judge", "grade", str(path), "--problem", str(kata), "--format", report_format,
            "--examples", str(examples), "--no-shrink", "--sandbox", sandbox]


def grade(path: Path, level: str, kata: Path, secret: str = "", report_format: str = "json") -> Run:
    # A judge that hangs (a FIFO for a capture file, before it was read non-blocking) fails
    # the test at the timeout instead of holding CI.
    proc = subprocess.run(grade_command(path, level, kata, report_format=report_format), capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env=dict(os.environ, JUDGE_TEST_SECRET=secret))
    return Run(proc)


def checks(run: Run, stem: str, submitted: Path, listener: Listener, secret: str) -> dict[str, bool]:
    report = _one_json_document(run.stdout)
    return {
        "exit": report is not None and run.returncode == (0 if report["status"] == "passed" else 1)
                and "Traceback" not in run.stderr,
        "score": report is None or (report["status"] != "passed" and report["score"] == 0),
        "escaped": "ESCAPED" not in run.stdout,
        "files": not _written_files(stem, submitted) and (submitted / "victim.txt").is_file(),
        "processes": _no_process_named(stem),
        "network": not listener.connected,
        "secret": secret not in run.stdout and secret not in run.stderr,
    }


def _one_json_document(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _written_files(stem: str, submitted: Path) -> list[Path]:
    found = [p for p in submitted.iterdir() if p.name not in (f"{stem}.py", "victim.txt")]
    for directory in SHARED_DIRS:
        try:
            found += [p for p in directory.iterdir() if stem in p.name]
        except OSError:
            pass
    # The judge's own work dirs (/tmp/judge-run-*) must be gone too.
    found += [p for p in Path("/tmp").glob("judge-run-*/*") if stem in p.name]
    return found


def _no_process_named(stem: str) -> bool:
    deadline = time.monotonic() + LEFTOVER_GRACE_S
    while processes_named(stem):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def processes_named(stem: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if stem.encode() in handle.read():
                    found.append(int(name))
        except OSError:
            pass
    return found


def remove_leftovers(stem: str) -> None:
    """Whatever a failed sandbox let through must not outlive the test."""
    for pid in processes_named(stem):
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    for directory in SHARED_DIRS:
        for path in directory.glob(f"*{stem}*"):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    for copy in Path("/tmp").glob(f"judge-run-*/{stem}.py"):  # the work dir of a judge that was killed
        shutil.rmtree(copy.parent, ignore_errors=True)


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anything connected."""

    def __enter__(self) -> Listener:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen()
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connected = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        return self

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except OSError:
                continue
            self.connected = True
            conn.close()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()
