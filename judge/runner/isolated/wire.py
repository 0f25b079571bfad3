"""The judge <-> runner protocol: named messages, a JSON header and raw array bytes.

This file is also imported by the runner (`child.py`), which runs with nothing but
this directory on its path, so it may use only the standard library and NumPy.

A frame is: 4-byte little-endian header length, UTF-8 JSON header, then exactly
`header["payload_bytes"]` raw bytes. Arrays travel as `{"dtype", "shape"}` in the
header plus their C-order little-endian bytes. Nothing is ever unpickled, and the
judge checks every array it decodes (dtype allowlist, shape, byte count, size cap).
"""

from __future__ import annotations

import enum
import json
import math
import struct

import numpy as np

# A header is a few hundred bytes; 1 MiB leaves room for long tracebacks and nothing more.
MAX_HEADER_BYTES = 1 << 20
# Real numeric dtypes an array may have on the wire (little-endian NumPy names).
WIRE_DTYPES = frozenset(
    {"<f2", "<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "|b1"}
)
MAX_RANK = 8


class Msg(str, enum.Enum):
    """Every message that crosses the process boundary."""

    HELLO = "HELLO"  # runner -> judge: started, with versions
    LOADED = "LOADED"  # runner -> judge: the submission imported and the entry point fits
    LOAD_ERROR = "LOAD_ERROR"  # runner -> judge: the submission could not be loaded
    CALL = "CALL"  # judge -> runner: call the entry point with these arguments
    RESULT = "RESULT"  # runner -> judge: the call returned this array
    CALL_ERROR = "CALL_ERROR"  # runner -> judge: the call raised, or returned a non-array
    BYE = "BYE"  # judge -> runner: exit now


class Failure(enum.StrEnum):
    """Why a LOAD_ERROR or CALL_ERROR says the submission failed: its `error` field."""

    EXCEPTION = "exception"  # it raised (while imported, or in the call)
    EXIT = "exit"  # it called sys.exit or raised SystemExit
    BAD_RETURN = "bad_return"  # the call returned something that is not an array
    MISSING = "missing"  # no entry point of that name
    NOT_CALLABLE = "not_callable"  # the entry point is not a function
    SIGNATURE = "signature"  # the entry point cannot take the problem's arguments


class ProtocolError(Exception):
    """A frame or array that breaks the protocol; the judge treats its sender as failed."""


def encode_frame(msg: Msg, fields: dict | None = None, payload: bytes = b"") -> bytes:
    header = {"type": msg.value, **(fields or {}), "payload_bytes": len(payload)}
    data = json.dumps(header).encode("utf-8")
    return struct.pack("<I", len(data)) + data + payload


def parse_header(data: bytes) -> dict:
    """Decode and sanity-check a JSON header."""
    try:
        header = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"header is not JSON: {exc}") from None
    if not isinstance(header, dict) or header.get("type") not in Msg.__members__:
        raise ProtocolError("header has no known message type")
    size = header.get("payload_bytes")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ProtocolError("header has no valid payload_bytes")
    return _checked_fields(header)


