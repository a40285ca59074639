"""`costs.json`: written, read back, refused with the file's name when it is not one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.raw import costs, layout
from bench.raw.costs import (
    Build,
    CostsFile,
    CostsFormatError,
    Extension,
    Group,
    SourceCount,
    SourceFile,
    Timing,
    Tool,
)


def sample() -> CostsFile:
    return CostsFile(
        quick=False,
        counter="pygount 3.2.0",
        rule="one file each",
        groups=(Group("rust", "Rust", ("rust-naive",), (Tool("rustc", "1.95.0"),)),),
        sources=(
            SourceCount("rust", "shared", "rust", (SourceFile("a.rs", 10), SourceFile("b.rs", 5))),
            SourceCount("rust-naive", "implementation", "rust", (SourceFile("n.rs", 20, "1"),)),
            SourceCount("rust-x", "implementation", "rust", (SourceFile("x.rs", problem="gone"),)),
        ),
        builds=(
            Build(
                group="rust",
                title="maturin",
                command=("python", "-m", "pip", "wheel", "."),
                directory=".",
                copied=("rust",),
                touched="n.rs",
                cold=Timing((20.0, 22.0), (18.0, 19.0)),
                incremental=Timing((11.0,), (5.0,)),
                wheel_bytes=241_000,
            ),
        ),
        extensions=(Extension("primes._lib", "rust", ("rust-naive",), "primes/_lib.so", 9, 8),),
    )


def test_a_costs_file_reads_back_as_written(tmp_path: Path) -> None:
    path = sample().write(tmp_path)
    assert path == tmp_path / layout.COSTS_JSON
    assert costs.read(path) == sample()
    assert costs.read_if_present(tmp_path) == sample()


def test_a_source_count_adds_its_files_or_says_which_is_missing() -> None:
    shared, own, missing = sample().sources
    assert (shared.code, shared.problem) == (15, None)
    assert (own.code, own.problem) == (20, None)
    assert (missing.code, missing.problem) == (None, "x.rs: gone")
    assert SourceCount("y", "implementation", "g").problem == "no source files listed"


def test_no_costs_file_is_none(tmp_path: Path) -> None:
    assert costs.read_if_present(tmp_path) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format=2), "format 2 is not 1"),
        (lambda d: d["builds"][0]["cold"].update(wall=[]), "Expected `array` of length >= 1"),
        (lambda d: d["builds"][0]["cold"].update(wall=[0.0]), "Expected `float` >= 1e-12"),
        (lambda d: d["sources"][0].update(kind="other"), "Invalid enum value 'other'"),
        (lambda d: d["sources"][0]["files"][0].update(code=-1), "Expected `int` >= 0"),
        (lambda d: d.pop("groups"), "Object missing required field `groups`"),
    ],
)
def test_a_damaged_costs_file_is_refused_with_its_name(
    tmp_path: Path, change: object, message: str
) -> None:
    path = sample().write(tmp_path)
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    with pytest.raises(CostsFormatError) as caught:
        costs.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
