"""A correct solution gets full marks however it is saved: a notebook, a .txt, no extension;
a notebook's error names the cell and the line in it. Graded through the CLI (slow)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
CORRECT = REPO / "submissions" / "se_block" / "correct.py"
EXAMPLES = "10"  # a few generated cases: the file's name, not the draws, is under test

pytestmark = pytest.mark.slow


def grade(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "judge", "grade", str(path), "--problem", "se_block",
                           "--examples", EXAMPLES, "--format", "json"], capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", ["solution.txt", "solution"])
def test_a_correct_file_gets_full_marks_whatever_its_extension(tmp_path, name):
    path = tmp_path / name
    shutil.copy(CORRECT, path)
    document = grade(path)
    assert (document["status"], document["score"], document["load_error"]) == ("passed", 100.0, None)


def test_a_correct_notebook_gets_full_marks_and_notes_what_was_left_out(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("!pip install -q flax"), nbformat.v4.new_code_cell(CORRECT.read_text())]
    path = tmp_path / "solution.ipynb"
    nbformat.write(notebook, str(path))
    document = grade(path)
    assert (document["status"], document["score"]) == ("passed", 100.0)
    assert document["submission"] == str(path)
    assert document["notes"] == ["cell 1, line 1: `!pip install -q flax` left out (IPython, not Python)"]


def test_a_notebook_error_names_the_cell_and_its_line(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# SE block"), nbformat.v4.new_code_cell(CORRECT.read_text()),
                      nbformat.v4.new_code_cell("x = 1\nraise ValueError('not done')")]
    path = tmp_path / "solution.ipynb"
    nbformat.write(notebook, str(path))
    document = grade(path)
    assert document["status"] == "error"
    assert "ValueError: not done (cell 3, line 2: raise ValueError('not done'))" in document["load_error"]
