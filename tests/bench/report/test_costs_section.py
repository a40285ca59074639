"""The costs section on made-up raw files: each figure recomputed here from what the files hold,
its table whole in 80 columns, and every missing figure said with its reason."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from rich.console import Console

from bench.raw import layout
from bench.raw.costs import (
    Build,
    CostsFile,
    Extension,
    Group,
    SourceCount,
    SourceFile,
    Timing,
    Tool,
)
from bench.raw.manifest import CommandSpec, HyperfineRecord, Manifest, StudyRecord
from bench.report.document import Block, BulletList, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections import costs
from bench.report.terminal import print_blocks

PY = ".venv/bin/python"
#: Seconds of each start-up command, by label.
STARTUP = {
    "python -c pass": [0.010, 0.011, 0.012],
    # 105.7 ms, as a loaded machine measured it: the widest import cell the table must fit.
    "python -c 'import primes._lib'": [0.1157, 0.1167, 0.1177],
    "python -c 'import primes_cython.naive'": [0.0122, 0.0132, 0.0142],
    "python -c 'import primes.naive'": [0.0150, 0.0160, 0.0170],
}
RUST_COLD = (21.0, 19.0)
RUST_COLD_CPU = (18.0, 17.5)
RUST_REBUILD = (11.0, 13.0, 12.5)
RUST_REBUILD_CPU = (5.0, 5.5, 5.2)


def _costs(*, quick: bool = False) -> CostsFile:
    timings = {
        "cold": None if quick else Timing(RUST_COLD, RUST_COLD_CPU),
        "incremental": None if quick else Timing(RUST_REBUILD, RUST_REBUILD_CPU),
    }
    return CostsFile(
        quick=quick,
        counter="pygount 3.2.0",
        rule="each algorithm's own file",
        groups=(
            Group("pure", "pure Python", ("pure-naive",), (Tool("Python", "3.11.7"),)),
            Group(
                "cython",
                "Cython",
                ("cython-naive", "cython-untyped-naive"),
                (Tool("C compiler", "gcc 12.2.0"), Tool("Cython", None, "not installed")),
            ),
            Group("rust", "Rust", ("rust-naive", "rust-trial"), (Tool("rustc", "1.95.0"),)),
        ),
        sources=(
            SourceCount("pure", "shared", "pure", (SourceFile("contract.py", 51),)),
            SourceCount("pure-naive", "implementation", "pure", (SourceFile("naive.py", 15),)),
            SourceCount(
                "cython", "shared", "cython", (SourceFile("a.pxd", 50), SourceFile("s", 28))
            ),
            SourceCount("cython-naive", "implementation", "cython", (SourceFile("n.pyx", 37),)),
            SourceCount(
                "cython-untyped-naive",
                "implementation",
                "cython",
                (SourceFile("u.py", problem="not found"),),
                registered=False,
            ),
            SourceCount("rust", "shared", "rust", (SourceFile("lib.rs", 198),)),
            SourceCount("rust-naive", "implementation", "rust", (SourceFile("naive.rs", 20),)),
            SourceCount("rust-trial", "implementation", "rust", (SourceFile("trial.rs", 1_029),)),
        ),
        builds=(
            Build(
                group="cython",
                title="setuptools + Cython",
                command=("python", "-m", "pip", "wheel", "."),
                directory="cython",
                copied=("cython",),
                touched="cython/naive.pyx",
                problem=(
                    "not measured in a quick run (make bench measures it)"
                    if quick
                    else "build failed: exit status 1: error: no compiler"
                ),
            ),
            Build(
                group="rust",
                title="maturin",
                command=("python", "-m", "pip", "wheel", "."),
                directory=".",
                copied=("rust",),
                touched="rust/core/src/naive.rs",
                wheel_bytes=241_470,
                **timings,  # type: ignore[arg-type]
                **({"problem": "not measured in a quick run"} if quick else {}),  # type: ignore[arg-type]
            ),
        ),
        extensions=(
            Extension("primes.naive", "pure", ("pure-naive",), "primes/naive.py"),
            Extension(
                "primes_cython.naive", "cython", ("cython-naive",), "n.so", 1_225_464, 219_528
            ),
            Extension("primes._lib", "rust", ("rust-naive", "rust-trial"), "_lib.so", 473_280),
        ),
    )


def _raw(tmp_path: Path, data: CostsFile, *, startup: bool = True) -> RawRun:
    raw = tmp_path / "raw"
    (raw / "hyperfine").mkdir(parents=True)
    studies = {layout.COSTS: StudyRecord(layout.COSTS, "costs", files=[layout.COSTS_JSON])}
    data.write(raw)
    if startup:
        specs = [CommandSpec("python -c pass", (PY, "-c", "pass"), {"kind": "interpreter"})]
        for module in ("primes._lib", "primes_cython.naive", "primes.naive"):
            specs.append(
                CommandSpec(
                    f"python -c 'import {module}'",
                    (PY, "-c", f"import {module}"),
                    {"kind": "import", "module": module, "implementations": "x"},
                )
            )
        record = HyperfineRecord(
            json=layout.hyperfine_json(layout.STARTUP),
            log=layout.hyperfine_log(layout.STARTUP),
            commands=tuple(specs),
        )
        results = [
            {
                "command": spec.command,
                "mean": statistics.mean(STARTUP[spec.label]),
                "stddev": statistics.stdev(STARTUP[spec.label]),
                "median": statistics.median(STARTUP[spec.label]),
                "user": 0.01,
                "system": 0.0,
                "min": min(STARTUP[spec.label]),
                "max": max(STARTUP[spec.label]),
                "times": STARTUP[spec.label],
                "exit_codes": [0] * 3,
            }
            for spec in specs
        ]
        (raw / record.json).write_text(json.dumps({"results": results}))
        (raw / record.log).write_text("")
        studies[layout.STARTUP] = StudyRecord(layout.STARTUP, "startup", hyperfine=[record])
    Manifest(mode="quick" if data.quick else "full", studies=studies).write(raw)
    return RawRun(raw)


def _table(blocks: list[Block]) -> dict[str, tuple[str, ...]]:
    table = next(b for b in blocks if isinstance(b, Table) and b.header == costs.HEADER)
    return {row[0]: row[1:] for row in table.rows}


def _text(blocks: list[Block]) -> str:
    return "\n".join(
        [b.text for b in blocks if isinstance(b, Paragraph)]
        + [item for b in blocks if isinstance(b, BulletList) for item in b.items]
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def test_each_row_holds_its_figures(tmp_path: Path) -> None:
    blocks = costs.render(_raw(tmp_path, _costs()))
    rows = _table(blocks)
    base = statistics.median(STARTUP["python -c pass"])
    rust_import = statistics.median(STARTUP["python -c 'import primes._lib'"]) - base
    cython_import = statistics.median(STARTUP["python -c 'import primes_cython.naive'"]) - base
    pure_import = statistics.median(STARTUP["python -c 'import primes.naive'"]) - base
    assert rows["**pure Python**"] == ("51", "–", "–", "none", "none")
    assert rows["pure-naive"] == ("15", "–", _ms(pure_import), "", "")
    # Cython: one .so per implementation, on its row; the failed build has no figure.
    assert rows["**Cython**"] == ("78", "1.17 MiB", "–", "–", "–")
    assert rows["cython-naive"] == ("37", "1.17 MiB", _ms(cython_import), "", "")
    assert rows["cython-untyped-naive"] == ("missing", "–", "–", "", "")
    # Rust: one .so for both implementations, so its size and import are the group's.
    cold, rebuild = statistics.median(RUST_COLD_CPU), statistics.median(RUST_REBUILD_CPU)
    assert rows["**Rust**"] == (
        "198",
        "462 KiB",
        _ms(rust_import),
        f"{cold:.1f} s",
        f"{rebuild:.1f} s",
    )
    assert rows["rust-trial"] == ("1,029", "–", "–", "", "")
    text = _text(blocks)
    assert "Cython build: build failed: exit status 1: error: no compiler" in text
    assert "`cython-untyped-naive`: u.py: not found; not in the registry yet" in text
    assert "`rust/core/src/naive.rs`" in text  # what the rebuild touched
    assert "pygount 3.2.0" in text
    assert "Which files count: each algorithm's own file." in text
    assert "median CPU time" in text and "of 2 cold builds and 3 rebuilds" in text


def test_build_details_sizes_and_toolchains(tmp_path: Path) -> None:
    blocks = costs.render(_raw(tmp_path, _costs()))
    tables = {b.header: b.rows for b in blocks if isinstance(b, Table)}
    builds = tables[costs.BUILD_HEADER]
    assert builds == (
        ("Rust", "cold", "17.8 s", "17.5–18.0 s", "20.0 s", "19.0–21.0 s"),
        ("Rust", "rebuild", "5.2 s", "5.0–5.5 s", "12.5 s", "11.0–13.0 s"),
    )
    sizes = tables[("module", "implementations", "installed", "no debug info")]
    assert ("`primes_cython.naive`", "cython-naive", "1.17 MiB", "214 KiB") in sizes
    assert ("`primes._lib`", "rust-naive, rust-trial", "462 KiB", "–") in sizes
    tools = {row[0]: row[1] for row in tables[("group", "needs")]}
    assert tools["Cython"] == "C compiler gcc 12.2.0, Cython (not found)"
    assert tools["Rust"] == "rustc 1.95.0"


def test_a_quick_run_says_builds_were_not_measured(tmp_path: Path) -> None:
    blocks = costs.render(_raw(tmp_path, _costs(quick=True), startup=False))
    rows = _table(blocks)
    assert rows["**Rust**"][2:] == ("–", "–", "–")
    text = _text(blocks)
    assert "not measured in a quick run (`make bench` measures them)" in text
    assert "start-up study, which did not run" in text
    assert "build failed" not in text


def test_the_table_fits_80_columns_whole(tmp_path: Path) -> None:
    console = Console(width=80, record=True, color_system=None)
    print_blocks(console, costs.render(_raw(tmp_path, _costs())))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    table = [line for line in lines if line.startswith("│")]
    assert any("cython-untyped-naive" in line for line in table)  # the longest name, whole
    assert not any("…" in line for line in table)


def test_no_costs_file_says_how_to_measure_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    Manifest(mode="full").write(raw)
    blocks = costs.render(RawRun(raw))
    assert "--study costs" in _text(blocks)


def test_one_build_of_each_kind_has_no_range_and_is_named_in_words() -> None:
    assert costs._range([42.4]) == "–"
    assert costs._range([13.6, 14.3]) == "13.6–14.3 s"
    assert costs._builds([1], "cold build") == "one cold build"
    assert costs._builds([1, 2], "rebuild") == "1 or 2 rebuilds"
