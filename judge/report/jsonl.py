"""JSON Lines: one grade document (plus `path` and `judge_error`) per line, sorted by path.

The same format as the batch's results log, so `judge merge` reads either.
"""

from __future__ import annotations

import json
from typing import Sequence

from judge.report.common import Report


def render_jsonl(reports: Sequence[Report]) -> str:
    # ASCII-only JSON: any path, even one that is not valid UTF-8, survives a round trip.
    return "".join(json.dumps(report) + "\n" for report in reports)
