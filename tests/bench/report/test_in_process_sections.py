"""The report sections of the in-process studies (boundary, threads), on synthetic samples
whose answers are known. The targets section has its own file."""

from __future__ import annotations

from pathlib import Path

from bench.raw import layout
from bench.raw.manifest import Kind, Manifest
from bench.raw.samples import Samples, SamplesFile
from bench.report.document import Table
from bench.report.rawrun import RawRun
from bench.report.sections import boundary as boundary_section
from bench.report.sections import threads as threads_section
from primes.registry import implementations


def _run(tmp_path: Path, *files: SamplesFile) -> RawRun:
    kinds = {impl.name: Kind(impl.language, impl.algorithm) for impl in implementations()}
    Manifest(mode="quick", argv=[], started_utc="now", kinds=kinds).write(tmp_path)
    for data in files:
        data.write(tmp_path / f"{data.study}.json")
    return RawRun(tmp_path)


def _table(blocks: list[object]) -> Table:
    return next(block for block in blocks if isinstance(block, Table))


def test_thread_scaling_is_twice_one_over_two(tmp_path: Path) -> None:
    data = SamplesFile(layout.THREADS, {"count": 5000, "threads": 2})
    # Parallel: two threads take as long per call as one. Serialised: twice as long.
    data.add("rust-naive/1", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="1")
    data.add("rust-naive/2", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="2")
    data.add("pure-naive/1", Samples(1, (0.4,) * 5), implementation="pure-naive", threads="1")
    data.add("pure-naive/2", Samples(1, (0.8,) * 5), implementation="pure-naive", threads="2")
    rows = {row[0]: row for row in _table(threads_section.render(_run(tmp_path, data))).rows}
    assert rows["`rust-naive`"][1].startswith("2.00")
    assert rows["`pure-naive`"][1].startswith("1.00")


def test_list_cost_per_element_is_list_minus_array(tmp_path: Path) -> None:
    data = SamplesFile(layout.BOUNDARY)
    for name, at_zero, at_one in (
        ("rust-naive", 300e-9, 400e-9),
        ("python-function", 100e-9, 100e-9),
    ):
        for count, seconds in (("0", at_zero), ("1", at_one)):
            data.add(
                f"call/{name}/{count}",
                Samples(1, (seconds,)),
                kind="call",
                implementation=name,
                count=count,
            )
    data.add("list/1000", Samples(1, (60e-6,)), kind="list", count="1000")
    data.add("array/1000", Samples(1, (20e-6,)), kind="array", count="1000")
    data.add("floor/1000", Samples(1, (25e-6,)), kind="floor", count="1000")
    tables = [b for b in boundary_section.render(_run(tmp_path, data)) if isinstance(b, Table)]
    per_call = {row[0]: row for row in tables[0].rows}
    assert per_call["`rust-naive`"][1:] == ("300.0 ns", "400.0 ns", "3.00x")
    (row,) = tables[1].rows
    assert row == ("1,000", "60.0 µs", "20.0 µs", "40.0 ns", "25.0 ns", "67%")
