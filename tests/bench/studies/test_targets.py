"""The targets study: what each subject or reference name resolves to, how a buffer twin is
checked, and what it writes for a target it cannot measure (never dropped, never met)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import types
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

import optional_tools
from bench.progress import NullReporter
from bench.raw import layout
from bench.raw.correctness import Check
from bench.raw.samples import Samples, SamplesFile
from bench.studies import targets
from bench.studies.base import StudyContext
from bench.studies.config import PLANS, Interleaving, LongCalls, RunConfig, Tools
from bench.studies.targets import Problem, Target, buffer_mismatch, resolve
from bench.timers.heap_jitter import HeapJitter
from bench.timers.interleaved import Call
from bench.timers.primesieve_c import PrimesieveC
from oracle import FIRST_25, PRIMES_BELOW_2_TO
from primes import registry


def _buffer(values: Sequence[int]) -> memoryview:
    return memoryview(bytearray(array("I", values).tobytes())).cast("I")


def test_a_buffer_of_the_right_primes_passes() -> None:
    assert buffer_mismatch(_buffer(FIRST_25), 25) is None
    assert buffer_mismatch(_buffer([]), 0) is None


def test_a_buffer_is_checked_by_its_digest_and_block_by_block_when_that_differs() -> None:
    right = hashlib.sha256(array("I", FIRST_25).tobytes()).digest()
    assert buffer_mismatch(_buffer(FIRST_25), 25, right) is None
    # A wrong digest costs a pass of the oracle, not a refusal of a right buffer...
    assert buffer_mismatch(_buffer(FIRST_25), 25, bytes(32)) is None
    # ...and a wrong buffer is refused with the element, digest or not.
    wrong = [*FIRST_25[:24], 98]
    assert buffer_mismatch(_buffer(wrong), 25, right) == "element 24 is 98, expected 97"


def test_the_oracle_digests_are_made_once_for_the_counts_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes: list[set[int]] = []

    def counting(counts: Iterable[int]) -> dict[int, bytes]:
        counts = set(counts)
        passes.append(counts)
        return {count: bytes([count]) for count in counts}

    monkeypatch.setattr(targets, "prefix_digests", counting)
    digests = targets.OracleDigests([25, 10])
    assert digests.get(5) is None
    assert passes == []
    assert (digests.get(25), digests.get(10), digests.get(25)) == (
        bytes([25]),
        bytes([10]),
        bytes([25]),
    )
    assert passes == [{10, 25}]


def test_every_buffer_count_has_a_known_digest_and_is_not_sieved_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert set(targets.KNOWN_DIGESTS) == set(targets.BUFFER_COUNTS)

    def refuse(counts: object) -> dict[int, bytes]:
        raise AssertionError(f"sieved {counts}")

    monkeypatch.setattr(targets, "prefix_digests", refuse)
    digests = targets.OracleDigests(targets.BUFFER_COUNTS)
    for count in targets.BUFFER_COUNTS:
        assert digests.get(count) == bytes.fromhex(targets.KNOWN_DIGESTS[count])


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (FIRST_25, "returned list, not memoryview"),
        (_buffer([2, 3, 5, 8]), "element 3 is 8, expected 7"),
        (_buffer(FIRST_25[:24]), "returned 24 numbers, expected 25"),
        (memoryview(array("i", FIRST_25)), "format 'i'"),
        (memoryview(array("I", FIRST_25).tobytes()).cast("I"), "read-only"),
    ],
)
def test_a_wrong_buffer_says_what_is_wrong(result: object, message: str) -> None:
    count = 4 if message.startswith("element") else 25
    problem = buffer_mismatch(result, count)
    assert problem is not None
    assert message in problem


def test_the_list_floor_and_a_registry_list_function_resolve_to_calls() -> None:
    floor = resolve("list(range(n))", 5)
    assert callable(floor)
    assert floor() == [0, 1, 2, 3, 4]
    pure = resolve("pure-sieve", 25)
    assert callable(pure)
    assert pure() == FIRST_25


def test_an_unknown_name_is_unavailable_with_its_reason() -> None:
    problem = resolve("rust-nothing:buffer", 10)
    assert isinstance(problem, Problem)
    assert (problem.name, problem.verdict) == ("rust-nothing:buffer", "unavailable")
    assert "not in this build's registry" in problem.detail


@pytest.fixture
def library() -> PrimesieveC:
    return optional_tools.require("libprimesieve", optional_tools.libprimesieve())


def test_primesieve_c_resolves_to_its_timed_call_and_its_list(library: PrimesieveC) -> None:
    bare = resolve("primesieve-c", 25)
    listed = resolve("primesieve-c:list", 25)
    assert callable(bare) and callable(listed)
    assert bare() is None  # generates and frees; no Python object is built
    assert listed() == FIRST_25


def test_primesieve_c_is_checked_through_a_buffer_not_a_list(library: PrimesieveC) -> None:
    # At 2³² its list would take about 8 GB: the bare call's check reads a uint32 copy.
    assert library.buffer(25).tolist() == FIRST_25
    assert library.buffer(0).tolist() == []
    assert buffer_mismatch(library.buffer(1_000), 1_000) is None


def test_primesieve_c_missing_is_unavailable_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bench.timers.primesieve_c.find_library", lambda: "libnot-here.so.0")
    problem = resolve("primesieve-c", 10)
    assert isinstance(problem, Problem)
    assert problem.verdict == "unavailable"
    assert "run `make peers` (Debian's libprimesieve-dev)" in problem.detail


@pytest.fixture
def fake_twins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Two registered implementations with buffer twins, one right, one off by one element."""

    def right(count: int) -> memoryview:
        return _buffer(FIRST_25[:count])

    def wrong(count: int) -> memoryview:
        return _buffer([*FIRST_25[: count - 1], 1])

    module = types.ModuleType("fake_twins")
    module.__dict__.update(first_n=lambda count: FIRST_25[:count], right=right, wrong=wrong)
    monkeypatch.setitem(sys.modules, "fake_twins", module)
    fakes = {
        name: registry.Implementation(name, "fake", "sieve", "fake_twins", buffer=name[5:])
        for name in ("fake-right", "fake-wrong")
    }
    real = registry.implementation
    monkeypatch.setattr(registry, "implementation", lambda name: fakes.get(name) or real(name))
    yield


