#!/usr/bin/env bash
# PrairieLearn's external grader entrypoint: the student's files are in /grade/student,
# this folder is /grade/serverFilesCourse/{{FOLDER}}, and /grade/results/results.json
# must be written. autograde.py writes it whatever happens.
ROOT="${JUDGE_PLATFORM_ROOT:-/grade}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if ! python3 "$HERE/autograde.py" prairielearn "$ROOT"; then
    mkdir -p "$ROOT/results"
    printf '%s\n' '{"gradable": false, "score": 0, "message": "The grader could not run (its driver failed).", "format_errors": ["the grader could not run"]}' > "$ROOT/results/results.json"
fi
exit 0
