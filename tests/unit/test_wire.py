"""The judge <-> runner wire format: frames round-trip, and untrusted input is rejected."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from judge.runner.isolated.wire import (
    MAX_HEADER_BYTES,
    Msg,
    ProtocolError,
    decode_array,
    describe_array,
    encode_frame,
    header_length,
    parse_header,
)

CAP = 1 << 20


def split_frame(frame: bytes) -> tuple[dict, bytes]:
    """Read a frame the way the judge does: length prefix, header, then payload_bytes bytes."""
    length = header_length(frame[:4])
    header = parse_header(frame[4:4 + length])
    payload = frame[4 + length:]
    assert len(payload) == header["payload_bytes"]
    return header, payload


def result_frame(array: np.ndarray) -> bytes:
    meta, data = describe_array(array)
    return encode_frame(Msg.RESULT, {"id": 7, "array": meta}, data)


@pytest.mark.parametrize("array", [
    np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7,
    np.array([np.nan, np.inf, -0.0, 1e-45], dtype=np.float32),
    np.zeros((0, 3), dtype=np.float32),
    pytest.param(np.array(2.5, dtype=np.float32), id="0-d"),
])
def test_float32_round_trip(array):
    header, payload = split_frame(result_frame(array))

    decoded = decode_array(header["array"], payload, CAP)

    assert header["type"] == "RESULT"
    assert header["id"] == 7
    assert decoded.dtype == np.float32
    assert decoded.shape == array.shape
    assert decoded.tobytes() == array.tobytes()  # bit for bit, NaN and -0.0 included


def test_big_endian_and_non_contiguous_arrays_travel_as_little_endian_c_order():
    array = np.arange(12, dtype=">f4").reshape(3, 4).T

    header, payload = split_frame(result_frame(array))
    decoded = decode_array(header["array"], payload, CAP)

    assert header["array"]["dtype"] == "<f4"
    np.testing.assert_array_equal(decoded, array)


def test_decoded_array_is_writable_and_owns_its_memory():
    header, payload = split_frame(result_frame(np.ones(4, dtype=np.float32)))

    decoded = decode_array(header["array"], payload, CAP)
    decoded[0] = 5.0

    assert decoded.flags.owndata


def test_frame_without_fields_or_payload():
    header, payload = split_frame(encode_frame(Msg.BYE))

    assert header == {"type": "BYE", "payload_bytes": 0}
    assert payload == b""


@pytest.mark.parametrize("dtype", ["|O", "O", "object", "<c8", "<c16", ">f4", ">i8", "float32", "<U4", "|V8", None, 4])
def test_rejects_dtypes_outside_the_allowlist(dtype):
    with pytest.raises(ProtocolError, match="is not a real numeric type"):
        decode_array({"dtype": dtype, "shape": [2]}, b"\0" * 16, CAP)


@pytest.mark.parametrize("shape", [[-1], [2, -2], [True, 4], [False], [2.0], ["2"], [1] * 9, "4", None, {"0": 4}])
def test_rejects_bad_shapes(shape):
    with pytest.raises(ProtocolError, match="invalid shape"):
        decode_array({"dtype": "<f4", "shape": shape}, b"\0" * 16, CAP)


def test_accepts_the_largest_rank():
    assert decode_array({"dtype": "<f4", "shape": [1] * 8}, b"\0" * 4, CAP).shape == (1,) * 8


@pytest.mark.parametrize("payload", [b"\0" * 15, b"\0" * 17, b""])
def test_rejects_a_byte_count_mismatch(payload):
    with pytest.raises(ProtocolError, match=f"array needs 16 bytes, frame carries {len(payload)}"):
        decode_array({"dtype": "<f4", "shape": [2, 2]}, payload, CAP)


def test_rejects_arrays_over_the_cap():
    with pytest.raises(ProtocolError, match="array of 20 bytes exceeds the 16-byte cap"):
        decode_array({"dtype": "<f4", "shape": [5]}, b"\0" * 20, 16)


def test_rejects_a_huge_claimed_shape_before_reading_bytes():
    with pytest.raises(ProtocolError, match="exceeds the"):
        decode_array({"dtype": "<f8", "shape": [1 << 40, 1 << 40]}, b"", CAP)


def test_rejects_a_missing_array_description():
    with pytest.raises(ProtocolError, match="array description missing"):
        decode_array(None, b"", CAP)


def test_header_length_at_and_over_the_limit():
    assert header_length(struct.pack("<I", MAX_HEADER_BYTES)) == MAX_HEADER_BYTES
    with pytest.raises(ProtocolError, match=f"exceeds {MAX_HEADER_BYTES}"):
        header_length(struct.pack("<I", MAX_HEADER_BYTES + 1))


@pytest.mark.parametrize("data", [b"not json", b"{\"type\": \"HELLO\"", b"\xff\xfe{}", b""])
def test_rejects_a_header_that_is_not_json(data):
    with pytest.raises(ProtocolError, match="header is not JSON"):
        parse_header(data)


@pytest.mark.parametrize("header", [
    {"type": "SHUTDOWN", "payload_bytes": 0},
    {"type": "hello", "payload_bytes": 0},
    {"payload_bytes": 0},
    [{"type": "HELLO", "payload_bytes": 0}],
])
def test_rejects_an_unknown_message_type(header):
    with pytest.raises(ProtocolError, match="no known message type"):
        parse_header(json.dumps(header).encode())


@pytest.mark.parametrize("size", [-1, True, 1.5, "8", None])
def test_rejects_a_bad_payload_size(size):
    with pytest.raises(ProtocolError, match="no valid payload_bytes"):
        parse_header(json.dumps({"type": "RESULT", "payload_bytes": size}).encode())


# The least each message must carry (wire.REQUIRED).
MINIMAL_FIELDS = {
    Msg.HELLO: {"python": "3.11.7", "jax": "0.10.2", "flax": "0.12.8"},
    Msg.LOAD_ERROR: {"error": "missing"},
    Msg.CALL: {"id": 1, "args": []},
    Msg.RESULT: {"id": 1, "array": {"dtype": "<f4", "shape": [0]}},
    Msg.CALL_ERROR: {"id": 1, "error": "exception", "exception": "ValueError", "message": "bad"},
}


def test_every_message_type_parses():
    for msg in Msg:
        assert parse_header(encode_frame(msg, MINIMAL_FIELDS.get(msg))[4:])["type"] == msg.value


@pytest.mark.parametrize("msg,fields", [
    (Msg.CALL_ERROR, {"traceback": 12345}),  # the field the attack sent
    (Msg.CALL_ERROR, {"exception": ["ValueError"]}),
    (Msg.CALL_ERROR, {"message": {"a": 1}}),
    (Msg.CALL_ERROR, {"id": "1"}),
    (Msg.CALL_ERROR, {"id": True}),
    (Msg.CALL_ERROR, {"line": 1.5}),
    (Msg.CALL_ERROR, {"error": "pwned"}),
    (Msg.LOAD_ERROR, {"error": "missing", "defined": ["ok", 3]}),
    (Msg.LOAD_ERROR, {"error": "signature"}),  # a signature failure that does not say which
    (Msg.HELLO, {"jax": None}),
    (Msg.RESULT, {"array": "<f4"}),
], ids=lambda v: str(v))
def test_a_wrongly_typed_or_missing_field_breaks_the_protocol(msg, fields):
    header = {**MINIMAL_FIELDS.get(msg, {}), **fields}

    with pytest.raises(ProtocolError):
        parse_header(encode_frame(msg, header)[4:])


def test_fields_no_message_has_are_dropped():
    header = parse_header(encode_frame(Msg.LOADED, {"extra": "x" * 100})[4:])

    assert header == {"type": "LOADED", "payload_bytes": 0}
