"""What a person at a terminal sees: colour switches, suggestions for typos, `--version`,
`judge list` at narrow widths, and the footer that repeats a long report's verdict."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
import yaml

from judge.base.results import CaseResult, Diagnosis, GradeResult, Status
from judge.cli import main
from judge.report.text import render_text

REPOSITORY = Path(__file__).resolve().parents[2]
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])[;m]")  # an SGR foreground colour, not just bold
ESCAPE = re.compile(r"\x1b\[")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def plain(monkeypatch):
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # under TERM=dumb rich draws no colour and no live bar


def failing(**changes) -> GradeResult:
    cases = tuple(CaseResult(id=f"case-{n}", kind="fixed", status=Status.FAILED, message="mismatched elements: 3 / 64",
                             points=0.0, max_points=10.0, inputs="seed=0, x=normal(4, 4, 4)",
                             details=tuple(f"detail line {d}" for d in range(12))) for n in range(6))
    fields = dict(problem="se_block", submission="my block.py", status="failed", score=15.0, max_score=100.0,
                  cases=cases, seed=0, versions={"jax": "0.10.2", "flax": "0.12.8"}, duration_s=1.0,
                  isolation="bwrap", examples=0,
                  diagnoses=(Diagnosis("missing_sigmoid", "the gate is not squashed", identified=True,
                                       hint="look at the gate", more_hints=2),))
    return GradeResult(**{**fields, **changes})


def report(result: GradeResult, stream=None) -> str:
    stream = stream or io.StringIO()
    render_text(result, stream)
    return stream.getvalue()


def test_no_color_turns_colour_off_even_on_a_terminal(plain, monkeypatch):
    assert COLOUR.search(report(failing(), FakeTerminal()))  # a terminal gets colour by default
    monkeypatch.setenv("NO_COLOR", "1")
    assert not COLOUR.search(report(failing(), FakeTerminal()))


def test_force_color_colours_a_pipe(plain, monkeypatch):
    assert not ESCAPE.search(report(failing()))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert COLOUR.search(report(failing()))


def test_a_long_report_ends_with_verdict_score_mistake_and_next_step(plain):
    lines = report(failing()).splitlines()
    assert len(lines) > 40
    footer = "\n".join(lines[-3:])
    assert lines[-3].startswith("── FAILED  score 15 / 100  (6 of 6 cases not passed)")
    assert "likely mistake: missing_sigmoid" in footer
    assert "next: read the hint above, then judge hint 'my block.py'" in footer


def test_the_footer_points_to_replay_without_a_diagnosis_and_is_absent_from_short_reports(plain):
    lines = report(failing(diagnoses=())).splitlines()
    assert lines[-1].endswith("next: judge replay 'my block.py' case-0")
    passed = failing(status="passed", score=100.0, diagnoses=(),
                     cases=tuple(dataclasses.replace(c, status=Status.PASSED) for c in failing().cases))
    assert "──" not in report(passed)
    assert "──" not in report(failing(status="error", load_error="SyntaxError: line 1", diagnoses=()))


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize("argv, suggestion", [
    (["grde", "x.py"], "did you mean grade?"),
    (["lst"], "did you mean list?"),
    (["grade", "x.py", "--exmaples", "3"], "did you mean --examples?"),
    (["grade", "x.py", "--sandbox", "requird"], "did you mean required?"),
    (["grade", "x.py", "--no-shrnk", "--sed", "3"], "did you mean --no-shrink for --no-shrnk, --seed for --sed?"),
    (["--versoin"], "did you mean --version?"),
])
def test_a_typo_gets_the_closest_command_option_or_choice(capsys, argv, suggestion):
    error = usage_error(capsys, *argv)
    assert suggestion in error
    assert (error.index(suggestion) < error.index("(choose from") if "(choose from" in error
            else error.endswith(suggestion))


def test_nothing_close_gets_no_suggestion(capsys):
    assert "did you mean" not in usage_error(capsys, "xyzzy")


def test_version_lists_what_decides_verdicts(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["judge", "python", "jax", "jaxlib", "flax", "numpy", "hypothesis", "cpu"]
    assert out.startswith("judge 0.1.0\n")
    assert re.search(r"^jax +\d+\.\d+", out, re.MULTILINE)


@pytest.mark.parametrize("columns", [60, 80])
def test_list_is_readable_on_a_narrow_terminal(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(REPOSITORY / "problems"))
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= columns for line in out.splitlines())
    for problem_id, entry, title in [("se_block", "se_block_forward", "Squeeze-and-Excitation block"),
                                     ("cbam_channel", "channel_attention_forward", "CBAM channel attention")]:
        assert f"{problem_id}  {title}" in out  # the whole title, on one line: no word cut
        assert f"entry point: {entry}" in out
    # The counts come from the kata's cases.yaml, which changes as cases are added.
    cases = yaml.safe_load((REPOSITORY / "problems" / "se_block" / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    hidden = sum(case.get("visibility") == "hidden" for case in cases)
    assert f"cases: {len(cases)} fixed ({hidden} hidden), 100 generated" in out


def test_the_batch_progress_names_the_file_being_graded(plain, monkeypatch):
    from judge.batch.progress import LiveProgress, PlainProgress

    monkeypatch.setenv("COLUMNS", "140")
    terminal = FakeTerminal()
    live = LiveProgress(3, [], 2, terminal)
    live.started("subs/ada/wrong_no_sigmoid.py")
    live.started("subs/ada/[bold]x.py")
    assert "subs/ada/wrong_no_sigmoid.py +1" in ESCAPE.sub("", terminal.getvalue().split("\r")[-1])
    live.finished({"path": "subs/ada/wrong_no_sigmoid.py", "status": "failed", "score": 15, "max_score": 100})
    live.close()
    assert "subs/ada/[bold]x.py" in terminal.getvalue()  # a file name is never read as markup
    log = io.StringIO()
    PlainProgress(3, [], 2, log).started("subs/alan/correct.py")
    assert log.getvalue().splitlines()[-1] == "judge batch: grading subs/alan/correct.py"


def test_a_first_grade_says_what_it_prepares_and_each_step(se_block, tmp_path, monkeypatch, plain):
    from judge.base.terminal import PreparationNotes
    from judge.cases.signatures import warmup_cases
    from judge.prepare import compile_cache
    from judge.sandbox.levels import Sandbox

    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("JUDGE_NO_SPEEDUPS", raising=False)

    def compiled(problem, directory, cases, implementation, jit, probes):  # a stand-in for the runner's work
        (directory / f"jit_{jit}-cache").write_bytes(b"an executable")

    monkeypatch.setattr(compile_cache, "_run_trusted", compiled)
    log = io.StringIO()
    assert compile_cache.runner_cache_for(se_block, Sandbox("bwrap", "/usr/bin/bwrap"),
                                          PreparationNotes("judge: note: ", log))
    lines = log.getvalue().splitlines()
    shapes = len(warmup_cases(se_block))  # the palette's combinations, and a grade's fixed-case shapes
    assert lines[0].startswith("judge: note: preparing the compilation cache for se_block "
                               "(once per machine and version): "
                               f"compiling for the {shapes} shapes a grade uses")
    assert [line.split("]")[0] for line in lines[1:]] == ["judge: note:   [1/1"]
    assert "the reference under jit" in lines[1]  # a first grade waits for nothing else

    terminal = FakeTerminal()
    notes = PreparationNotes("judge: note: ", terminal)
    notes.step(0, 2, "started")
    assert "0/2" in ESCAPE.sub("", terminal.getvalue())  # shown while the first step runs
    notes.step(1, 2, "the reference under jit (3 s)")
    notes.step(2, 2, "the reference eagerly (5 s)")
    shown = ESCAPE.sub("", terminal.getvalue())
    assert "preparing" in shown and "2/2" in shown and "the reference eagerly (5 s)" in shown
    assert notes._bar is None  # gone before the report is printed
