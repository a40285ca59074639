"""Which counts each implementation is measured at: its algorithm's sweep (bench/algorithms.py),
always with the talk's count, never past the implementation's limit."""

from __future__ import annotations

from bench.algorithms import algorithm

#: The count on the talk's slides: `primes 5000`.
TALK_COUNT = 5000


def sweep_counts(
    algorithm_name: str,
    *,
    quick: bool,
    override: tuple[int, ...] | None = None,
    max_count: int | None = None,
    runs_python_source: bool = False,
) -> tuple[int, ...]:
    """The counts to measure for one algorithm: the sweep (or `override`) plus the talk's count,
    sorted, without counts above the implementation's `max_count`; an implementation whose
    language `runs_python_source` may stop earlier (`Sweep.python_source_max`). An algorithm
    missing from bench/algorithms.py raises `UnknownKind`, even with `override`: a run
    measures nothing it could not draw."""
    sweep = algorithm(algorithm_name).sweep
    base = (
        override
        if override is not None
        else sweep.counts(quick=quick, runs_python_source=runs_python_source)
    )
    counts = sorted({*base, TALK_COUNT})
    if max_count is not None:
        counts = [count for count in counts if count <= max_count]
    return tuple(counts)
