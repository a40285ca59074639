"""The talk's two tables: its exact console scripts at n = 5000, as whole processes; beside
them, when a PyPy is found, the pure script as a whole process under PyPy (not in the talk)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.slides import TABLES, TalkTable
from bench.studies.base import StudyContext


def script_command(ctx: StudyContext, script: str, implementation: str, count: int) -> CommandSpec:
    return CommandSpec(
        label=f"{script} {count}",
        argv=(str(ctx.config.tools.script(script)), str(count)),
        tags={
            "kind": "script",
            "script": script,
            "implementation": implementation,
            "count": str(count),
        },
    )


#: hyperfine's key (its files' stem) for the PyPy run; the report finds it by this name.
PYPY_KEY = "talk-pypy"
#: Where the pure-Python package lives, relative to the repository root the commands run from.
#: PyPy cannot load the venv's CPython extensions: on this path alone it finds `primes` and
#: nothing compiled (`primes 5000` imports only primes.cli, primes.naive, primes.contract).
PURE_PATH = "pure"
#: What the report says when no PyPy was found.
NO_PYPY = "PyPy: not measured: no pypy3 found (Debian: apt-get install pypy3)"
#: Prints e.g. "PyPy 7.3.11 (Python 3.9.16)"; fails on an interpreter that is not PyPy.
_VERSION = (
    "import sys; v = sys.pypy_version_info; "
    "print(f'PyPy {v.major}.{v.minor}.{v.micro} (Python {sys.version.split()[0]})')"
)


def pypy_command(pypy: Path, version: str) -> CommandSpec:
    """The talk's `primes 5000` under PyPy: the same console script's module, as a process."""
    return CommandSpec(
        label=f"pypy3 -m primes.cli {TALK_COUNT}",
        argv=("env", f"PYTHONPATH={PURE_PATH}", str(pypy), "-m", "primes.cli", str(TALK_COUNT)),
        tags={
            "kind": "pypy",
            "script": "primes",
            "implementation": "pure-naive",
            "count": str(TALK_COUNT),
            "interpreter": version,
        },
    )


def pypy_version(pypy: Path) -> str:
    """`PyPy 7.3.11 (Python 3.9.16)`, or ValueError saying why `pypy` is not a usable PyPy."""
    try:
        done = subprocess.run(
            [str(pypy), "-c", _VERSION], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ValueError(f"{pypy} cannot be run: {err}") from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
        raise ValueError(f"{pypy} is not PyPy ({said})")
    return done.stdout.strip()


def precompile(pypy: Path, repo: Path) -> str | None:
    """Compile the pure package's bytecode for PyPy (`__pycache__/*.pypy39.pyc`, ignored by
    git), or say why it failed. CPython's `primes` runs from bytecode pip compiled at install;
    without this, under PYTHONDONTWRITEBYTECODE, every PyPy process would compile the source."""
    done = subprocess.run(
        [str(pypy), "-m", "compileall", "-q", f"{PURE_PATH}/primes"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return None
    said = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
    return f"{pypy} -m compileall failed: {said}"


def talk_scripts() -> list[str]:
    """The console scripts of the talk's tables, in the slides' order."""
    return list(
        dict.fromkeys(row.script for table in TABLES for row in table.rows_in_slide_order())
    )


class TalkStudy:
    name = layout.TALK
    title = "The talk's two hyperfine tables"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        for table in TABLES:
            self._run_table(ctx, table, record)
        self._run_pypy(ctx, record)
        return record

    def _run_pypy(self, ctx: StudyContext, record: StudyRecord) -> None:
        """The pure script under PyPy, or a note starting "PyPy:" saying why not."""
        pypy = ctx.config.pypy
        if pypy is None:
            record.notes.append(NO_PYPY)
            return
        if "pure-naive" not in ctx.config.implementations:
            record.notes.append("PyPy: not measured: pure-naive not selected")
            return
        try:
            version = pypy_version(pypy)
        except ValueError as err:
            record.notes.append(f"PyPy: not measured: {err}")
            return
        problem = precompile(pypy, ctx.config.tools.repo)
        if problem:
            record.notes.append(f"PyPy: not measured: {problem}")
            return
        command = pypy_command(pypy, version)
        check = ctx.checker.check_command(command.label, command.argv, TALK_COUNT)
        if ctx.refused(record, "PyPy", [check]):
            return
        ctx.hyperfine(record, PYPY_KEY, f"PyPy: {command.label}", [command])

    def _run_table(self, ctx: StudyContext, table: TalkTable, record: StudyRecord) -> None:
        if layout.STARTUP in ctx.config.studies:
            # The start-up study times the same commands at n = 5000 beside `SCRIPT 0`, in one
            # hyperfine run: the report reads the tables from it rather than timing them twice.
            return
        rows = table.rows_in_slide_order()
        missing = [
            row.implementation
            for row in rows
            if row.implementation not in ctx.config.implementations
        ]
        if missing:
            record.notes.append(f"{table.key}: skipped, {', '.join(missing)} not selected")
            return
        commands = [script_command(ctx, row.script, row.implementation, TALK_COUNT) for row in rows]
        checks = [ctx.checker.check_command(c.label, c.argv, TALK_COUNT) for c in commands]
        if ctx.refused(record, table.key, checks):
            return
        ctx.hyperfine(record, table.key, table.title, commands)


STUDY = TalkStudy()
