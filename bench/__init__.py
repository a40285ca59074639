"""Measurement: the benchmark driver (`python -m bench`), its pytest-benchmark suites and the CI
performance gate. Everything here writes raw data; `scripts/` turns raw data into reports."""
