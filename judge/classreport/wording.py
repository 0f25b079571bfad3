"""Words and numbers both renderers print the same way."""

from __future__ import annotations

from typing import Any

from judge.classreport.collect import Submission
from judge.classreport.escape import clean
from judge.report.common import points as _points

LOOKALIKE_CAVEAT = (
    "These pairs share more code than the rest of the class does, after the kata's starter, its reference "
    "solution and passages common to many submissions are set aside; renaming variables, reformatting and "
    "rewording comments do not hide a match. This is evidence for a person to read side by side, not a "
    "finding of copying: students may share an idea from the same lecture or have helped each other honestly.")


def points(value: float | None) -> str:
    return "—" if value is None else _points(value)


def score_of(row: Submission) -> str:
    return f"{points(row.score)} / {points(row.max_score)}"


def settings_line(problem: str, settings: dict[str, Any]) -> str:
    """How a problem was graded: seed, generated cases, versions (text, cleaned; escape it for the format)."""
    versions = settings.get("versions") or {}
    shown = " ".join(f"{name} {clean(versions[name], 40)}" for name in ("judge", "jax", "flax") if name in versions)
    return clean(f"{problem}: seed {settings.get('seed')}, {settings.get('examples')} generated cases, {shown}", 400)
