"""pytest-benchmark suites. Not part of `make test` (they time things); `python -m bench` runs
them, or directly: `.venv/bin/python -m pytest bench/suites --benchmark-only`."""
