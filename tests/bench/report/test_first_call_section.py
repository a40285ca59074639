"""The first-call section on made-up raw data whose answers are worked out here by hand."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from bench.raw.first_call import FirstCallFile, Implementation, Process, Settings
from bench.raw.manifest import Manifest
from bench.report.document import Paragraph, Table
from bench.report.findings.first_call import calls_to_overtake
from bench.report.rawrun import RawRun
from bench.report.sections import first_call
from bench.report.terminal import print_blocks

SETTINGS = Settings(rounds=5, steady_min_calls=3, steady_min_seconds=0.1, steady_max_calls=50)


def _processes(imports: list[float], firsts: list[float], steady: float) -> tuple[Process, ...]:
    return tuple(
        Process(import_seconds=i, first_call=f, steady=(steady, steady * 2, steady))
        for i, f in zip(imports, firsts, strict=True)
    )


def _pure(first: float = 0.5, steady: float = 0.4) -> Implementation:
    return Implementation(
        language="pure",
        algorithm="naive",
        module="primes.naive",
        processes=_processes([0.001] * 5, [first] * 5, steady),
    )


def _numba(cold_first: float, warm_first: float, steady: float = 0.01) -> Implementation:
    return Implementation(
        language="numba",
        algorithm="naive",
        module="primes.numba_naive",
        jit=True,
        processes=_processes([0.1, 0.2, 0.3, 0.4, 0.5], [warm_first] * 5, steady),
        cold=_processes([0.3] * 5, [cold_first] * 5, steady),
    )


def _render(
    tmp_path: Path, implementations: dict[str, Implementation], jit_registered: list[str]
) -> tuple[Table, str]:
    Manifest(mode="quick", argv=[], started_utc="now").write(tmp_path)
    FirstCallFile(
        count=5000,
        settings=SETTINGS,
        jit_registered=jit_registered,
        implementations=implementations,
    ).write(tmp_path)
    blocks = first_call.render(RawRun(tmp_path))
    table = next(block for block in blocks if isinstance(block, Table))
    text = " ".join(block.text for block in blocks if isinstance(block, Paragraph))
    return table, text


def test_cells_are_medians_with_half_the_interquartile_range(tmp_path: Path) -> None:
    table, _ = _render(tmp_path, {"numba-naive": _numba(1.0, 0.2)}, ["numba-naive"])
    warm, cold = table.rows
    # Imports 0.1..0.5 s: median 0.3 s; quartiles 0.2 and 0.4 s, half the range is 0.1 s = 33%.
    # Each process's steady calls are (s, 2s, s): its median is s = 10 ms, the same in all.
    assert warm == ("numba-naive", "300 ms (±33%)", "200 ms (±0%)", "10.0 ms (±0%)")
    assert cold == (first_call.EMPTY_CACHE_ROW, "300 ms (±0%)", "1.00 s (±0%)", "10.0 ms (±0%)")


def test_the_jit_sentence_follows_its_numbers(tmp_path: Path) -> None:
    # Most of an empty-cache first call is compilation: 1.0 s against 0.2 s with the cache.
    _, text = _render(tmp_path, {"numba-naive": _numba(1.0, 0.2)}, ["numba-naive"])
    assert "first call in a process with an empty cache takes 1.0 s, 100.0x its steady" in text
    assert "most of it is compilation: 800.0 ms" in text
    assert "its first call takes 200.0 ms, 20.0x its steady-state call" in text

    # Compilation a minority of it.
    _, text = _render(tmp_path, {"numba-naive": _numba(1.0, 0.7)}, ["numba-naive"])
    assert "of which compilation is 300.0 ms" in text

    # No faster with the cache: nothing to attribute to compilation.
    _, text = _render(tmp_path, {"numba-naive": _numba(0.0105, 0.0105)}, ["numba-naive"])
    assert "compiling costs nothing measurable" in text
    assert "about as long as its steady-state call" in text


def test_the_jit_is_set_against_pure_python_of_the_same_algorithm(tmp_path: Path) -> None:
    # Import + first call: numba 0.3 + 1.0 = 1.3 s (empty cache), 0.3 + 0.2 = 0.5 s (cached);
    # pure 0.001 + 0.5 = 0.501 s. Per later call: numba 10 ms, pure 400 ms.
    implementations = {"pure-naive": _pure(), "numba-naive": _numba(1.0, 0.2)}
    _, text = _render(tmp_path, implementations, ["numba-naive"])
    assert "with an empty cache it pays 1.3 s and overtakes `pure-naive` at call 4" in text
    assert "with a warm cache it pays 500.0 ms and is ahead of `pure-naive` from the first" in text


@pytest.mark.parametrize(
    ("jit_once", "jit_steady", "pure_once", "pure_steady"),
    [(1.3, 0.01, 0.501, 0.4), (5.0, 0.1, 0.2, 0.11), (0.1, 1, 0.2, 0.5), (1.0, 0.5, 0.5, 0.5)],
)
def test_calls_to_overtake_matches_counting_call_by_call(
    jit_once: float, jit_steady: float, pure_once: float, pure_steady: float
) -> None:
    expected = None
    for calls in range(1, 10_000):
        if jit_once + (calls - 1) * jit_steady < pure_once + (calls - 1) * pure_steady:
            expected = calls
            break
    assert calls_to_overtake(jit_once, jit_steady, pure_once, pure_steady) == expected


def test_without_a_jit_the_section_says_why(tmp_path: Path) -> None:
    _, text = _render(tmp_path, {"pure-naive": _pure()}, [])
    assert "No implementation in the registry compiles at its first call" in text
    _, text = _render(tmp_path, {"pure-naive": _pure()}, ["numba-naive"])
    assert "The registry's JIT implementations (`numba-naive`) were not measured" in text


def test_the_furthest_first_call_and_slowest_import_are_named(tmp_path: Path) -> None:
    slow_start = Implementation(
        language="cython",
        algorithm="naive",
        module="primes_cython.naive",
        processes=_processes([0.002] * 5, [0.03] * 5, 0.01),
    )
    _, text = _render(tmp_path, {"pure-naive": _pure(), "cython-naive": slow_start}, [])
    assert "within 10% of the steady-state call for 0 of 2 implementations" in text
    assert "the furthest is `cython-naive`, whose first call takes 3.00x" in text
    assert (
        "The slowest import is `cython-naive`'s: `import primes_cython.naive` takes 2.0 ms" in text
    )


def test_the_table_fits_80_columns_with_the_longest_name(tmp_path: Path) -> None:
    worst = _processes([0.1, 0.5, 1.0, 2.0, 40.0], [0.9996] * 5, 0.0999)
    untyped = Implementation(
        language="cython", algorithm="naive", module="m", processes=worst, cold=worst
    )
    Manifest(mode="quick", argv=[], started_utc="now").write(tmp_path)
    FirstCallFile(
        count=5000, settings=SETTINGS, implementations={"cython-untyped-naive": untyped}
    ).write(tmp_path)
    out = io.StringIO()
    table = [b for b in first_call.render(RawRun(tmp_path)) if isinstance(b, Table)]
    # Rendered wider than needed: the table takes its natural width, nothing is wrapped.
    print_blocks(Console(file=out, width=200), table)
    lines = out.getvalue().splitlines()
    assert "cython-untyped-naive" in out.getvalue()
    assert max(len(line) for line in lines) <= 80


def test_an_absent_study_is_said(tmp_path: Path) -> None:
    Manifest(mode="quick", argv=[], started_utc="now").write(tmp_path)
    text = " ".join(b.text for b in first_call.render(RawRun(tmp_path)) if isinstance(b, Paragraph))
    assert "Not measured in this run" in text
