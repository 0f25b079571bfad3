"""Renderers of a `GradeResult`: they format, they never compute a score."""
