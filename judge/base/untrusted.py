"""Strings that come from a submission: capped and made inert before anything else sees them.

A submission controls its exception type names, messages, tracebacks, what it prints and
even the bytes of its file name in a batch tree. None of that is text for the judge: it is
data that must not grow a report without bound, break an encoder (a lone surrogate cannot
be written as UTF-8), or drive the terminal or a Markdown/XML reader. `clean` turns such a
string into printable text of bounded length; the renderers then escape it for their format.

Standard library only, and at the bottom of the import order: the runner's judge side,
grading and every renderer use it.
"""

from __future__ import annotations

import re

# Lengths (in characters, after escaping) of the strings a case result may carry; a one-line
# message needs less than a screen. The runner keeps the first 500 characters of what a call
# printed (as Exercism's runner does); escaping its control characters may lengthen them.
MESSAGE_CHARS = 1000
TYPE_NAME_CHARS = 120
LINE_CHARS = 300
CAPTURED_OUTPUT_CHARS = 1000
NAME_CHARS = 200  # a name from the submission quoted in a message (entry point suggestion, a type)

# Everything a terminal or a text viewer may act on: C0 controls but tab and newline, DEL, C1
# controls (CSI, OSC as one byte), lone surrogates, and the bidirectional overrides and
# isolates that reorder what a reader sees ("Trojan Source", CVE-2021-42574).
_INERT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INERT_ONE_LINE = re.compile(_INERT.pattern[:-1] + "\n\t]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return " "  # a line break inside a one-line field
    if code == 0x09:
        return " "
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, limit: int, one_line: bool = False) -> str:
    """`text` with every control, escape and surrogate character written out as `\\xNN` /
    `\\uNNNN`, cut to at most `limit` characters (the cut says how much it dropped).

    Non-strings (a header field of the wrong type that slipped through) become their repr,
    so this never raises on hostile input.
    """
    if not isinstance(text, str):
        text = repr(text)
    # Escaping can quadruple a character; look at no more of the input than can survive the cut.
    head = text[: limit + 1]
    escaped = (_INERT_ONE_LINE if one_line else _INERT).sub(_escape, head)
    if len(escaped) <= limit and len(text) <= limit:
        return escaped
    marker = f"… [{len(text)} characters in all]"
    return escaped[: max(limit - len(marker), 0)] + marker


def clean_lines(lines: list[str] | tuple[str, ...], count: int, width: int = LINE_CHARS) -> tuple[str, ...]:
    """At most `count` lines, each cleaned to one line of at most `width` characters."""
    return tuple(clean(line, width, one_line=True) for line in list(lines)[:count])


def is_clean(text: str) -> bool:
    """True when `clean` would leave `text` as it is (no control, escape or surrogate character)."""
    return _INERT.search(text) is None
