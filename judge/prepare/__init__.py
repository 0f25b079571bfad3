"""Preparing runners before grading: the sealed JAX compilation cache a grade's runners read.

It runs the problem's trusted reference (and mutants, and probes) in runners of its own, so it
sits above the runner and diagnosis and below grading, which asks for it.
"""
