"""Static checks on a submission file: problems become a graded reason, a missing file a JudgeError."""

from __future__ import annotations

import pytest

from judge.base.errors import JudgeError
from judge.submission.source import MAX_SOURCE_BYTES, check_source

ENTRY = "se_block_forward"
VALID = "def se_block_forward(seed, x, reduction):\n    return x.reshape(-1)\n"


@pytest.fixture
def write(tmp_path):
    def write(data: bytes):
        path = tmp_path / "solution.py"
        path.write_bytes(data)
        return path
    return write


def test_valid_file_passes(write):
    assert check_source(write(VALID.encode()), ENTRY) is None


def test_valid_file_with_non_ascii_utf8_passes(write):
    assert check_source(write(("# Größe: H × W × C\n" + VALID).encode()), ENTRY) is None


def test_valid_file_with_a_utf8_bom_passes(write):
    assert check_source(write(b"\xef\xbb\xbf" + VALID.encode()), ENTRY) is None


@pytest.mark.parametrize("data", [b"", b"  \n\t\n\r\n"], ids=["empty", "whitespace-only"])
def test_empty_file(write, data):
    reason = check_source(write(data), ENTRY)

    assert reason == f"the file is empty: define {ENTRY} in it"


def test_non_utf8_byte_reports_the_line(write):
    data = VALID.encode() + b"# caf\xe9\n"  # Latin-1 e-acute on line 3

    reason = check_source(write(data), ENTRY)

    assert reason == "the file is not valid UTF-8 (byte 0xe9 on line 3): save it as UTF-8"


def test_syntax_error_reports_the_line(write):
    data = b"import jax\n\ndef se_block_forward(seed, x, reduction)\n    return x\n"

    reason = check_source(write(data), ENTRY)

    assert reason.startswith("syntax error on line 3")
    assert "def se_block_forward(seed, x, reduction)" in reason


def test_nul_byte_is_reported_not_raised(write):
    reason = check_source(write(VALID.encode() + b"x = 1\x00\n"), ENTRY)

    assert reason is not None


def test_oversized_file_is_reported(write):
    reason = check_source(write(b"#" * (MAX_SOURCE_BYTES + 1)), ENTRY)

    assert reason == f"the file is {MAX_SOURCE_BYTES + 1} bytes; a submission may be at most {MAX_SOURCE_BYTES} bytes"


def test_missing_path_raises_judge_error(tmp_path):
    missing = tmp_path / "nowhere.py"

    with pytest.raises(JudgeError, match="no such file") as info:
        check_source(missing, ENTRY)

    assert str(missing) in str(info.value)


def test_directory_raises_judge_error(tmp_path):
    with pytest.raises(JudgeError, match="is a directory"):
        check_source(tmp_path, ENTRY)
