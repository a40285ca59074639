"""The merge CI's `machines` workflow runs (`scripts/compare --out ... --summary ... RUNS`) on
made-up result sets: three machines' runs, as the artifacts download them (a folder each under
one folder), one restricted to one core and missing the threads study, one under another Python
with its cython-wheel twice as slow. The runs are made up (`fake_run.quiet`) with those facts
changed here, so every figure the merge prints for them is known in advance."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fake_run import quiet, run_folder

from bench import paths
from bench.compare.__main__ import NothingToCompare, distinct, find_runs

SCRIPT = paths.REPO / "scripts" / "compare"
WORKFLOW = paths.REPO / ".github" / "workflows" / "machines.yml"


def _three_machines(downloads: Path) -> list[Path]:
    plain = run_folder(downloads / "run-a-plain")
    one_core = quiet()
    assert one_core.environment is not None
    one_core.environment["cpu"]["usable_cores"] = 1
    one_core.threads = {}  # no threads study
    other_python = quiet()
    assert other_python.environment is not None
    other_python.environment["toolchain"]["python"] = "3.12.1"
    other_python.in_process["cython-wheel", 5000] *= 2
    return [
        plain,
        run_folder(downloads / "run-b-one-core", one_core),
        run_folder(downloads / "run-c-python3.12", other_python),
    ]


def _merge_step() -> str:
    """The merge job's command, as the workflow has it (its env names the folders)."""
    lines = WORKFLOW.read_text().splitlines()
    found = [line.split("run:", 1)[1].strip() for line in lines if "run: scripts/compare" in line]
    assert len(found) == 1, f"{WORKFLOW} should run scripts/compare once, in its merge job"
    return found[0]


def _row(text: str, first_cell: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {first_cell} |"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def _merge_as_the_workflow_does(tmp_path: Path, downloads: Path) -> str:
    """Runs the merge step's line with its env; returns the merged Markdown, checked to be what
    the step summary got after what an earlier step wrote there."""
    merged, summary = tmp_path / "merged" / "COMPARE.md", tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    environment = {
        **os.environ,
        "RUNS": str(downloads),
        "MERGED": str(merged.parent),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    done = subprocess.run(
        ["bash", "-c", _merge_step()],
        cwd=paths.REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = merged.read_text()
    assert summary.read_text() == "earlier step\n" + text
    return text


def test_the_workflows_merge_gives_a_column_a_machine_and_what_holds_on_each(
    tmp_path: Path,
) -> None:
    downloads = tmp_path / "runs"
    _three_machines(downloads)
    text = _merge_as_the_workflow_does(tmp_path, downloads)
    assert text.startswith("# 3 machines, one report\n")
    # The made-up run is a 2-core "Made-up CPU" under CPython 3.11.7, commit 0123456789abcdef.
    assert _row(text, "")[1:] == [
        "`made-up-2c-linux-x86_64-py3.11`",
        "`made-up-1c-linux-x86_64-py3.11`",
        "`made-up-2c-linux-x86_64-py3.12`",
    ]
    assert _row(text, "machine")[1:] == [
        "Made-up CPU, 2 cores, Linux x86_64, Python 3.11.7",
        "one core of made-up-2c-linux-x86_64-py3.11 (taskset), a stand-in for a second machine",
        "Made-up CPU, 2 cores, Linux x86_64, Python 3.12.1",
    ]
    assert _row(text, "Python")[1:] == ["3.11.7", "3.11.7", "3.12.1"]
    assert _row(text, "commit")[1:] == ["`0123456789`"] * 3
    assert _row(text, "load")[1:] == ["not recorded"] * 3
    # The one-core run has no threads study: its cell is empty, its GIL claim not made, so that
    # claim is not one that holds on every machine; the others made each claim alike.
    threads = _row(text, "rust-naive, 2 threads ÷ 1")
    assert threads[3] == "–" and threads[2] == threads[4] != "–"
    assert threads[-1] == "every machine"
    gil = _row(text, "The GIL")
    assert gil[2] == "no claim" and gil[1] == gil[3] != "no claim"
    assert gil[-1] == "not on every machine"
    # Twice as slow on one machine: that figure depends on it; the untouched one does not.
    wheel = _row(text, "cython-wheel ÷ rust-wheel, in process")
    assert [cell.split()[0] for cell in wheel[2:5]] == ["1.00", "1.00", "2.00"]
    assert wheel[-1] == "**depends on the machine**"
    naive = _row(text, "cython-naive ÷ rust-naive, in process")
    assert naive[2] == naive[3] == naive[4] and naive[-1] == "every machine"
    rust_vs_cython = _row(text, "Rust vs Cython")
    assert rust_vs_cython[1] == rust_vs_cython[2] == rust_vs_cython[3]
    assert rust_vs_cython[-1] == "every machine"
    assert "Depends on the machine, or not made on every one: The GIL." in text


def test_the_merge_finds_runs_at_any_depth_and_refuses_one(tmp_path: Path) -> None:
    runs = _three_machines(tmp_path / "runs")
    assert find_runs([tmp_path / "runs"]) == [run.resolve() for run in runs]
    # A run named twice (itself, and inside a folder given) is one column, where it came first.
    plain, one_core, other_python = (run.resolve() for run in runs)
    assert find_runs([runs[2], tmp_path]) == [other_python, plain, one_core]
    with pytest.raises(NothingToCompare, match="only one run found"):
        find_runs([runs[0], runs[0] / "raw" / ".."])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NothingToCompare, match=f"^{empty} holds no run"):
        find_runs([runs[0], empty])
    # A published copy (results/reference/ and the machine's own folder) is one column too.
    copy = tmp_path / "published"
    shutil.copytree(runs[0], copy)
    assert find_runs([copy, tmp_path / "runs"]) == [copy.resolve(), one_core, other_python]
    assert distinct([copy.resolve(), plain, one_core])[1] == [(plain, copy.resolve())]


def test_a_merge_of_nothing_says_so_in_the_summary_and_fails(tmp_path: Path) -> None:
    """All but one machine failed: CI's summary says why there is no merged report."""
    run = run_folder(tmp_path / "runs" / "run-a")
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        [str(SCRIPT), "--summary", str(summary), str(tmp_path / "runs")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    why = f"compare: only one run found ({run.resolve()}): comparing needs two or more"
    assert done.stderr.strip() == why
    assert summary.read_text() == f"# No merged report\n\n{why}\n"
