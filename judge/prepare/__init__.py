"""Preparing runners before grading: the sealed JAX compilation cache a grade's runners read.

Preparing runs the problem's trusted reference (and mutants, and probes) in runners of its
own, so it sits above the runner, diagnosis and grading; a grade is handed the preparation
step (GradeRequest.prepare_runners) by its caller, and its runners get the result through
one value (judge/base/speedups.py:SpeedUps).
"""
