"""The class report: what a batch's records add up to for a teacher.

Built from the results logs of `judge batch` (merged shards included), streamed one record
at a time: the scores and their spread, the mistakes the class made, the cases that catch
them, and the submissions whose code looks alike. `build.py` puts it together; `html.py`
and `markdown.py` only render it.
"""
