"""The gate's exit statuses, as `python -m bench.gate --help` and docs/perf-gate.md list them."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    REGRESSED = 1
    USAGE = 2  # argparse's own status for bad options
    BAD_BASELINE = 3
    NO_VALGRIND = 4
    MEASUREMENT_FAILED = 5
    #: Some figure was not compared (other environment, missing or new implementation).
    NOT_VERIFIED = 6
    BASE_BUILD_FAILED = 7
    #: An output file (--json, --markdown, --bmf, --github-benchmark, the baseline) cannot be
    #: written; checked before measuring, so this is found at once.
    OUTPUT_FAILED = 8
    #: Ctrl-C (SIGINT): the shell's own status for a command it ended.
    INTERRUPTED = 130
    #: SIGTERM (a CI job's timeout, `kill`), handled as Ctrl-C is: 128 + 15, as a shell reports it.
    TERMINATED = 143
