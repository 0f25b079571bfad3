"""A failing call's traceback shows the learner's frames and folds library ones."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

ISOLATED = Path(__file__).resolve().parents[2] / "judge" / "runner" / "isolated"


def load_child():
    sys.path.insert(0, str(ISOLATED))  # child.py imports guard as its sibling, as in a runner
    try:
        spec = importlib.util.spec_from_file_location("runner_child_under_test", ISOLATED / "child.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.wire = importlib.import_module("wire")  # as the runner's main() does before any call
        return module
    finally:
        sys.path.remove(str(ISOLATED))


def test_own_frames_in_full_library_frames_folded_path_as_the_learner_knows_it(tmp_path):
    child = load_child()
    submission = tmp_path / "my_block.py"
    submission.write_text("import json\n\ndef forward(text):\n    return json.loads(text)\n")
    spec = importlib.util.spec_from_file_location("my_block", submission)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        module.forward("{")
    except Exception as exc:  # noqa: BLE001 - the exception under test
        described = child._describe_exception(exc, str(submission))
    text = described["traceback"]
    assert 'File "my_block.py", line 4, in forward' in text
    assert str(tmp_path) not in text
    assert "frames in Python ..." in text  # json's own frames, folded into one line
    assert "json/decoder.py" not in text
    assert text.rstrip().splitlines()[-1].startswith("json.decoder.JSONDecodeError: Expecting property name")
    assert described["line"] == 4
