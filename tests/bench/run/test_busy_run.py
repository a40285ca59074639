"""A real quick run on a machine kept busy on purpose (`yes > /dev/null`, one per core): the
verdict says the machine was busy and no impossible figure reaches REPORT.md.

Minutes of hyperfine on a loaded machine, so it runs only when asked: BENCH_BUSY_RUN=1, with
the pinned hyperfine built (`make hyperfine`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from impossible_figures import impossible

import optional_tools
from bench import paths

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("BENCH_BUSY_RUN") != "1", reason="a minutes-long run: BENCH_BUSY_RUN=1"
    ),
    optional_tools.needs("hyperfine", optional_tools.hyperfine()),
]


@pytest.fixture
def busy_loops() -> Iterator[None]:
    loops = [
        subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def test_a_busy_quick_run_says_so_and_prints_nothing_impossible(
    tmp_path: Path, busy_loops: None
) -> None:
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--study", "startup", "--study", "split",
         "--study", "talk", "--study", "sweep", "--impl", "pure-naive", "--impl", "rust-naive",
         "--impl", "cython-naive", "--hyperfine", str(paths.HYPERFINE), "--out", str(out)],
        cwd=paths.REPO, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = (out / "REPORT.md").read_text()
    assert "**Busy machine.**" in report.split("\n## ")[0]
    assert "Busy machine." in " ".join(done.stderr.split())
    assert impossible(report) == []
