"""Python source as a sequence of normalised tokens, for comparing submissions.

Python's own `tokenize` reads the code (no third-party lexer: it is exact for Python and
several times faster than pygments here). What a student is free to choose without
changing the program is normalised away, what they would have to think about is kept:
- every name the file itself introduces (variables, parameters, functions, classes,
  fields, import aliases) becomes `V`, also after a dot (`self.ratio`): renaming changes nothing;
- a name after a dot that the file never introduces (`jnp.mean`, `x.shape`, `nn.Dense`)
  is a library's vocabulary and is kept, as are keywords, builtins and operators: two
  solutions that pick different library calls do not look alike;
- a string (docstrings and f-strings included) becomes one `S` token, a number stays itself,
  as one token;
- comments, blank lines, line breaks and indentation are dropped: reflowing changes nothing.
Each token keeps the character range it came from, to show the matching regions.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import tokenize
from functools import lru_cache
from itertools import accumulate

import numpy as np

_DROPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER}
# f-strings are one token before Python 3.12 and three kinds of token from 3.12 on.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def normalised_tokens(code: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The file's tokens, normalised (see the module's docstring), with their character ranges.

    Code that does not tokenise to the end (a syntax error, a stray indent) keeps the
    tokens read before the error: a broken submission is still compared on what it has.
    """
    lines = list(io.StringIO(code))
    line_starts = [0, 0, *accumulate(len(line) for line in lines)]  # by tokenize's 1-based row
    raw: list[tuple[int, str, int, int]] = []  # (type, text, start offset, end offset)
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type in _DROPPED or (token.type == tokenize.ERRORTOKEN and not token.string.strip()):
                continue
            raw.append((token.type, token.string, line_starts[token.start[0]] + token.start[1],
                        line_starts[token.end[0]] + token.end[1]))
    except (tokenize.TokenError, SyntaxError, StopIteration):
        pass
    own = _own_names(raw)
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    depth = 0  # inside an f-string (Python 3.12+), whose parts make one S
    for kind, text, start, end in raw:
        if _FSTRING_START is not None and kind == _FSTRING_START:
            if depth == 0:
                texts.append("S")
                spans.append((start, end))
            depth += 1
            continue
        if depth:
            spans[-1] = (spans[-1][0], end)
            depth -= kind == _FSTRING_END
            continue
        if kind == tokenize.STRING:
            text = "S"
        elif kind == tokenize.NAME and text in own:
            text = "V"
        texts.append(text)
        spans.append((start, end))
    return texts, spans


def _own_names(raw: list[tuple[int, str, int, int]]) -> set[str]:
    """Names the file binds or reads bare, not after a dot: its own vocabulary, not a library's."""
    return {text for index, (kind, text, _, _) in enumerate(raw)
            if kind == tokenize.NAME and text not in _KEPT_NAMES and not _after_dot(raw, index)}


def _after_dot(raw: list[tuple[int, str, int, int]], index: int) -> bool:
    return index > 0 and raw[index - 1][1] == "."


@lru_cache(maxsize=1 << 16)
def token_id(text: str) -> int:
    """A token's number, the same in every process (Python's own hash() is salted per run)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def token_ids(texts: list[str]) -> np.ndarray:
    return np.fromiter((token_id(text) for text in texts), dtype=np.uint64, count=len(texts))
