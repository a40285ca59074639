"""The first-call study: every implementation in fresh processes, a JIT twice a round (an empty
cache, then the cache that process wrote), tried on a made-up registry with a fake timer."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

import primes
from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw import layout
from bench.raw.correctness import Check
from bench.raw.first_call import FirstCallFile, Process
from bench.studies import first_call
from bench.studies.base import StudyContext
from bench.studies.config import PLANS, RunConfig, Tools
from bench.timers.first_call import SteadyCalls

PYTHON = Path(sys.executable)


class _Checker(Checker):
    """Accepts every implementation but `refuse`, without running anything."""

    def __init__(self, refuse: str = "") -> None:
        super().__init__(PYTHON, cwd=REPO)
        self.refuse = refuse

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Check]:
        return [Check(target, c, target != self.refuse, "wrong") for c in counts]


_REGISTRY = {
    "pure-naive": primes.Implementation("pure-naive", "pure", "naive", "primes.naive"),
    "numba-naive": primes.Implementation("numba-naive", "numba", "naive", "fake.numba_naive"),
}


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(primes, "implementation", _REGISTRY.__getitem__, raising=False)
    monkeypatch.setattr(primes, "implementations", lambda: tuple(_REGISTRY.values()), raising=False)


class _Timer:
    """Stands in for `bench.timers.first_call.measure`: records each process it is asked for
    and plays a JIT whose cache is a file in NUMBA_CACHE_DIR."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, bool]] = []

    def __call__(
        self,
        python: Path,
        module: str,
        attribute: str,
        count: int,
        steady: SteadyCalls,
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
    ) -> Process:
        assert count == 5000
        cache = (env or {}).get("NUMBA_CACHE_DIR")
        found = cache is not None and (Path(cache) / "kernel.nbi").exists()
        self.calls.append((module, cache, found))
        if cache is not None:
            (Path(cache) / "kernel.nbi").write_text("compiled")
        first = 0.01 if cache is None or found else 1.0
        return Process(import_seconds=0.001, first_call=first, steady=(0.01,) * steady.min_calls)


@pytest.fixture
def timer(monkeypatch: pytest.MonkeyPatch) -> _Timer:
    """The study's timer replaced by a `_Timer`, which the test reads back."""
    timer = _Timer()
    monkeypatch.setattr(first_call, "measure", timer)
    return timer


def _context(tmp_path: Path, names: tuple[str, ...], checker: Checker) -> StudyContext:
    config = RunConfig(
        implementations=names,
        quick=True,
        studies=(layout.FIRST_CALL,),
        tools=Tools(PYTHON, PYTHON.parent, Path("/nonexistent")),
    )
    (tmp_path / "raw").mkdir()
    (tmp_path / "work").mkdir()
    return StudyContext(config, tmp_path / "raw", tmp_path / "work", checker, NullReporter())


@pytest.mark.usefixtures("registry")
def test_a_jit_gets_an_empty_cache_then_the_cache_it_wrote(tmp_path: Path, timer: _Timer) -> None:
    ctx = _context(tmp_path, ("pure-naive", "numba-naive"), _Checker())
    record = first_call.STUDY.run(ctx)

    rounds = PLANS["quick"].first_call_rounds
    jit = [(cache, found) for module, cache, found in timer.calls if module == "fake.numba_naive"]
    pure = [(cache, found) for module, cache, found in timer.calls if module == "primes.naive"]
    assert pure == [(None, False)] * rounds
    assert len(jit) == 2 * rounds
    caches = [cache for cache, _ in jit]
    for index in range(rounds):
        (cold_cache, cold_found), (warm_cache, warm_found) = jit[2 * index : 2 * index + 2]
        assert cold_cache == warm_cache  # the second process is given the first one's cache
        assert (cold_found, warm_found) == (False, True)
    assert len(set(caches)) == rounds  # a new, empty directory every round
    assert not list((tmp_path / "work").iterdir())  # and each removed

    assert record.files == [layout.FIRST_CALL_JSON]
    data = FirstCallFile.read(ctx.raw)
    assert data.count == 5000
    assert data.jit_registered == ["numba-naive"]
    numba = data.implementations["numba-naive"]
    assert numba.jit and numba.language == "numba" and numba.algorithm == "naive"
    assert [p.first_call for p in numba.cold] == [1.0] * rounds
    assert [p.first_call for p in numba.processes] == [0.01] * rounds
    assert not data.implementations["pure-naive"].jit
    assert data.implementations["pure-naive"].cold == ()


@pytest.mark.usefixtures("registry")
def test_rounds_rotate_the_order(tmp_path: Path, timer: _Timer) -> None:
    first_call.STUDY.run(_context(tmp_path, ("pure-naive", "numba-naive"), _Checker()))
    firsts = [timer.calls[i][0] for i in range(0, len(timer.calls), 3)]
    assert firsts[:2] == ["primes.naive", "fake.numba_naive"]


@pytest.mark.usefixtures("registry")
def test_a_refused_implementation_is_not_timed_and_said(tmp_path: Path, timer: _Timer) -> None:
    ctx = _context(tmp_path, ("pure-naive", "numba-naive"), _Checker(refuse="numba-naive"))
    record = first_call.STUDY.run(ctx)
    assert {module for module, _, _ in timer.calls} == {"primes.naive"}
    assert record.notes == ["numba-naive: not timed, count 5000: wrong"]
    data = FirstCallFile.read(ctx.raw)
    assert list(data.implementations) == ["pure-naive"]
    assert data.jit_registered == ["numba-naive"]  # so the report can say it was not measured
