"""Code that runs inside the runner process, next to the submission.

The runner starts `child.py` as a script with only this directory on its path, so
these modules may import nothing from the judge: only the standard library, NumPy
and the packages a submission itself uses (jax, flax).
"""
