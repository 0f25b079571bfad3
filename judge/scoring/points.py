"""Points: each case group's points are shared among its cases by weight."""

from __future__ import annotations

from judge.problem.case import Case


def case_points(cases: list[Case], group_points: dict[str, float]) -> dict[str, float]:
    """The points each case is worth, by case id.

    A group with no cases (e.g. a replay of one fixed case) gives its points to nobody:
    the maximum is then the sum over the groups that have cases.
    """
    worth: dict[str, float] = {}
    for kind, points in group_points.items():
        members = [c for c in cases if c.kind == kind]
        total_weight = sum(c.weight for c in members)
        for case in members:
            worth[case.id] = points * case.weight / total_weight if total_weight else 0.0
    return worth


def total(points: list[float]) -> float:
    """A score as reported: rounded to hundredths, so it reads the same in every format."""
    return round(sum(points), 2)
