"""The PyPy row beside the talk's first table, and the note that replaces it when absent."""

from __future__ import annotations

import json
from pathlib import Path

from hyperfine_entry import hyperfine_entry

from bench.raw.manifest import CommandSpec, HyperfineRecord, Manifest, StudyRecord
from bench.report.document import Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections import talk as talk_section

NO_PYPY = "PyPy: not measured: no pypy3 found (Debian: apt-get install pypy3)"


def _entry(command: str, times: list[float]) -> dict[str, object]:
    return hyperfine_entry(command, times, user=0.01, system=0.001)


def _hyperfine(raw: Path, key: str, runs: list[tuple[CommandSpec, list[float]]]) -> HyperfineRecord:
    record = HyperfineRecord(
        json=f"hyperfine/{key}.json",
        log=f"hyperfine/{key}.log",
        commands=tuple(spec for spec, _ in runs),
    )
    (raw / "hyperfine").mkdir(exist_ok=True)
    results = [_entry(spec.command, times) for spec, times in runs]
    (raw / record.json).write_text(json.dumps({"results": results}))
    (raw / record.log).write_text("")
    return record


def _script(script: str, implementation: str) -> CommandSpec:
    tags = {"kind": "script", "script": script, "implementation": implementation, "count": "5000"}
    return CommandSpec(f"{script} 5000", (f".venv/bin/{script}", "5000"), tags)


def _render(raw: Path, *, pypy: list[float] | None, notes: list[str]) -> list[object]:
    talk = StudyRecord("talk", "talk", notes=notes)
    talk.hyperfine.append(
        _hyperfine(
            raw,
            "talk-pure-vs-rust",
            [
                (_script("primes", "pure-naive"), [0.40, 0.41, 0.42]),
                (_script("primes-fast", "rust-naive"), [0.030, 0.032, 0.034]),
            ],
        )
    )
    if pypy is not None:
        spec = CommandSpec(
            "pypy3 -m primes.cli 5000",
            ("env", "PYTHONPATH=pure", "/usr/bin/pypy3", "-m", "primes.cli", "5000"),
            {"kind": "pypy", "script": "primes", "interpreter": "PyPy 7.3.11 (Python 3.9.16)"},
        )
        talk.hyperfine.append(_hyperfine(raw, "talk-pypy", [(spec, pypy)]))
    Manifest(mode="quick", studies={"talk": talk}).write(raw)
    return list(talk_section.render(RawRun(raw)))


def _text(blocks: list[object]) -> str:
    return " ".join(block.text for block in blocks if isinstance(block, Paragraph))


def test_pypy_gets_a_row_in_the_pure_scripts_column(tmp_path: Path) -> None:
    blocks = _render(tmp_path, pypy=[0.08, 0.096, 0.112], notes=[])
    first = next(block for block in blocks if isinstance(block, Table))
    row = first.rows[-1]
    # Mean 96 ms, σ 16 ms; the ratio column is PyPy ÷ primes-fast's 32 ± 2 ms: 3.00, with
    # σ = 3 · sqrt((16/96)² + (2/32)²) = 0.53.
    assert row == ("PyPy (not in the talk): mean ± σ", "96.0 ± 16.0 ms", "–", "3.00 ± 0.53")
    text = _text(blocks)
    assert "under PyPy 7.3.11 (Python 3.9.16), in 96.0 ms (median of 3 runs)" in text
    # Medians: CPython 410 ms ÷ PyPy 96 ms = 4.27; PyPy 96 ms ÷ primes-fast 32 ms = 3.00.
    assert "4.27 (95% CI" in text and "times faster than CPython's `primes 5000`" in text
    assert "3.00 (95% CI" in text and "times slower than `primes-fast 5000`" in text
    # Only the table with the pure script's column has the row.
    second = [block for block in blocks if isinstance(block, Table)][1:]
    assert all("PyPy" not in row[0] for table in second for row in table.rows)


def test_without_pypy_the_studys_note_is_shown(tmp_path: Path) -> None:
    blocks = _render(tmp_path, pypy=None, notes=["something else", NO_PYPY])
    first = next(block for block in blocks if isinstance(block, Table))
    assert all("PyPy" not in row[0] for row in first.rows)
    assert NO_PYPY in _text(blocks)


def test_a_run_that_says_nothing_of_pypy_is_not_silent(tmp_path: Path) -> None:
    text = _text(_render(tmp_path, pypy=None, notes=[]))
    assert "PyPy: not measured in this run" in text
