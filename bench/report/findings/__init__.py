"""What the report finds in a run's raw files, apart from how it is printed.

Each module computes one topic's typed findings (ratios with their intervals, shares, the
judgements drawn from them, and the refusals where the measurements contradict each other)
from the raw records `bench.report.rawrun` reads. Nothing here formats a number or builds a
sentence: the sections (`bench.report.sections`), the terminal summary, the demo and the
plots print these findings. An import contract in pyproject.toml keeps it so.
"""
