"""Benchmark: how a grade and a batch compare with the cost of importing JAX.

Run from the repository root:  python bench/run.py [--repeats N] [--batch-size N] [--uncached]

It measures, on this machine and in one run:
1. the import floor: `python -c "import jax, flax.linen"`, cold process, median of N;
2. `judge grade submissions/se_block/correct.py`, cold process, full default suite, median of N;
3. `judge batch --jobs 2` over a folder of N submissions (correct and wrong examples);
4. a course's first round (bench/corpus.py: code no cache has seen, two thirds wrong), per
   kata: one unseen correct and one unseen wrong file graded alone (median of N), and
   `judge batch --jobs 2` over N generated files;
5. with --cold: the first grade and a batch's first result on an empty cache;
with the disk caches warm (a first grade and `judge prepare` run before the timings), and
prints grade time / import floor, batch throughput (submissions per minute), and the
peak memory (VmHWM) of the judge process and of one runner. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import corpus as first_round_corpus

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = ROOT / "submissions" / "se_block"  # the first kata's examples
# The batch mixes correct and wrong blocks; broken ones would time the judge's error paths instead.
BATCH_SOURCES = sorted(p for p in SUBMISSIONS.glob("*.py") if not p.name.startswith("broken_"))
# The worst case for a batch: examples whose programs match nothing the judge prepared (a batch
# axis, a fixed key, layers named in setup, flax.nnx, NumPy inside), as in a course whose
# submissions all differ from the reference and from the known mistakes.
UNCACHED_SOURCES = [SUBMISSIONS / f"{name}.py" for name in
                    ("style_batched", "wrong_ignores_seed", "wrong_setup_layers", "wrong_nnx", "style_numpy_return")]


def timed(argv: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


class PeakMemory:
    """Samples VmHWM (peak resident memory) of the judge and of its runners while a command runs."""

    def __init__(self) -> None:
        self.judge_kib = 0
        self.runner_kib = 0
        self._stop = threading.Event()

    def watch(self, pid: int) -> None:
        while not self._stop.is_set():
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
                if int(entry.name) == pid:
                    self.judge_kib = max(self.judge_kib, hwm)
                elif b"child.py" in cmdline and b"bwrap" not in cmdline.split(b" ")[0]:
                    self.runner_kib = max(self.runner_kib, hwm)
            time.sleep(0.05)

    def run(self, argv: list[str]) -> float:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        thread = threading.Thread(target=self.watch, args=(proc.pid,), daemon=True)
        thread.start()
        proc.wait()
        self._stop.set()
        thread.join()
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="cold runs for the medians (default 5)")
    parser.add_argument("--batch-size", type=int, default=40, help="submissions in the batch (default 40)")
    parser.add_argument("--uncached", action="store_true",
                        help="batch only examples that no prepared program covers (the worst case)")
    parser.add_argument("--cold-prepare", action="store_true",
                        help="also time `judge prepare se_block` with an empty cache (about a minute)")
    parser.add_argument("--first-round", type=int, default=40, metavar="N",
                        help="generated first-round submissions batched per kata (default 40; 0 skips)")
    parser.add_argument("--cold", action="store_true",
                        help="also time a first grade and a batch's first result on an empty cache (minutes)")
    args = parser.parse_args()
    python = sys.executable
    judge = [python, "-m", "judge"]

    floor = statistics.median(timed([python, "-c", "import jax, flax.linen"]) for _ in range(args.repeats))
    if args.cold_prepare:  # what a machine pays once: the runners' compilation cache, known mistakes included
        with tempfile.TemporaryDirectory(prefix="judge-bench-cache-") as cache:
            prepare_s = timed([*judge, "prepare", "se_block"], env={**os.environ, "JUDGE_CACHE_DIR": cache})
    else:
        prepare_s = None
    timed([*judge, "prepare", "se_block"])  # the batch would otherwise build it first
    timed([*judge, "grade", "submissions/se_block/correct.py"])  # warm the caches a first grade fills
    grades = [timed([*judge, "grade", "submissions/se_block/correct.py"]) for _ in range(args.repeats)]
    memory = PeakMemory()
    memory.run([*judge, "grade", "submissions/se_block/correct.py"])

    with tempfile.TemporaryDirectory(prefix="judge-bench-") as folder:
        sources = UNCACHED_SOURCES if args.uncached else BATCH_SOURCES
        for index in range(args.batch_size):
            source = sources[index % len(sources)]
            shutil.copyfile(source, Path(folder) / f"{index:03d}_{source.name}")
        log = Path(folder) / "results.jsonl"
        batch_s = timed([*judge, "batch", folder, "--jobs", "2", "--format", "jsonl", "--output", str(log), "--fresh"])
        graded = sum(1 for _ in log.open()) if log.exists() else 0

    first_round = ({kata: _first_round(judge, kata, args) for kata in first_round_corpus.KATAS}
                   if args.first_round else {})
    cold = _cold(judge) if args.cold else {}

    grade_s = statistics.median(grades)
    results = {
        "cpus": os.cpu_count(),
        "import_floor_s": round(floor, 3),
        "grade_s": round(grade_s, 3),
        "grade_runs_s": [round(g, 3) for g in grades],
        "grade_over_floor": round(grade_s / floor, 2),
        "batch_corpus": "uncached" if args.uncached else "mixed",
        "batch_submissions": graded,
        "batch_s": round(batch_s, 1),
        "batch_per_minute": round(graded / batch_s * 60, 1),
        "judge_peak_mib": round(memory.judge_kib / 1024),
        "runner_peak_mib": round(memory.runner_kib / 1024),
        "cold_prepare_s": round(prepare_s, 1) if prepare_s is not None else None,
        "first_round": first_round,
        **cold,
    }
    print(f"import floor (median of {args.repeats}):   {floor:.2f} s")
    print(f"judge grade correct.py (median):  {grade_s:.2f} s  = {grade_s / floor:.1f} x the import floor")
    corpus = "uncached examples" if args.uncached else "files"
    print(f"judge batch --jobs 2, {graded} {corpus}:  {batch_s:.1f} s  = "
          f"{results['batch_per_minute']} submissions/minute")
    print(f"peak memory: judge {results['judge_peak_mib']} MiB, one runner {results['runner_peak_mib']} MiB")
    if prepare_s is not None:
        print(f"judge prepare se_block, empty cache (once per machine): {prepare_s:.1f} s")
    for kata, figures in first_round.items():
        print(f"{kata} first round: unseen correct {figures['unseen_correct_s']:.2f} s "
              f"= {figures['unseen_correct_s'] / floor:.1f} x floor, unseen wrong ({figures['unseen_wrong']}) "
              f"{figures['unseen_wrong_s']:.2f} s = {figures['unseen_wrong_s'] / floor:.1f} x floor; "
              f"batch --jobs 2 of {figures['batch_submissions']}: {figures['batch_s']:.1f} s "
              f"= {figures['batch_per_minute']} submissions/minute")
    if cold:
        print(f"empty cache: first grade {cold['cold_first_grade_s']:.1f} s, "
              f"a batch's first result after {cold['cold_batch_first_result_s']:.1f} s")
    print(json.dumps(results))
    return 0


def _first_round(judge: list[str], kata: str, args: argparse.Namespace) -> dict:
    """Single grades of an unseen correct and an unseen wrong file, and a batch of a generated first round."""
    with tempfile.TemporaryDirectory(prefix=f"judge-bench-{kata}-") as folder:
        manifest = first_round_corpus.generate(kata, args.first_round, seed=1, out=Path(folder) / "round")
        # The lone files come from another draw, so the batch's cache does not see them first.
        lone = first_round_corpus.generate(kata, 40, seed=2, out=Path(folder) / "lone")
        correct = next(m for m in lone if m["kind"] == "correct")
        wrong = next(m for m in lone if m["kind"] == "wrong" and m["mistake"] not in ("no_clamp", "named_layers"))
        grade = [*judge, "grade", "--problem", kata]
        correct_s = statistics.median(timed([*grade, str(Path(folder) / "lone" / correct["file"])])
                                      for _ in range(args.repeats))
        wrong_s = statistics.median(timed([*grade, str(Path(folder) / "lone" / wrong["file"])])
                                    for _ in range(args.repeats))
        log = Path(folder) / "results.jsonl"
        batch_s = timed([*judge, "batch", str(Path(folder) / "round"), "--problem", kata, "--jobs", "2",
                         "--format", "jsonl", "--output", str(log), "--fresh"])
        graded = sum(1 for _ in log.open()) if log.exists() else 0
    kinds = {k: sum(1 for m in manifest if m["kind"] == k) for k in ("correct", "wrong", "broken", "slow")}
    return {"corpus": kinds, "unseen_correct_s": round(correct_s, 3), "unseen_wrong": wrong["mistake"],
            "unseen_wrong_s": round(wrong_s, 3), "batch_submissions": graded, "batch_s": round(batch_s, 1),
            "batch_per_minute": round(graded / batch_s * 60, 1) if batch_s else None}


def _cold(judge: list[str]) -> dict:
    """A fresh machine: the first grade, and how long a batch takes to show its first result."""
    with tempfile.TemporaryDirectory(prefix="judge-bench-cold-") as cache:
        env = {**os.environ, "JUDGE_CACHE_DIR": cache}
        first_grade = timed([*judge, "grade", "submissions/se_block/correct.py"], env=env)
    with tempfile.TemporaryDirectory(prefix="judge-bench-cold-") as cache, \
            tempfile.TemporaryDirectory(prefix="judge-bench-") as folder:
        for source in BATCH_SOURCES[:6]:
            shutil.copyfile(source, Path(folder) / source.name)
        log = Path(folder) / "log.jsonl"
        start = time.perf_counter()
        proc = subprocess.Popen([*judge, "batch", folder, "--jobs", "2", "--log", str(log)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "JUDGE_CACHE_DIR": cache})
        while proc.poll() is None and not (log.exists() and log.read_bytes().count(b"\n")):
            time.sleep(0.1)
        first_result = time.perf_counter() - start
        proc.kill()  # its grade workers die with it (judge/batch/processes.py: PDEATHSIG)
        proc.wait()
    return {"cold_first_grade_s": round(first_grade, 1), "cold_batch_first_result_s": round(first_result, 1)}


if __name__ == "__main__":
    sys.exit(main())
