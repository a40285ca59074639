"""The pytest-benchmark suite. `python -m bench` times it over its plan; `make test` runs each
case once, untimed (--benchmark-disable); by hand:
`.venv/bin/python -m pytest bench/timers/suite --benchmark-only`."""
