"""Every string from a submission is hostile data: capped, cleaned, then escaped per format.

Paths, diagnosis messages, printed output and code all come from files a student wrote
(or from a log anyone could edit), so the renderers never put one in a document as is.
"""

from __future__ import annotations

import hashlib
import html
import re

# Control characters (but tab and newline) say nothing to a reader and can confuse a terminal
# or a parser; the bidirectional overrides can make code read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Markdown's punctuation that can start or end markup (emphasis, links, headings, tables,
# HTML) anywhere in a line; escaping all of them is safe, since a backslash before any ASCII
# punctuation renders the character itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
MESSAGE_CHARS = 300  # a diagnosis message or case message in a table; longer ones end with "…"


def clean(text: object, limit: int = MESSAGE_CHARS) -> str:
    """One line, no control characters, at most `limit` characters."""
    flat = " ".join(_CONTROL.sub("?", str(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def clean_block(text: str) -> str:
    """Several lines (code): control characters but tab and newline replaced."""
    return _CONTROL.sub("?", text.replace("\r\n", "\n").replace("\r", "\n"))


def html_text(text: object, limit: int = MESSAGE_CHARS) -> str:
    """Text for HTML element content or a quoted attribute value."""
    return html.escape(clean(text, limit), quote=True)


def html_block(text: str) -> str:
    return html.escape(clean_block(text), quote=True)


def markdown_text(text: object, limit: int = MESSAGE_CHARS) -> str:
    """Text for a Markdown paragraph or table cell: no markup, no HTML, no column break."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text, limit))
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def markdown_fence(text: str, language: str = "") -> str:
    """A fenced code block that `text` cannot close: the fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{clean_block(text).rstrip()}\n{fence}"


def anchor(kind: str, key: str) -> str:
    """An HTML id for a submission or a mistake: readable, unique, and safe in a URL fragment."""
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", key).strip("-.")[-60:] or "x"
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{kind}-{readable}-{digest}"


def markdown_code(text: object, limit: int = MESSAGE_CHARS) -> str:
    """A path or an id as a Markdown code span, fit for a table cell.

    Nothing inside a code span is markup or HTML; a backtick in the text gets a longer
    delimiter, and `|` is escaped because GitHub splits table cells on it even there.
    """
    flat = clean(text, limit).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{ticks}{padded}{ticks}"
