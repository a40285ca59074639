"""`python -m bench.compare`'s parts, and a machine's own report beside the reference; the
merge of several machines as a whole is in test_merge.py. The runs are copies of the published
one with a machine's cores or timings changed here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import paths
from bench.compare import table
from bench.raw import layout
from bench.report import markdown

PUBLISHED = paths.REFERENCE / "raw"
pytestmark = pytest.mark.skipif(
    not (PUBLISHED / layout.MANIFEST).exists(), reason="no published results/reference/raw"
)


def _run(root: Path, name: str, change_env: dict[str, Any] | None = None) -> Path:
    run = root / name
    shutil.copytree(PUBLISHED, run / "raw")
    if change_env:
        path = run / "raw" / layout.ENVIRONMENT
        env = json.loads(path.read_text())
        env["cpu"].update(change_env)
        path.write_text(json.dumps(env))
    return run


def _slow_wheel(run: Path, factor: float) -> None:
    path = run / "raw" / layout.SWEEP_JSON
    data = json.loads(path.read_text())
    for bench in data["benchmarks"]:
        if bench["params"] == {"name": "cython-wheel", "count": 5000}:
            stats = bench["stats"]
            for field in ("min", "max", "mean", "stddev", "median", "q1", "q3", "iqr"):
                stats[field] *= factor
            stats["data"] = [value * factor for value in stats["data"]]
    path.write_text(json.dumps(data))


def test_bad_usage_or_a_directory_without_a_run_is_one_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench.compare"]
    once = subprocess.run([*command, "--nonsense"], capture_output=True, text=True)
    assert once.returncode == 2 and "unrecognized arguments: --nonsense" in once.stderr
    run = _run(tmp_path, "a")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run([*command, str(run), str(empty)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == f"compare: {empty} holds no run (no raw/manifest.json in it)\n"


def test_hold_needs_every_pair_to_overlap() -> None:
    from bench.report.stats import Ratio

    assert table.hold([Ratio(1.0, low=0.99, high=1.01), Ratio(1.04, low=1.03, high=1.05)]) == (
        "every machine"
    )
    assert table.hold([Ratio(1.0, low=0.99, high=1.01), Ratio(2.1, low=2.0, high=2.2)]) == (
        "**depends on the machine**"
    )
    assert table.hold([Ratio(1.0), None]) == "not on enough machines"


def test_a_machines_report_shows_the_reference_beside_its_own_figures(tmp_path: Path) -> None:
    from bench.report.rawrun import RawRun
    from bench.report.sections import beside

    run = _run(tmp_path, "mine", {"usable_cores": 1})
    _slow_wheel(run, 2.0)
    mine = RawRun(run / "raw", report_dir=paths.MACHINES / "amd-epyc-1c-linux-x86_64-py3.11")
    text = markdown.render(beside.render(mine))
    assert (
        "This run (`amd-epyc-1c-linux-x86_64-py3.11`: one core of amd-epyc-2c-linux-x86_64-py3.11"
        " (taskset), a stand-in for a second machine) beside the published reference" in text
    )
    wheel = next(line for line in text.splitlines() if line.startswith("| cython-wheel ÷"))
    naive = next(line for line in text.splitlines() if line.startswith("| cython-naive ÷"))
    assert wheel.endswith("| **differ** |") and naive.endswith("| agree |")
    # Elsewhere (the reference itself, a scratch or --out run): no such section.
    assert beside.render(RawRun(run / "raw", report_dir=tmp_path)) == []
    assert beside.render(RawRun(PUBLISHED)) == []
