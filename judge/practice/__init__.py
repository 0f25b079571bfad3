"""The learner's practice loop: starter files, hints, replaying a case, watching a file."""
