"""Running a submission in a separate process and talking to it."""
