"""The machine-readable report: one JSON document (schema in judge.base.results)."""

from __future__ import annotations

import json

from judge.base.results import GradeResult


def render_json(result: GradeResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
