"""The adversarial corpus: every file in attacks/ graded through the CLI at both levels.

Each attack is copied under a unique name (`<attack>_<nonce>_<port>.py`): the name is
how its leftovers are found (files it writes, processes it starts carry it), and the
port is where the test listens for its connections. What each must come to is in
attacks/expected.yaml; the checks are described there.

Attacks on the reports themselves (hidden data, hostile text) name further checks in
expected.yaml, run on the JSON report and on every format rendered from it
(report_checks.py).

A gap of the process fallback is asserted, not skipped: the checks it names must fail
(else the fallback got better and the README and expected.yaml are out of date), the
others must pass, and the test is then reported as xfail with the reason.
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

from sandbox_support import LEVELS, ROOT, require_level

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
@pytest.mark.parametrize("attack", sorted(EXPECTED))
def test_attack(attack: str, level: str, request: pytest.FixtureRequest, tmp_path: Path):
    require_level(level)
    expected = EXPECTED[attack] or {}
    fast_kata = request.getfixturevalue("hidden_kata" if expected.get("kata") == "hidden" else "fast_kata")
    with _Listener() as listener:
        stem = f"{Path(attack).stem}_{secrets.token_hex(4)}_{listener.port}"
        submitted = tmp_path / "submitted"
        submitted.mkdir()
        shutil.copyfile(ATTACKS / attack, submitted / f"{stem}.py")
        (submitted / "victim.txt").write_text("must survive the grade")
        secret = secrets.token_hex(8)
        try:
            run = _grade(submitted / f"{stem}.py", level, fast_kata, secret)
            failed = {name for name, ok in _checks(run, stem, submitted, listener, secret).items() if not ok}
            text_run = _grade(submitted / f"{stem}.py", level, fast_kata, secret, "text") \
                if expected.get("also_text") else None
        finally:
            _remove_leftovers(stem)
    report_checks.check(attack, expected, run.stdout, text_run.stdout if text_run else None)
    message = expected.get("message")
    if message:
        assert message in run.stdout, f"{attack} under {level}: report lacks {message!r}\n{run.stdout[:3000]}"
    gap = expected.get("process_gap")
    if level == "process" and gap and (os.geteuid() == 0 or not gap.get("root_only")):
        assert failed == set(gap["fails"]), (
            f"{attack} under process: expected exactly {sorted(gap['fails'])} to fail (a known gap), "
            f"but {sorted(failed) or 'nothing'} failed; update expected.yaml and the README's threat model\n"
            f"{run.describe()}")
        pytest.xfail(f"process fallback: {gap['reason']}")
    assert not failed, f"{attack} under {level}: failed checks {sorted(failed)}\n{run.describe()}"


class _Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def describe(self) -> str:
        return f"exit {self.returncode}\nstdout: {self.stdout[:3000]}\nstderr: {self.stderr[-3000:]}"


def _grade(path: Path, level: str, kata: Path, secret: str, report_format: str = "json") -> _Run:
    sandbox = "required" if level == "bwrap" else "process"
    proc = subprocess.run(
        [sys.executable, "-m", "judge", "grade", str(path), "--problem", str(kata), "--format", report_format,
         "--examples", "2", "--no-shrink", "--sandbox", sandbox],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env=dict(os.environ, JUDGE_TEST_SECRET=secret),
    )
    return _Run(proc)


def _checks(run: _Run, stem: str, submitted: Path, listener: _Listener, secret: str) -> dict[str, bool]:
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
    while _processes_named(stem):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _processes_named(stem: str) -> list[int]:
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


def _remove_leftovers(stem: str) -> None:
    """Whatever a failed sandbox let through must not outlive the test."""
    for pid in _processes_named(stem):
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    for directory in SHARED_DIRS:
        for path in directory.glob(f"*{stem}*"):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    for copy in Path("/tmp").glob(f"judge-run-*/{stem}.py"):  # the work dir of a judge that was killed
        shutil.rmtree(copy.parent, ignore_errors=True)


class _Listener:
    """A TCP listener on 127.0.0.1 that records whether anything connected."""

    def __enter__(self) -> _Listener:
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
