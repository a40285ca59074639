"""Every study's load: other processes' CPU time is the cores' busy time less steal and less
this process's own (with its children's), over the study's wall time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from bench.raw.load import Load
from bench.timers import load


def _readings(values: Sequence[float | None]) -> Iterator[float | None]:
    yield from values


def test_others_are_busy_time_less_steal_and_our_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc/stat before and after: busy 100 -> 130 s, steal 5 -> 6 s; our own CPU 10 -> 22 s.
    busy = _readings([100.0, 5.0, 130.0, 6.0])
    own = _readings([10.0, 22.0])
    monkeypatch.setattr(load, "busy_seconds", lambda cpus, columns=None: next(busy))
    monkeypatch.setattr(load, "_own", lambda: next(own))
    monkeypatch.setattr(load, "usable_cpus", lambda: frozenset({0, 1}))
    with load.watched() as meter:
        pass
    found = meter.load
    assert found is not None
    assert found.cores == 2
    assert found.steal == pytest.approx(1.0)
    assert found.own == pytest.approx(12.0)
    assert found.others == pytest.approx(30.0 - 1.0 - 12.0)


def test_without_proc_stat_nothing_is_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "busy_seconds", lambda cpus, columns=None: None)
    with load.watched() as meter:
        pass
    assert meter.load is not None
    assert meter.load.others is None and meter.load.steal is None
    assert not meter.load.busy


def test_a_real_block_records_its_own_work_not_as_others() -> None:
    with load.watched() as meter:
        total = sum(i * i for i in range(2_000_000))
    assert total > 0
    found = meter.load
    assert found is not None and found.own is not None and found.own > 0
    assert found.wall > 0


@pytest.mark.parametrize(
    ("others", "steal", "busy"),
    [(0.05, 0.0, False), (0.43, 0.0, True), (0.0, 0.08, True), (None, None, False)],
)
def test_busy_is_others_above_a_tenth_or_steal_above_a_twentieth(
    others: float | None, steal: float | None, busy: bool
) -> None:
    wall, cores = 100.0, 2
    found = Load(
        wall=wall,
        cores=cores,
        others=None if others is None else others * wall * cores,
        steal=None if steal is None else steal * wall * cores,
    )
    assert found.busy is busy


def test_describe_names_the_share_steal_and_load_average() -> None:
    found = Load(
        wall=10.0, cores=2, others=8.6, steal=1.0, load_before=(5.9, 4.0, 3.0),
        load_after=(6.2, 4.1, 3.0),
    )  # fmt: skip
    assert found.describe() == (
        "other processes used 43% of the 2 cores, the hypervisor took 5%, load average 6.2"
    )
