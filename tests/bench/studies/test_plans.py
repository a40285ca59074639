"""The one table of what a full and a quick run measure: a quick run is the full one made
smaller, never larger, and every study reads its counts and rounds from it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import primes
from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw.manifest import StudyRecord
from bench.studies import config
from bench.studies.base import StudyContext
from bench.studies.config import PLANS, RunConfig, Tools

STUDIES = Path(config.__file__).parent


def test_there_is_a_full_and_a_quick_plan() -> None:
    assert set(PLANS) == {"full", "quick"}


def test_a_quick_run_never_measures_more_than_a_full_one() -> None:
    full, quick = PLANS["full"], PLANS["quick"]
    for small_runs, large_runs in (
        (quick.hyperfine, full.hyperfine),
        (quick.split_hyperfine, full.split_hyperfine),
    ):
        assert small_runs.warmup <= large_runs.warmup
        assert (small_runs.min_runs or 0) <= (large_runs.min_runs or 0)
        assert (small_runs.max_runs or 0) <= (large_runs.max_runs or 0)
    assert quick.pytest_benchmark.max_time <= full.pytest_benchmark.max_time
    for part in ("boundary", "threads", "targets"):
        small, large = getattr(quick, part), getattr(full, part)
        assert small.rounds <= large.rounds, part
        assert small.target <= large.target, part
    assert set(quick.boundary_list_counts) <= set(full.boundary_list_counts)
    assert quick.first_call_rounds <= full.first_call_rounds
    assert quick.first_call_steady.max_calls <= full.first_call_steady.max_calls
    assert full.targets_max_count is None  # a full run measures every target
    assert quick.targets_max_count is not None
    # Fewer rounds only where a call takes long: a quick run never reaches those counts.
    assert full.targets_long is not None and quick.targets_long is None
    assert full.targets_long.rounds < full.targets.rounds
    # Several fresh processes, so a slow mode of some processes shows as spread.
    assert full.targets_long.processes >= 3
    # Rounds traded for processes: no more calls than 7 rounds in one process took.
    assert full.targets_long.rounds * full.targets_long.processes <= 7
    # The shorter counts too, so the study's own process's slow mode is one of several: the
    # same rounds in all, split between the processes.
    assert full.targets_long.short_rounds is not None
    assert full.targets_long.short_rounds * full.targets_long.processes == full.targets.rounds
    assert quick.targets_max_count < full.targets_long.from_count
    assert full.cost_builds is not None and quick.cost_builds is None


def test_no_study_decides_by_the_mode_itself() -> None:
    # `quick` turns into counts and rounds in config.PLANS alone: a study that branched on
    # `config.quick` would keep a second table of its own. Recording the mode is not deciding.
    readers = []
    for path in sorted(STUDIES.glob("*.py")):
        if path.name == "config.py":
            continue
        tree = ast.parse(path.read_text())
        recorded = {
            id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "quick"
        }
        readers += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr in {"quick", "mode"}
            and id(node) not in recorded
        ]
    assert readers == []


def test_a_full_run_times_every_implementation_in_every_study() -> None:
    assert PLANS["full"].per_implementation_only is None


def _quick_context(tmp_path: Path, implementations: tuple[str, ...]) -> StudyContext:
    config = RunConfig(
        implementations=implementations,
        quick=True,
        studies=(),
        tools=Tools(Path(sys.executable), Path(sys.executable).parent, Path("/nonexistent")),
    )
    return StudyContext(
        config, tmp_path, tmp_path, Checker(Path(sys.executable), cwd=REPO), NullReporter()
    )


def test_a_plan_s_subset_is_timed_and_the_rest_named(tmp_path: Path) -> None:
    only = PLANS["quick"].per_implementation_only
    assert only is not None and set(only) <= set(primes.names())
    ctx = _quick_context(tmp_path, ("rust-wheel", *only))
    config = ctx.config
    record = StudyRecord("split", "split")
    assert ctx.planned(record) == list(only)
    assert record.notes == [
        "not timed with this plan: rust-wheel (the full plan, `make bench`, times every "
        "implementation)"
    ]
    full = StudyContext(
        RunConfig(config.implementations, False, (), config.tools),
        tmp_path,
        tmp_path,
        ctx.checker,
        NullReporter(),
    )
    record = StudyRecord("split", "split")
    assert full.planned(record) == list(config.implementations) and record.notes == []


def test_a_study_keeps_what_it_is_about_beside_the_plan_s_subset(tmp_path: Path) -> None:
    only = PLANS["quick"].per_implementation_only
    assert only is not None
    ctx = _quick_context(tmp_path, ("rust-wheel", "numba-naive", *only))
    record = StudyRecord("first-call", "first-call")
    assert ctx.planned(record, keep=["numba-naive"]) == ["numba-naive", *only]
    assert record.notes == [
        "not timed with this plan: rust-wheel (the full plan, `make bench`, times every "
        "implementation)"
    ]
