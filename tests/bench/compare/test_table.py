"""`python -m bench.compare`'s parts, and a machine's own report beside the reference; the
merge of several machines as a whole is in test_merge.py. The runs are made up
(`fake_run.quiet`), with a machine's cores or timings changed here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fake_run import quiet, run_folder

from bench import paths
from bench.report import markdown
from bench.report.sections.beside import hold


def test_bad_usage_or_a_directory_without_a_run_is_one_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench.compare"]
    once = subprocess.run([*command, "--nonsense"], capture_output=True, text=True)
    assert once.returncode == 2 and "unrecognized arguments: --nonsense" in once.stderr
    run = run_folder(tmp_path / "a")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run([*command, str(run), str(empty)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == f"compare: {empty} holds no run (no raw/manifest.json in it)\n"


def test_hold_needs_every_pair_to_overlap() -> None:
    from bench.report.stats import Ratio

    assert hold([Ratio(1.0, low=0.99, high=1.01), Ratio(1.04, low=1.03, high=1.05)]) == (
        "every machine"
    )
    assert hold([Ratio(1.0, low=0.99, high=1.01), Ratio(2.1, low=2.0, high=2.2)]) == (
        "**depends on the machine**"
    )
    assert hold([Ratio(1.0), None]) == "not on enough machines"


def test_a_machines_report_shows_the_reference_beside_its_own_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.report.rawrun import RawRun
    from bench.report.sections import beside

    reference = run_folder(tmp_path / "reference")
    monkeypatch.setattr(paths, "REFERENCE", reference)
    one_core = quiet()
    assert one_core.environment is not None
    one_core.environment["cpu"]["usable_cores"] = 1
    one_core.in_process["cython-wheel", 5000] *= 2
    run = run_folder(tmp_path / "mine", one_core)
    mine = RawRun(run / "raw", report_dir=paths.MACHINES / "made-up-1c-linux-x86_64-py3.11")
    text = markdown.render(beside.render(mine))
    assert (
        "This run (`made-up-1c-linux-x86_64-py3.11`: one core of made-up-2c-linux-x86_64-py3.11"
        " (taskset), a stand-in for a second machine) beside the published reference" in text
    )
    wheel = next(line for line in text.splitlines() if line.startswith("| cython-wheel ÷"))
    naive = next(line for line in text.splitlines() if line.startswith("| cython-naive ÷"))
    assert wheel.endswith("| 2.00 (95% CI 2.00–2.00) | 1.00 (95% CI 1.00–1.00) | **differ** |")
    assert naive.endswith("| agree |")
    # Elsewhere (the reference itself, a scratch or --out run): no such section.
    assert beside.render(RawRun(run / "raw", report_dir=tmp_path)) == []
    assert beside.render(RawRun(reference / "raw")) == []
