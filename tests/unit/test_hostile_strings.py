"""Strings from a submission are data: capped, made inert, escaped for each format (issue 13).

The attacks themselves run through the CLI in tests/sandbox (attacks/leak_*, hostile_*,
inject_*); these check each defence on its own, fast.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from judge.base.errors import JudgeError
from judge.base.results import CaseResult, GradeResult, Status
from judge.base.untrusted import MESSAGE_CHARS, TYPE_NAME_CHARS, clean, is_clean
from judge.commands import build_parser
from judge.commands._shared import write_report
from judge.problem.find import KataNotInferred, defined_names
from judge.report.common import is_hidden
from judge.report.junit import render_junit
from judge.report.markdown import render_markdown
from judge.report.text import render_text
from judge.runner.client import Outcome
from judge.runner.messages import call_error_message, load_error_message
from judge.scoring.grading import HIDDEN_FAILURE, hidden_view
from judge.submission.source import MAX_SOURCE_BYTES

HOSTILE = "\x1b[2J\x1b]0;title\x07 \x9b1m lone \ud800 nul \x00 bidi \u202e cr \r end"


def test_clean_writes_every_control_escape_and_surrogate_out():
    cleaned = clean(HOSTILE, 1000)

    assert is_clean(cleaned)
    assert cleaned.encode("utf-8")  # no lone surrogate left to fail an encoder
    for shown in ("\\x1b[2J", "\\x07", "\\x9b", "\\ud800", "\\x00", "\\u202e", "\\x0d"):
        assert shown in cleaned


def test_clean_keeps_newlines_and_tabs_unless_one_line():
    assert clean("a\n\tb", 100) == "a\n\tb"
    assert clean("a\n\tb", 100, one_line=True) == "a  b"


def test_clean_caps_and_says_how_long_the_text_was():
    cleaned = clean("x" * 10_000_000, 200)

    assert len(cleaned) <= 200 and cleaned.endswith("[10000000 characters in all]")


def test_clean_of_a_string_that_escaping_lengthens_stays_under_the_cap():
    assert len(clean("\x1b" * 1000, 300)) <= 300


def test_clean_never_raises_on_a_field_of_the_wrong_type():
    assert clean(12345, 100) == "12345"


def problem_stub():
    class Limits:
        memory_mib = 4096

    class Problem:
        entry_point = "se_block_forward"
        arg_names = ("seed", "x", "reduction")
        limits = Limits()

    return Problem()


def test_a_huge_exception_type_name_and_traceback_are_capped():
    header = {"error": "exception", "exception": "E" * 500_000, "message": "m" * 500_000,
              "line": 3, "source": "s" * 500_000, "traceback": ("t" * 10_000 + "\n") * 100}

    message, details = call_error_message(Outcome("error", header), problem_stub())

    assert len(message) <= MESSAGE_CHARS
    assert message.startswith("raised " + "E" * (TYPE_NAME_CHARS - 40))
    assert len(details) <= 12 and all(len(line) <= 300 for line in details)


def test_load_error_message_is_one_clean_line():
    header = {"error": "missing", "suggestion": "se_block_forwarD\x1b[2J", "defined": ["a\nb"] * 1000}

    message = load_error_message(Outcome("error", header), problem_stub())

    assert is_clean(message) and "\n" not in message and len(message) <= MESSAGE_CHARS


def result_with(case: CaseResult, **changes) -> GradeResult:
    fields = dict(problem="se_block", submission="a.py", status="failed", score=0.0, max_score=1.0, cases=(case,),
                  seed=0, versions={"jax": "0.10.2", "flax": "0.12.8"}, duration_s=9.0, isolation="bwrap")
    return GradeResult(**{**fields, **changes})


def test_hidden_view_keeps_only_pass_or_fail():
    case = CaseResult(id="hidden-1", kind="fixed", status=Status.TIMEOUT, message="raised ValueError: seed=71717",
                      points=0.0, max_points=1.0, details=("x=71717",), inputs="seed=71717", output="71717",
                      visibility="hidden")

    shown = hidden_view(result_with(case), hidden_seconds=4.0)

    (hidden,) = shown.cases
    assert "71717" not in json.dumps(shown.to_dict())
    assert hidden.status is Status.FAILED and hidden.message == HIDDEN_FAILURE
    assert is_hidden(hidden.to_dict())
    assert shown.duration_s == 5.0  # the hidden runner's time is not shown either


def test_hidden_view_leaves_visible_cases_alone():
    case = CaseResult(id="v", kind="fixed", status=Status.ERROR, message="raised", points=0.0, max_points=1.0,
                      inputs="seed=1", output="hi")

    assert hidden_view(result_with(case)).cases == (case,)


def test_the_text_report_shows_control_characters_written_out():
    case = CaseResult(id="v", kind="fixed", status=Status.ERROR, message=HOSTILE, points=0.0, max_points=1.0,
                      details=(HOSTILE,), inputs="seed=1", output=HOSTILE)
    stream = io.StringIO()

    render_text(result_with(case, submission="a\x1b[2J.py"), stream, colour=False)

    text = stream.getvalue()
    assert is_clean(text.replace("\n", "")), repr(text)
    assert "\\x1b[2J" in text


def live_markdown(text: str) -> set[str]:
    """Links, images, raw HTML and bare URLs (which GitHub links) in `text`
    (as tests/sandbox/report_checks.py checks the attacks' reports)."""
    from markdown_it import MarkdownIt

    live = {"link_open", "image", "html_inline", "html_block"}
    found = set()
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        found |= {t.type for t in [token, *(token.children or ())] if t.type in live}
        plain = "".join(child.content for child in token.children or () if child.type == "text")
        if "://" in plain or "www." in plain:
            found.add("autolink")
    return found


def test_the_markdown_summary_has_no_live_link_image_or_html():
    message = ("raised ValueError: ![x](https://evil.example/p.png) [appeal](http://evil.example) "
               "<img src=x onerror=alert(1)> www.evil.example **bold** | col")
    case = CaseResult(id="v", kind="fixed", status=Status.ERROR, message=message, points=0.0, max_points=1.0)
    document = result_with(case, submission="x`|[a](http://e.example).py").to_dict()

    markdown = render_markdown([document])

    assert live_markdown(markdown) == set(), markdown
    assert "| `x'\\|[a](http://e.example).py` |" in markdown  # a path stays a code span, one cell


def test_junit_stays_well_formed_xml_with_hostile_text():
    case = CaseResult(id="v", kind="fixed", status=Status.ERROR, message=HOSTILE, points=0.0, max_points=1.0,
                      output=HOSTILE)

    ET.fromstring(render_junit([result_with(case).to_dict()]).encode("utf-8"))


def test_write_report_never_leaves_its_temporary_file(tmp_path: Path):
    target = tmp_path / "report.json"

    write_report(target, "lone \ud800 surrogate\n")

    assert target.read_text(encoding="utf-8") == "lone \\ud800 surrogate\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_report_to_a_missing_directory_is_a_judge_error_and_leaves_nothing(tmp_path: Path):
    with pytest.raises(JudgeError, match="cannot write"):
        write_report(tmp_path / "missing" / "report.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_inference_reads_no_more_than_the_size_cap(tmp_path: Path):
    big = tmp_path / "big.py"
    big.write_text("def se_block_forward(seed, x, reduction):\n    pass\n" + "v = [1, 2, 3]\n" * 400_000)
    assert big.stat().st_size > 4 * MAX_SOURCE_BYTES
    started = time.monotonic()

    names, parsed = defined_names(big)

    assert names == {"se_block_forward"} and not parsed  # only its `def` lines were read
    assert time.monotonic() - started < 2.0


def test_inference_survives_an_expression_too_deep_for_the_parser(tmp_path: Path):
    deep = tmp_path / "deep.py"
    deep.write_text("def se_block_forward(seed, x, reduction):\n    pass\ny = " + "+".join(["1"] * 300_000) + "\n")

    names, parsed = defined_names(deep)

    assert "se_block_forward" in names


def test_inference_refuses_a_symbolic_link(tmp_path: Path):
    target = tmp_path / "target.py"
    target.write_text("def se_block_forward(seed, x, reduction):\n    pass\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)

    with pytest.raises(KataNotInferred, match="symbolic link"):
        defined_names(link)


def test_an_unwritable_cache_is_a_note_once(tmp_path: Path, monkeypatch, capsys):
    from judge.base import cache

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(blocker / "cache"))  # below a file: never creatable
    monkeypatch.setattr(cache, "_noted_unwritable", False)

    for _ in range(2):
        with pytest.raises(OSError):
            cache.write_atomically(blocker / "cache" / "x" / "entry", b"data")

    assert capsys.readouterr().err.count("judge: note: the cache cannot be written") == 1


@pytest.mark.parametrize("argv,complaint", [
    (["grade", "a.py", "--examples", "100000000"], "--examples: must be at most 10000"),
    (["batch", "a", "--examples", "100000000"], "--examples: must be at most 10000"),
    (["batch", "a", "--jobs", "100000"], "--jobs/-j: must be at most 256"),
    (["batch", "a", "--timeout", "nan"], "--timeout: expected a finite number"),
    (["batch", "a", "--timeout", "-1"], "--timeout: must be more than 0"),
    (["batch", "a", "--fail-under", "inf"], "--fail-under: expected a finite number"),
    (["merge", "a.jsonl", "--fail-under", "nan"], "--fail-under: expected a finite number"),
    (["replay", "a.py", "gen-1", "--examples", "99999999"], "--examples: must be at most 10000"),
])
def test_numeric_options_are_bounded(argv, complaint, capsys):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)

    assert stopped.value.code == 2
    assert complaint in capsys.readouterr().err


def test_batch_passes_staff_on_to_each_grade():
    from judge.batch.scheduler import GradeSettings

    settings = dict(problem_arg="se_block", problem_id="se_block", max_score=100.0, seed=0, examples_arg=None,
                    examples=100, shrink=True, sandbox="auto", timeout_s=60.0)

    assert "--staff" in GradeSettings(**settings, staff=True).grade_args("a.py", Path("out.json"))
    assert "--staff" not in GradeSettings(**settings).grade_args("a.py", Path("out.json"))