@pytest.mark.usefixtures("fake_twins")
def test_a_buffer_twin_resolves_through_the_registry_and_is_checked() -> None:
    right = resolve("fake-right:buffer", 25)
    assert callable(right)
    assert list(right()) == FIRST_25
    wrong = resolve("fake-wrong:buffer", 25)
    assert wrong == Problem("fake-wrong:buffer", "wrong", "element 24 is 1, expected 97")
    none = resolve("pure-sieve:buffer", 25)
    assert isinstance(none, Problem)
    assert none.detail == "pure-sieve has no buffer twin in this build"


class _Checker:
    """The correctness checker's answers without child processes."""

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.asked: list[tuple[str, int]] = []

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Check]:
        self.asked += [(target, count) for count in counts]
        detail = "element 0 is 1, expected 2" if target == self.refuse else ""
        return [Check(target, count, not detail, detail) for count in counts]


def _quick_max() -> int:
    most = PLANS["quick"].targets_max_count
    assert most is not None, "a quick run skips the largest targets"
    return most


def _context(tmp_path: Path, checker: _Checker, *, quick: bool) -> StudyContext:
    tools = Tools(Path(sys.executable), Path(sys.prefix) / "bin", Path("hyperfine"))
    config = RunConfig(("pure-sieve",), quick=quick, studies=("targets",), tools=tools)
    return StudyContext(config, tmp_path, tmp_path, checker, NullReporter())


