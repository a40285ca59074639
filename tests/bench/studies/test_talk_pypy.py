"""The talk's pure script under PyPy: it must import nothing compiled and nothing newer than
Python 3.9 (Debian's pypy3), and the talk study says why whenever PyPy is not measured."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

import optional_tools
from bench.check.checker import Checker
from bench.counts import TALK_COUNT
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw.manifest import CommandSpec, HyperfineRecord, StudyRecord
from bench.studies import talk
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools
from oracle import first_primes

PYTHON = Path(sys.executable)
PYPY = optional_tools.pypy3()
needs_pypy = optional_tools.needs("pypy3", PYPY)
#: Stands for a PyPy where the study must give up before running it.
NEVER_RUN = Path("/nonexistent/pypy3")


def _talk_primes(*interpreter: str) -> subprocess.CompletedProcess[str]:
    """The talk's pure script, `primes.cli` on the talk's count, with only the pure sources
    on the path."""
    return subprocess.run(
        [*interpreter, "-m", "primes.cli", str(TALK_COUNT)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": talk.PURE_PATH},
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_pure_script_imports_only_the_standard_library_and_python_39_sources() -> None:
    # -S: no site-packages, so nothing of the venv (no extension, no numpy) can be found.
    done = _talk_primes(str(PYTHON), "-S", "-X", "importtime")
    assert done.stdout == f"{first_primes(TALK_COUNT)}\n"
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    } - {"imported package"}
    ours = {name for name in imported if name.split(".")[0] == "primes"}
    assert "primes.naive" in ours
    assert imported - ours <= sys.stdlib_module_names | {
        name for name in imported if name.split(".")[0] in sys.stdlib_module_names
    }
    for name in ours | {"primes.cli"}:  # -m runs primes.cli without importtime listing it
        parts = name.split(".")
        source = REPO / talk.PURE_PATH / Path(*parts[:-1]) / f"{parts[-1]}.py"
        if not source.exists():
            source = REPO / talk.PURE_PATH / Path(*parts) / "__init__.py"
        ast.parse(source.read_text(), filename=str(source), feature_version=(3, 9))


@needs_pypy
def test_pypy_prints_the_talks_primes() -> None:
    assert PYPY is not None
    done = _talk_primes(str(PYPY))
    assert done.stdout == f"{first_primes(TALK_COUNT)}\n"


class _Context(StudyContext):
    """Records what would go to hyperfine instead of running it."""

    timed: list[tuple[str, Sequence[CommandSpec]]]

    def hyperfine(
        self, record: StudyRecord, key: str, title: str, commands: Sequence[CommandSpec]
    ) -> HyperfineRecord:
        self.timed.append((key, commands))
        return HyperfineRecord(
            json=f"hyperfine/{key}.json",
            log=f"hyperfine/{key}.log",
            commands=tuple(commands),
            options=(),
        )


def _context(tmp_path: Path, pypy: Path | None, names: tuple[str, ...]) -> _Context:
    config = RunConfig(
        implementations=names,
        quick=True,
        studies=("talk",),
        tools=Tools(PYTHON, PYTHON.parent, Path("/nonexistent")),
        pypy=pypy,
    )
    ctx = _Context(config, tmp_path, tmp_path, Checker(PYTHON, cwd=REPO), NullReporter())
    ctx.timed = []
    return ctx


@pytest.mark.parametrize(
    ("pypy", "names", "note"),
    [
        (None, ("pure-naive",), talk.NO_PYPY),
        (NEVER_RUN, ("rust-naive",), "PyPy: not measured: pure-naive not selected"),
        (PYTHON, ("pure-naive",), f"PyPy: not measured: {PYTHON} is not PyPy"),
    ],
)
def test_pypy_not_measured_is_said(
    tmp_path: Path, pypy: Path | str | None, names: tuple[str, ...], note: str
) -> None:
    ctx = _context(tmp_path, None if pypy is None else Path(pypy), names)
    record = StudyRecord("talk", "talk")
    talk.TalkStudy()._run_pypy(ctx, record)
    assert ctx.timed == []
    assert len(record.notes) == 1
    assert record.notes[0].startswith(note)


@needs_pypy
def test_pypy_is_checked_then_timed(tmp_path: Path) -> None:
    assert PYPY is not None
    ctx = _context(tmp_path, PYPY, ("pure-naive",))
    record = StudyRecord("talk", "talk")
    talk.TalkStudy()._run_pypy(ctx, record)
    assert record.notes == []
    ((key, (command,)),) = ctx.timed
    assert key == talk.PYPY_KEY
    assert command.argv[:2] == ("env", "PYTHONPATH=pure")
    assert command.tags["kind"] == "pypy"
    assert command.tags["interpreter"].startswith("PyPy ")
    assert "(Python 3." in command.tags["interpreter"]
    assert [check.ok for check in ctx.checker.checks()] == [True]