# The fields each message may carry and the types they must have. A runner's pipe is open to
# the submission (it can write a well-framed header of its own), so every field is checked
# here, on the reading side, before anything uses it: a wrongly typed field breaks the
# protocol (a runner fault) instead of raising deep inside the judge. Fields not listed are
# dropped, so nothing unchecked travels further.
_STR, _INT, _OPT_STR, _OPT_INT = (str,), (int,), (str, type(None)), (int, type(None))
_FAILURE_FIELDS = {
    "error": _STR, "exception": _STR, "message": _STR, "line": _OPT_INT, "source": _OPT_STR,
    "traceback": _OPT_STR, "suggestion": _OPT_STR, "defined": (list,), "type": _STR,
    "signature": _STR, "reason": _STR, "stage": _STR,
}
FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "HELLO": {"python": _STR, "jax": _STR, "flax": _STR},
    "LOADED": {},
    "LOAD_ERROR": _FAILURE_FIELDS,
    "CALL": {"id": _INT, "args": (list,)},
    "RESULT": {"id": _INT, "array": (dict,)},
    "CALL_ERROR": {"id": _INT, **_FAILURE_FIELDS},
    "BYE": {},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "HELLO": ("python", "jax", "flax"), "LOAD_ERROR": ("error",), "CALL": ("id", "args"),
    "RESULT": ("id", "array"), "CALL_ERROR": ("id", "error"),
}
# What each kind of failure must say, for the judge to put it into words.
REQUIRED_BY_ERROR: dict[str, tuple[str, ...]] = {
    Failure.EXCEPTION: ("exception", "message"), Failure.EXIT: ("message",), Failure.BAD_RETURN: ("message",),
    Failure.MISSING: (), Failure.NOT_CALLABLE: ("type",), Failure.SIGNATURE: ("signature", "reason"),
}


def _checked_fields(header: dict) -> dict:
    kind = header["type"]
    allowed = FIELDS[kind]
    checked = {"type": kind, "payload_bytes": header["payload_bytes"]}
    for name, types in allowed.items():
        if name not in header:
            continue
        value = header[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ProtocolError(f"{kind} field {name!r} is a {type(value).__name__}, "
                                f"not {' or '.join(t.__name__ for t in types)}")
        checked[name] = value
    required = REQUIRED.get(kind, ())
    if "error" in checked:
        if checked["error"] not in REQUIRED_BY_ERROR:
            raise ProtocolError(f"{kind} names an unknown error kind")
        required += REQUIRED_BY_ERROR[checked["error"]]
    missing = [name for name in required if name not in checked]
    if missing:
        raise ProtocolError(f"{kind} lacks {', '.join(missing)}")
    if any(not isinstance(item, str) for item in checked.get("defined", ())):
        raise ProtocolError(f"{kind} field 'defined' holds something other than names")
    return checked


def header_length(prefix: bytes) -> int:
    (length,) = struct.unpack("<I", prefix)
    if length > MAX_HEADER_BYTES:
        raise ProtocolError(f"header of {length} bytes exceeds {MAX_HEADER_BYTES}")
    return length


def describe_array(array: np.ndarray) -> tuple[dict, bytes]:
    """Header fields and payload for an array (made little-endian and C-contiguous)."""
    wire = np.asarray(array, dtype=array.dtype.newbyteorder("<"))
    if wire.ndim:  # ascontiguousarray would turn a 0-d array into shape (1,)
        wire = np.ascontiguousarray(wire)
    return {"dtype": wire.dtype.str, "shape": list(wire.shape)}, wire.tobytes()


def decode_array(meta: object, payload: bytes, max_bytes: int) -> np.ndarray:
    """Rebuild an array from untrusted header fields and bytes, validating everything."""
    if not isinstance(meta, dict):
        raise ProtocolError("array description missing")
    dtype_name, shape = meta.get("dtype"), meta.get("shape")
    if dtype_name not in WIRE_DTYPES:
        raise ProtocolError(f"dtype {dtype_name!r} is not a real numeric type")
    if (
        not isinstance(shape, list)
        or len(shape) > MAX_RANK
        or any(not isinstance(d, int) or isinstance(d, bool) or d < 0 for d in shape)
    ):
        raise ProtocolError(f"invalid shape {shape!r}")
    dtype = np.dtype(dtype_name)
    expected = math.prod(shape) * dtype.itemsize
    if expected > max_bytes:
        raise ProtocolError(f"array of {expected} bytes exceeds the {max_bytes}-byte cap")
    if len(payload) != expected:
        raise ProtocolError(f"array needs {expected} bytes, frame carries {len(payload)}")
    return np.frombuffer(payload, dtype=dtype).reshape(shape).copy()