@pytest.fixture(autouse=True)
def _short_counts_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full plan with its shorter counts timed in the study's process, as the tests below
    expect unless they set the long calls themselves (`_long_calls_from_30`)."""
    long_calls = PLANS["full"].targets_long
    assert long_calls is not None
    in_this_process = replace(long_calls, short_rounds=None)
    monkeypatch.setitem(PLANS, "full", replace(PLANS["full"], targets_long=in_this_process))


def _run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, specs: tuple[Target, ...], **options: object
) -> tuple[SamplesFile, list[str], _Checker]:
    monkeypatch.setattr(targets, "TARGETS", specs)
    for mode, rounds in (("quick", 2), ("full", 3)):
        timing = Interleaving(rounds=rounds, target=0.001)
        monkeypatch.setitem(PLANS, mode, replace(PLANS[mode], targets=timing))
    checker = _Checker(str(options.get("refuse", "")))
    record = targets.STUDY.run(_context(tmp_path, checker, quick=bool(options.get("quick"))))
    return SamplesFile.read(tmp_path / layout.TARGETS_JSON), record.notes, checker


def _target(key: str, subject: str, reference: str, count: int = 25) -> Target:
    return Target(key, f"goal {key}", subject, reference, count, 1.5)


def test_each_target_is_timed_or_says_why_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    too_big = _quick_max() + 1
    specs = (
        _target("timed", "pure-sieve", "list(range(n))"),
        _target("absent", "rust-nothing", "nothing-either:buffer"),
        _target("refused", "pure-sieve", "list(range(n))", count=30),
        _target("half", "rust-nothing", "pure-sieve", count=40),
        _target("too-big", "pure-sieve", "list(range(n))", count=too_big),
    )
    data, notes, checker = _run(tmp_path, monkeypatch, specs, quick=True, refuse="pure-sieve")
    assert set(data.cases) == set()  # pure-sieve refused everywhere: nothing is timed
    written = data.settings["targets"]
    assert written["absent"]["not_measured"] == (
        "`rust-nothing`, `nothing-either:buffer` unavailable"
    )
    assert written["refused"]["not_measured"] == "`pure-sieve` refused by the check"
    # The other side of an unavailable one is not checked: its check would be wasted.
    assert written["half"]["not_measured"] == "`rust-nothing` unavailable"
    assert ("pure-sieve", 40) not in checker.asked
    assert written["too-big"]["not_measured"] == targets.QUICK_SKIP_REASON
    assert data.settings["skipped_counts"] == [too_big]
    assert data.settings["unavailable"]["pure-sieve"] == "element 0 is 1, expected 2"
    assert "not in this build's registry" in data.settings["unavailable"]["rust-nothing"]
    # The skipped count is never checked either: that is what skipping it saves.
    assert ("pure-sieve", too_big) not in checker.asked
    assert "rust-nothing: not timed, rust-nothing is not in this build's registry" in notes
    assert f"quick run: counts {too_big:,} not measured" in " ".join(notes)

    data, _, _ = _run(tmp_path, monkeypatch, specs[:1])
    assert set(data.cases) == {"timed/subject", "timed/reference"}
    assert "not_measured" not in data.settings["targets"]["timed"]
    assert all(len(case.samples.seconds) == 3 for case in data.cases.values())


@dataclass
class _Timing:
    """One call of the study's interleaved timer: the cases' names and its options."""

    cases: list[str]
    options: dict[str, Any]


def _spy_on_interleaved(monkeypatch: pytest.MonkeyPatch) -> list[_Timing]:
    """Every call the study makes to `interleaved`, which still times as before."""
    timings: list[_Timing] = []
    real = targets.interleaved

    def spy(cases: dict[str, Call], **options: Any) -> dict[str, Samples]:
        timings.append(_Timing(list(cases), options))
        return real(cases, **options)

    monkeypatch.setattr(targets, "interleaved", spy)
    return timings


def test_a_side_shared_by_two_targets_of_one_count_is_timed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = (
        _target("first", "pure-sieve", "list(range(n))"),
        _target("second", "list(range(n))", "pure-trial"),
    )
    timings = _spy_on_interleaved(monkeypatch)
    data, notes, _ = _run(tmp_path, monkeypatch, specs)
    assert notes == []
    # One interleaving of the count's three sides, not one per target with the floor twice.
    assert [t.cases for t in timings] == [["pure-sieve", "list(range(n))", "pure-trial"]]
    assert data.cases["first/reference"].samples == data.cases["second/subject"].samples
    assert data.cases["first/subject"].samples != data.cases["second/reference"].samples
    assert data.cases["second/subject"].tags == {"target": "second", "role": "subject"}


def test_each_sample_finds_the_heap_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    timings = _spy_on_interleaved(monkeypatch)
    data, _, _ = _run(tmp_path, monkeypatch, (_target("one", "pure-sieve", "list(range(n))"),))
    (timing,) = timings
    jitter = timing.options.get("before_sample")
    assert isinstance(jitter, HeapJitter)
    assert jitter.held_bytes > 0  # it ran
    assert data.settings["heap_jitter"] == {"smallest": 4096, "largest": 1024 * 1024}


def _long_calls_from_30(
    monkeypatch: pytest.MonkeyPatch, processes: int, short_rounds: int | None = None
) -> None:
    """A full run whose targets from count 30 on get 2 rounds in each of `processes` (and the
    shorter ones `short_rounds` in each, when given)."""
    long_calls = LongCalls(from_count=30, rounds=2, processes=processes, short_rounds=short_rounds)
    monkeypatch.setitem(PLANS, "full", replace(PLANS["full"], targets_long=long_calls))


def _short_and_long() -> tuple[Target, ...]:
    return (
        _target("short", "pure-sieve", "list(range(n))", count=29),
        _target("long", "pure-sieve", "list(range(n))", count=30),
    )


def test_targets_of_long_calls_get_their_fewer_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _long_calls_from_30(monkeypatch, processes=1)
    data, _, _ = _run(tmp_path, monkeypatch, _short_and_long())
    rounds = {key: len(case.samples.seconds) for key, case in data.cases.items()}
    assert rounds == {
        "short/subject": 3,
        "short/reference": 3,
        "long/subject": 2,
        "long/reference": 2,
    }
    assert data.settings["long_calls"] == {"from_count": 30, "rounds": 2, "processes": 1}


def test_long_calls_in_several_processes_get_a_case_per_side_and_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _long_calls_from_30(monkeypatch, processes=2)
    specs = (
        *_short_and_long(),
        # The same sides at the same count: timed together in each process, not again.
        _target("swapped", "list(range(n))", "pure-sieve", count=30),
    )
    data, notes, checker = _run(tmp_path, monkeypatch, specs)
    assert notes == []
    rounds = {key: len(case.samples.seconds) for key, case in data.cases.items()}
    long_cases = {
        f"{key}/{role}/{process}": 2
        for key in ("long", "swapped")
        for role in ("subject", "reference")
        for process in (1, 2)
    }
    assert rounds == {"short/subject": 3, "short/reference": 3, **long_cases}
    assert data.cases["long/subject/2"].tags == {
        "target": "long",
        "role": "subject",
        "process": "2",
    }
    # The same samples serve both targets of a process: pure-sieve's are the subject's of
    # one and the reference's of the other.
    for process in (1, 2):
        subject = data.cases[f"long/subject/{process}"].samples
        assert data.cases[f"swapped/reference/{process}"].samples == subject
    assert data.cases["long/subject/1"].samples != data.cases["long/subject/2"].samples
    # Checked once, in the study's process, before any timing process starts.
    assert checker.asked.count(("pure-sieve", 30)) == 1
    assert data.settings["long_calls"] == {"from_count": 30, "rounds": 2, "processes": 2}


def test_short_rounds_time_every_target_in_the_fresh_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _long_calls_from_30(monkeypatch, processes=2, short_rounds=1)
    timings = _spy_on_interleaved(monkeypatch)
    data, notes, _ = _run(tmp_path, monkeypatch, _short_and_long())
    assert notes == []
    # Nothing is timed in the study's own process: the short count too has a case per side
    # and process, with its own number of rounds.
    assert timings == []
    rounds = {key: len(case.samples.seconds) for key, case in data.cases.items()}
    assert rounds == {
        f"{key}/{role}/{process}": 1 if key == "short" else 2
        for key in ("short", "long")
        for role in ("subject", "reference")
        for process in (1, 2)
    }
    assert data.settings["long_calls"] == {
        "from_count": 30,
        "rounds": 2,
        "processes": 2,
        "short_rounds": 1,
    }


def test_a_timing_process_that_fails_leaves_its_targets_unmeasured_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _long_calls_from_30(monkeypatch, processes=2)

    def failing(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess([], 3, "", "Traceback\nMemoryError: no room\n")

    monkeypatch.setattr(targets.subprocess, "run", failing)
    specs = (_target("long", "pure-sieve", "list(range(n))", count=30),)
    data, notes, _ = _run(tmp_path, monkeypatch, specs)
    assert data.cases == {}
    why = "a timing process failed: MemoryError: no room"
    assert data.settings["targets"]["long"]["not_measured"] == (
        "`pure-sieve, list(range(n))` not timed"
    )
    assert data.settings["unavailable"] == {"pure-sieve, list(range(n))": why}
    assert notes == [f"pure-sieve, list(range(n)): not timed, {why}"]


#: The buffer targets' counts: 10⁵ to every prime below 2³² (π(2³²), OEIS A007053).
TO_2_32 = (100_000, 1_000_000, 10_000_000, 100_000_000, PRIMES_BELOW_2_TO[32])


def test_the_targets_cover_the_whole_u32_range_and_keep_the_earlier_ones() -> None:
    keys = [t.key for t in targets.TARGETS]
    assert len(set(keys)) == len(keys)
    wanted = {
        ("rust-wheel:buffer", "primesieve-c", 1.2): {*TO_2_32},
        ("rust-wheel", "list(range(n))", 1.10): {5_000, 100_000, 1_000_000},
        ("cython-wheel", "rust-wheel", 1.10): {5_000, 100_000, 1_000_000},
        ("cython-wheel:buffer", "rust-wheel:buffer", 1.10): {*TO_2_32},
        ("rust-sieve", "primesieve-c:list", 3.0): {100_000, 1_000_000},
        ("rust-naive", "c-naive-O2", 1.05): {5_000},
        # The verdict's Rust vs Cython pair of the talk's loop, cross-checked with the sweep.
        ("cython-naive", "rust-naive", 1.10): {5_000},
        ("rust-naive-simd", "rust-naive", 1 / 15): {5_000},
        ("rust-sieve", "list(range(n))", 2.0): {5_000},
    }
    found: dict[tuple[str, str, float], set[int]] = {}
    for t in targets.TARGETS:
        found.setdefault((t.subject, t.reference, t.max_ratio), set()).add(t.count)
    assert found == wanted
