"""The timing tools a study drives: hyperfine (whole process), pytest-benchmark (in process,
with its suite in `suite/`), the interleaved in-process timer, and the C yardstick."""
