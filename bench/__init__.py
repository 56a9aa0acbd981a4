"""Benchmarks of the annotator core against baselines measured in the same run.

Run ``make bench`` or ``python -m bench [import] [memory] [search]``; each benchmark is a
module with a ``run(Context)`` function returning a result dataclass.
"""
