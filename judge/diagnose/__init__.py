"""Naming the mistake a failing submission made: mutant matching and behavioural probes."""
