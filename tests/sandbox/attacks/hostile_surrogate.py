"""Hostile text: lone surrogates and a NUL in an exception's message, a BEL in its type name.

A lone surrogate cannot be encoded as UTF-8: before, writing the report raised and the
grade ended as the judge's internal error (exit 2, no report). The judge now writes
such characters out as escapes before any report sees them.
"""


def se_block_forward(seed, x, reduction):
    raise type("Bad\x07Name", (Exception,), {})("lone \ud800 surrogate \udfff and a NUL \x00")
