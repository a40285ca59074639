"""The talk's two tables are timed once: by the start-up study, beside `SCRIPT 0`, when both
studies run; by the talk study itself when it runs without the start-up study."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw import layout
from bench.raw.manifest import CommandSpec, HyperfineRecord, StudyRecord
from bench.studies import startup, talk
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools

PYTHON = Path(sys.executable)
NAMES = ("pure-naive", "rust-naive", "cython-naive")


class _Context(StudyContext):
    """Records what would go to hyperfine instead of running it."""

    timed: list[tuple[str, list[str]]]

    def hyperfine(
        self,
        record: StudyRecord,
        key: str,
        title: str,
        commands: Sequence[CommandSpec],
        settings: object = None,
    ) -> HyperfineRecord:
        self.timed.append((key, [command.label for command in commands]))
        return HyperfineRecord(json=f"hyperfine/{key}.json", log="", commands=tuple(commands))


@pytest.fixture(scope="module")
def checker() -> Checker:
    """One checker for every study run here, as a benchmark run shares one among its studies:
    each console script is run and its primes checked once (`primes 5000` alone is most of a
    second of CPU), whichever study asks first. What a study times does not depend on who
    checked."""
    return Checker(PYTHON, cwd=REPO)


def _context(tmp_path: Path, studies: tuple[str, ...], checker: Checker) -> _Context:
    config = RunConfig(NAMES, True, studies, Tools(PYTHON, PYTHON.parent, Path("/nonexistent")))
    ctx = _Context(config, tmp_path, tmp_path, checker, NullReporter())
    ctx.timed = []
    return ctx


def test_with_the_start_up_study_the_tables_are_timed_in_its_run(
    tmp_path: Path, checker: Checker
) -> None:
    ctx = _context(tmp_path, (layout.TALK, layout.STARTUP), checker)
    talk.STUDY.run(ctx)
    assert ctx.timed == []  # no table of its own (and no PyPy given)
    startup.STUDY.run(ctx)
    ((key, labels),) = ctx.timed
    assert key == layout.STARTUP
    at_work = [label for label in labels if label.endswith(" 5000")]
    # Each table's two commands, Rust's script beside Cython's as on the second slide.
    assert at_work == [
        "primes 5000",
        "primes-fast 5000",
        "primes-fast-cython 5000",
        "primes-fast-rust 5000",
    ]
    assert {"primes 0", "primes-fast 0", "primes-fast-cython 0"} <= set(labels)


def test_alone_each_study_times_what_it_did_before(tmp_path: Path, checker: Checker) -> None:
    ctx = _context(tmp_path, (layout.TALK,), checker)
    talk.STUDY.run(ctx)
    assert ctx.timed == [
        ("talk-pure-vs-rust", ["primes 5000", "primes-fast 5000"]),
        ("talk-rust-vs-cython", ["primes-fast-rust 5000", "primes-fast-cython 5000"]),
    ]
    ctx = _context(tmp_path, (layout.STARTUP,), checker)
    startup.STUDY.run(ctx)
    ((_, labels),) = ctx.timed
    assert "primes-fast-rust 5000" not in labels
