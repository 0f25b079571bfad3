"""Hostile text: an exception whose type name is half a megabyte (and so is its message).

Before, messages were capped but type names were not: a few hundred bytes of source
made a report of more than a hundred megabytes. Every string from the submission is
now capped, so the report stays small.
"""

LONG = "E" * 500_000


def se_block_forward(seed, x, reduction):
    raise type(LONG, (Exception,), {})("m" * 500_000)
