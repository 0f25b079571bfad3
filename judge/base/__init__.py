"""Foundations every layer may use: the judge's errors, the versions behind a verdict, the
disk cache of trusted outputs, results as data, untrusted strings made inert, and the terminal.

Standard library (and numpy) only; nothing here imports another package of the judge.
"""
