"""The problem model: finding a kata, loading and validating its spec (problem.yaml, cases.yaml).

`model` holds every dataclass of a loaded problem; `load` and the `parse_*` modules build
them; `find` locates problems by id, path or what a submission defines.
"""
