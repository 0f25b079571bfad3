"""Test cases: fixed ones from cases.yaml and generated ones from hypothesis."""
