"""The raw directory's layout: the names that tie the studies that write a file to the report
that reads it. Both sides import them from here and from nowhere else."""

from __future__ import annotations

# Written by the driver for every run.
MANIFEST = "manifest.json"
ENVIRONMENT = "environment.json"
CORRECTNESS = "correctness.json"

#: hyperfine's files: `hyperfine/<key>.json` (its --export-json) and `hyperfine/<key>.log`.
HYPERFINE_DIR = "hyperfine"

# Study names (`--study NAME`, the manifest's keys) and the files each one writes.
TALK = "talk"
STARTUP = "startup"
SWEEP = "sweep"
SWEEP_JSON = "pytest-benchmark.json"
SWEEP_LOG = "pytest-benchmark.log"
SPLIT = "split"
BOUNDARY = "boundary"
BOUNDARY_JSON = "boundary.json"
THREADS = "threads"
THREADS_JSON = "threads.json"
TARGETS = "targets"
TARGETS_JSON = "targets.json"
FIRST_CALL = "first-call"
FIRST_CALL_JSON = "first-call.json"
COSTS = "costs"
COSTS_JSON = "costs.json"


def hyperfine_json(key: str) -> str:
    return f"{HYPERFINE_DIR}/{key}.json"


def hyperfine_log(key: str) -> str:
    return f"{HYPERFINE_DIR}/{key}.log"
