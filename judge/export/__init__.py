"""Ready-to-upload autograders for the platforms courses grade on (`judge export`).

Each module writes one platform's layout around the same two pieces (bundle.py): a copy
of the judge with the kata, and templates/autograde.py, a standard-library driver that
always leaves a valid results.json, even when the judge itself fails.
"""
