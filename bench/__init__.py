"""Measurement: the benchmark driver (`python -m bench`), its pytest-benchmark suites and the CI
performance gate. Studies write raw data; `bench/report/` (run by `scripts/report.py`) turns it
into reports."""
