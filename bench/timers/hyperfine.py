"""Runs hyperfine on a list of commands and keeps everything it wrote.

Per invocation KEY, under the raw directory: `hyperfine/KEY.json` (its --export-json) and
`hyperfine/KEY.log`, byte for byte what it printed: its summary (stdout) and its warnings
(stderr: outliers, slow first runs...) interleaved as written, each warning under the command
it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.progress import Task
from bench.raw import hyperfine as hyperfine_json
from bench.raw import layout
from bench.raw.manifest import CommandSpec, HyperfineRecord
from bench.timers import stream
from bench.timers.errors import MeasurementError


def run(
    hyperfine: Path,
    options: Sequence[str],
    commands: Sequence[CommandSpec],
    *,
    raw: Path,
    key: str,
    cwd: Path,
    task: Task,
) -> HyperfineRecord:
    """Time `commands` in one hyperfine run, writing its files under `raw`."""
    if not commands:
        raise ValueError("hyperfine needs at least one command")
    record = HyperfineRecord(
        json=layout.hyperfine_json(key),
        log=layout.hyperfine_log(key),
        commands=tuple(commands),
        options=("-N", "--style", "basic", *options),
    )
    (raw / layout.HYPERFINE_DIR).mkdir(parents=True, exist_ok=True)
    argv = [
        str(hyperfine),
        *record.options,
        "--export-json",
        str(raw / record.json),
        *(command.command for command in commands),
    ]
    started = 0

    def on_line(line: str) -> None:
        nonlocal started
        if line.startswith("Benchmark "):
            if started:
                task.advance()
            task.status(commands[min(started, len(commands) - 1)].label)
            started += 1

    status = stream.to_log(argv, cwd=cwd, log=raw / record.log, on_line=on_line)
    if status != 0:
        tail = stream.tail(raw / record.log, 5)
        raise MeasurementError(f"hyperfine exited with status {status}: " + " / ".join(tail))
    task.advance()
    task.status("")
    _check_export(raw, record)
    return record


def _check_export(raw: Path, record: HyperfineRecord) -> None:
    """The export must hold our commands, in our order, all exiting 0."""
    results = hyperfine_json.load(raw / record.json)
    expected = [command.command for command in record.commands]
    got = [result.command for result in results]
    if got != expected:
        raise MeasurementError(f"{record.json}: commands {got} differ from those run {expected}")
    for result in results:
        if any(code != 0 for code in result.exit_codes):
            raise MeasurementError(f"{record.json}: {result.command!r} exited non-zero")
