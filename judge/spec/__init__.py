"""Loading and validating problem specs (problem.yaml, cases.yaml)."""
