#!/usr/bin/env python3
"""Grade one submission for a platform and ALWAYS leave a valid results.json behind.

Written by `judge export`; uses only Python's standard library, so it still runs when
the judge is missing or broken. It finds the submission, runs `judge grade` with the
platform's --format, checks the document it wrote, and when anything went wrong (no
`judge` on PATH, a crash, a timeout, an unreadable document) writes the platform's
zero-score document with a message for the student and the details for staff on
stdout. It exits 0 whenever results.json was written.

    autograde.py gradescope [ROOT]            (ROOT: $JUDGE_PLATFORM_ROOT, else /autograder)
    autograde.py prairielearn [ROOT]          (ROOT: $JUDGE_PLATFORM_ROOT, else /grade)
    autograde.py exercism SLUG INPUT_DIR OUTPUT_DIR
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = json.load(open(os.path.join(HERE, "autograde.json"), encoding="utf-8"))
DEFAULT_ROOTS = {"gradescope": "/autograder", "prairielearn": "/grade"}
# What the student reads when the judge, not their file, failed.
NOT_YOUR_FAULT = ("The autograder could not grade this submission: {why}. This is a problem with the "
                  "grader, not (necessarily) with your file; your instructor can see the details. "
                  "Try submitting again, or tell your instructor.")


def main(argv):
    platform = argv[1] if len(argv) > 1 else ""
    if platform == "exercism":
        if len(argv) != 5:
            sys.exit("usage: autograde.py exercism SLUG INPUT_DIR OUTPUT_DIR")
        inbox, results = argv[3], os.path.join(argv[4], "results.json")
    elif platform in DEFAULT_ROOTS:
        root = argv[2] if len(argv) > 2 else os.environ.get("JUDGE_PLATFORM_ROOT", DEFAULT_ROOTS[platform])
        inbox = os.path.join(root, "submission" if platform == "gradescope" else "student")
        results = os.path.join(root, "results", "results.json")
    else:
        sys.exit("usage: autograde.py gradescope|prairielearn [ROOT] | exercism SLUG INPUT_DIR OUTPUT_DIR")
    os.makedirs(os.path.dirname(results), exist_ok=True)
    submission, problem = find_submission(inbox)
    if submission is None:
        write(results, failure(platform, problem, student_fault=True))
        return 0
    why = grade(platform, submission, results)
    if why:
        print(f"autograde: {why}")  # the staff's log (Gradescope: stdout, hidden from students)
        write(results, failure(platform, NOT_YOUR_FAULT.format(why=why.splitlines()[0][:300]), student_fault=False))
    return 0


def find_submission(inbox):
    """(the file to grade, None) or (None, why none can be chosen)."""
    kata = CONFIG["kata"]
    try:
        names = sorted(n for n in os.listdir(inbox) if not n.startswith(".") and os.path.isfile(os.path.join(inbox, n)))
    except OSError as exc:
        return None, f"no submission folder {inbox} ({exc.strerror})"
    for wanted in (f"{kata}.py", f"{kata}.ipynb"):
        if wanted in names:
            return os.path.join(inbox, wanted), None
    code = [n for n in names if n.endswith((".py", ".ipynb"))] or names
    if len(code) == 1:
        return os.path.join(inbox, code[0]), None
    found = ", ".join(code[:10]) or "no file"
    return None, (f"submit one file named {kata}.py (or {kata}.ipynb) defining {CONFIG['entry_point']}; "
                  f"the submission holds {found}")


def grade(platform, submission, results):
    """None when `judge grade` wrote a valid document to `results`, else why not (for staff)."""
    partial = results + ".judge"
    command = [os.environ.get("JUDGE_COMMAND", "judge"), "grade", submission,
               "--problem", os.path.join(HERE, CONFIG["problem_dir"]), "--format", platform, "--output", partial]
    if os.environ.get("JUDGE_PLATFORM_EXAMPLES"):  # fewer generated cases: a slow grading machine, or tests
        command += ["--examples", os.environ["JUDGE_PLATFORM_EXAMPLES"]]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout_s(), text=True, errors="replace")
    except FileNotFoundError:
        return f"the judge is not installed ({command[0]!r} is not on PATH={os.environ.get('PATH', '')})"
    except subprocess.TimeoutExpired:
        return f"grading took longer than {timeout_s()} s"
    except OSError as exc:
        return f"the judge could not be started ({exc})"
    log = done.stdout[-4000:]
    if done.returncode not in (0, 1):
        return f"the judge failed (exit {done.returncode})\n{log}"
    try:
        with open(partial, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        return f"the judge wrote no readable results ({exc})\n{log}"
    missing = [k for k in REQUIRED[platform] if k not in document]
    if missing:
        return f"the judge's results lack {', '.join(missing)}\n{log}"
    os.replace(partial, results)
    print(log)
    return None


def timeout_s():
    """The export's limit for one grade; JUDGE_PLATFORM_TIMEOUT overrides it (a slow test machine)."""
    return float(os.environ.get("JUDGE_PLATFORM_TIMEOUT") or CONFIG["timeout_s"])


REQUIRED = {"gradescope": ("score", "tests"), "prairielearn": ("gradable", "score"),
            "exercism": ("version", "status")}


def failure(platform, message, student_fault):
    """The platform's document for a submission that was not graded: a zero, saying why."""
    if platform == "gradescope":
        return {"score": 0.0, "output": message, "output_format": "text", "visibility": "visible",
                "stdout_visibility": "hidden",
                "tests": [{"name": "the submission loads and runs", "score": 0.0, "max_score": CONFIG["max_score"],
                           "status": "failed", "output": message, "visibility": "visible"}]}
    if platform == "prairielearn":
        # gradable false: the attempt is not counted when the grader, not the learner, failed
        document = {"gradable": student_fault, "score": 0.0, "message": message, "output": message, "tests": []}
        if not student_fault:
            document["format_errors"] = [message]
        return document
    return {"version": 3, "status": "error", "message": message, "tests": []}


def write(path, document):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")
    os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
