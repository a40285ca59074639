"""The in-process timer, its raw files, and the report sections that read them (issue 5,
"where the time goes"), on synthetic samples whose answers are known."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.inprocess import Samples, calibrate, interleaved
from bench.raw.manifest import Manifest
from bench.raw.samples import SamplesFile, SamplesFormatError
from bench.report.document import Table
from bench.report.rawrun import RawRun
from bench.report.sections import boundary as boundary_section
from bench.report.sections import targets as targets_section
from bench.report.sections import threads as threads_section
from bench.studies import boundary, targets, threads


def test_calibration_gives_slow_cases_fewer_loops() -> None:
    fast = calibrate(lambda: None, 0.005)
    slow = calibrate(lambda: time.sleep(0.001), 0.005)
    assert fast > 100 * slow
    assert 1 <= slow <= 10


def test_interleaved_times_every_case_once_per_round() -> None:
    calls = {"a": 0, "b": 0}

    def case(name: str) -> None:
        calls[name] += 1

    timed = interleaved({"a": lambda: case("a"), "b": lambda: case("b")}, rounds=4, target=0.001)
    assert set(timed) == {"a", "b"}
    for samples in timed.values():
        assert len(samples.seconds) == 4
        assert all(seconds > 0 for seconds in samples.seconds)


def test_samples_round_trip(tmp_path: Path) -> None:
    data = SamplesFile("threads", {"count": 5000})
    data.add("rust-naive/1", Samples(3, (0.1, 0.2)), implementation="rust-naive", threads="1")
    data.write(tmp_path / "x.json")
    again = SamplesFile.read(tmp_path / "x.json")
    assert again.settings == {"count": 5000}
    assert again.select(threads="1")[0].samples == Samples(3, (0.1, 0.2))


@pytest.mark.parametrize("text", ["not json", '{"format": 99}', '{"format": 1, "study": "x"}'])
def test_bad_samples_files_are_clear_errors(tmp_path: Path, text: str) -> None:
    (tmp_path / "x.json").write_text(text)
    with pytest.raises(SamplesFormatError):
        SamplesFile.read(tmp_path / "x.json")


def _run(tmp_path: Path, *files: SamplesFile) -> RawRun:
    Manifest(mode="quick", argv=[], started_utc="now").write(tmp_path)
    for data in files:
        data.write(tmp_path / f"{data.study}.json")
    return RawRun(tmp_path)


def _table(blocks: list[object]) -> Table:
    return next(block for block in blocks if isinstance(block, Table))


def test_thread_scaling_is_twice_one_over_two(tmp_path: Path) -> None:
    data = SamplesFile(threads.FILENAME.removesuffix(".json"), {"count": 5000})
    # Parallel: two threads take as long per call as one. Serialised: twice as long.
    data.add("rust-naive/1", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="1")
    data.add("rust-naive/2", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="2")
    data.add("pure-naive/1", Samples(1, (0.4,) * 5), implementation="pure-naive", threads="1")
    data.add("pure-naive/2", Samples(1, (0.8,) * 5), implementation="pure-naive", threads="2")
    rows = {row[0]: row for row in _table(threads_section.render(_run(tmp_path, data))).rows}
    assert rows["`rust-naive`"][3].startswith("2.00")
    assert rows["`pure-naive`"][3].startswith("1.00")


def test_list_cost_per_element_is_list_minus_array(tmp_path: Path) -> None:
    data = SamplesFile(boundary.FILENAME.removesuffix(".json"))
    data.add(
        "call/rust-naive/0",
        Samples(1, (300e-9,)),
        kind="call",
        implementation="rust-naive",
        count="0",
    )
    data.add(
        "call/rust-naive/1",
        Samples(1, (400e-9,)),
        kind="call",
        implementation="rust-naive",
        count="1",
    )
    data.add(
        "call/python-function/0",
        Samples(1, (100e-9,)),
        kind="call",
        implementation="python-function",
        count="0",
    )
    data.add(
        "call/python-function/1",
        Samples(1, (100e-9,)),
        kind="call",
        implementation="python-function",
        count="1",
    )
    data.add("list/1000", Samples(1, (60e-6,)), kind="list", count="1000")
    data.add("array/1000", Samples(1, (20e-6,)), kind="array", count="1000")
    data.add("floor/1000", Samples(1, (25e-6,)), kind="floor", count="1000")
    tables = [b for b in boundary_section.render(_run(tmp_path, data)) if isinstance(b, Table)]
    per_call = {row[0]: row for row in tables[0].rows}
    assert per_call["`rust-naive`"][1:] == ("300.0 ns", "400.0 ns", "3.00x")
    (row,) = tables[1].rows
    assert row == ("1,000", "60.0 µs", "20.0 µs", "40.0 ns", "25.0 ns", "67%")


def test_targets_are_judged_against_their_limit(tmp_path: Path) -> None:
    specs = {
        "fast-enough": {
            "goal": "a",
            "subject": "x",
            "reference": "y",
            "count": 10,
            "max_ratio": 2.0,
        },
        "too-slow": {"goal": "b", "subject": "x", "reference": "y", "count": 10, "max_ratio": 1.05},
        "absent": {"goal": "c", "subject": "x", "reference": "z", "count": 10, "max_ratio": 1.0},
    }
    data = SamplesFile(targets.FILENAME.removesuffix(".json"), {"targets": specs})
    for key in ("fast-enough", "too-slow"):
        data.add(f"{key}/subject", Samples(1, (1.5,) * 5), target=key, role="subject")
        data.add(f"{key}/reference", Samples(1, (1.0,) * 5), target=key, role="reference")
    rows = {row[0]: row for row in _table(targets_section.render(_run(tmp_path, data))).rows}
    assert rows["a"][-1] == "met"
    assert rows["b"][-1] == "missed: 43% over"
    assert rows["c"][-1] == "not measured"
