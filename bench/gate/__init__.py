"""The CI performance regression gate: `python -m bench.gate check|baseline`.

Primary metric: callgrind instruction counts of one `first_n(count)` call, which repeat exactly
on a noisy shared machine. Secondary metric: wall-clock time relative to the pure-Python
reference, taken interleaved in one process so machine load cancels out of the ratio.
"""
