"""The sweep times only what the correctness checker accepted."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw.correctness import Check
from bench.raw.manifest import StudyRecord
from bench.studies import sweep
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools


class _RefusingChecker(Checker):
    """Refuses one implementation without running anything."""

    def __init__(self, refuse: str) -> None:
        super().__init__(Path(sys.executable), cwd=REPO)
        self.refuse = refuse

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Check]:
        return [Check(target, c, target != self.refuse, "wrong") for c in counts]


def test_the_sweep_does_not_time_a_refused_implementation(tmp_path: Path) -> None:
    config = RunConfig(
        implementations=("pure-naive", "rust-naive"),
        quick=True,
        studies=("sweep",),
        tools=Tools(Path(sys.executable), Path(sys.executable).parent, Path("/nonexistent")),
        counts=(100,),
    )
    ctx = StudyContext(config, tmp_path, tmp_path, _RefusingChecker("pure-naive"), NullReporter())
    record = StudyRecord("sweep", "sweep")
    cases = sweep.plan(ctx, record)
    assert cases == [("rust-naive", 100), ("rust-naive", 5000)]
    assert record.notes == ["pure-naive: not timed, count 100: wrong"]
