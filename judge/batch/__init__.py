"""Grading many submissions: find them, shard them, grade them in parallel, keep every result.

- `discover`   files, folders and glob patterns -> the sorted list of submission paths
- `shard`      `--shard K/N`: a deterministic split for CI matrices
- `scheduler`  runs `judge grade` once per submission, `--jobs` at a time, with a wall limit
- `processes`  starting a grade process and killing it with everything it started
- `log`        the results log: one JSON line per finished submission, fsynced; `--resume`
- `records`    the log's line format (the grade schema plus `path` and `judge_error`)
- `summary`    what a set of results adds up to (counts, histogram, common diagnoses, exit code)
- `merge`      combining the logs of several shards
- `progress`   a live bar on a terminal, plain lines otherwise
"""
