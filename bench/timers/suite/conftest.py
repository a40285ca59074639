"""Parametrizes the suites from the driver's plan, or over the whole registry when run alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import primes
from bench.counts import sweep_counts


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--bench-plan",
        metavar="FILE",
        help="JSON list of {name, count} cases to time (written by `python -m bench`); "
        "default: every registered implementation at its quick sweep of counts",
    )
    parser.addoption(
        "--bench-long-call",
        type=float,
        metavar="SECONDS",
        help="a case whose call lasts at least this long gets --bench-long-rounds rounds, "
        "fewer than --benchmark-min-rounds (default: none does)",
    )
    parser.addoption(
        "--bench-long-rounds",
        type=int,
        default=3,
        metavar="N",
        help="the rounds of a case past --bench-long-call (default: 3)",
    )


def _default_cases() -> list[tuple[str, int]]:
    cases = []
    for name in primes.names():
        algorithm = primes.implementation(name).algorithm
        cases += [(name, count) for count in sweep_counts(algorithm, quick=True)]
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if {"name", "count"} <= set(metafunc.fixturenames):
        plan = metafunc.config.getoption("--bench-plan")
        if plan:
            cases = [(c["name"], int(c["count"])) for c in json.loads(Path(plan).read_text())]
        else:
            cases = _default_cases()
        metafunc.parametrize(("name", "count"), cases, ids=[f"{n}-{c}" for n, c in cases])
