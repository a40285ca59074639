"""Runs hyperfine on a list of commands and keeps everything it wrote.

Each command is named (`--command-name`) by the implementation it runs, so hyperfine's output,
its export and the plots its scripts draw from the export say "rust-naive 5000", not a path;
the manifest keeps the command. Per invocation KEY, under the raw directory:
`hyperfine/KEY.json` (its --export-json) and `hyperfine/KEY.log`, byte for byte what it
printed: its summary (stdout) and its warnings (stderr: outliers, slow first runs...)
interleaved as written, each warning under the command it is about.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from bench.progress import Task
from bench.raw import hyperfine as hyperfine_json
from bench.raw import layout
from bench.raw.manifest import CommandSpec, HyperfineRecord
from bench.raw.records import RawFileError
from bench.timers import stream
from bench.timers.errors import MeasurementError

#: The export format `bench.raw.hyperfine` reads.
SUPPORTED_MAJOR = "1"


def check_binary(hyperfine: Path) -> str:
    """The version line of the hyperfine 1.x at `hyperfine`; anything else (absent, a
    directory, not executable, not a program, not hyperfine 1.x) is a `MeasurementError`
    saying which, raised before anything is measured."""
    if not hyperfine.exists():
        raise MeasurementError(f"hyperfine not found at {hyperfine}; run `make hyperfine`")
    if hyperfine.is_dir():
        raise MeasurementError(f"{hyperfine} is a directory, not the hyperfine binary")
    if not os.access(hyperfine, os.X_OK):
        raise MeasurementError(f"{hyperfine} is not executable")
    try:
        done = subprocess.run(
            [str(hyperfine), "--version"],
            capture_output=True,
            errors="replace",
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise MeasurementError(f"{hyperfine} cannot be run: {reason}") from None
    lines = done.stdout.strip().splitlines()
    first = lines[0].strip() if lines else ""
    words = first.split()
    if done.returncode != 0 or len(words) < 2 or words[1].split(".")[0] != SUPPORTED_MAJOR:
        found = repr(first) if first else f"no version (exit status {done.returncode})"
        raise MeasurementError(
            f"{hyperfine} --version says {found}; this driver reads hyperfine "
            f"{SUPPORTED_MAJOR}.x JSON"
        )
    return first


def command_name(spec: CommandSpec) -> str:
    """What hyperfine calls `spec` (its `--command-name`, in its output, its export and the
    plots its scripts draw from the export): the implementation and count for a command that
    runs one, the module for an import, else the table's label. The command itself is in the
    manifest."""
    tags = spec.tags
    if tags.get("kind") in ("script", "split") and "implementation" in tags and "count" in tags:
        return f"{tags['implementation']} {tags['count']}"
    if tags.get("kind") == "import" and "module" in tags:
        return f"import {tags['module']}"
    return spec.label


def command_names(commands: Sequence[CommandSpec]) -> tuple[str, ...]:
    """One name per command, all different: hyperfine's plots tell the boxes apart by name
    (the labels when two commands would share a name)."""
    names = tuple(command_name(spec) for spec in commands)
    if len(set(names)) == len(names):
        return names
    labels = tuple(spec.label for spec in commands)
    if len(set(labels)) == len(labels):
        return labels
    return tuple(spec.command for spec in commands)


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
        names=command_names(commands),
    )
    (raw / layout.HYPERFINE_DIR).mkdir(parents=True, exist_ok=True)
    argv = [
        str(hyperfine),
        *record.options,
        "--export-json",
        str(raw / record.json),
        *(arg for name in record.names for arg in ("--command-name", name)),
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
    path = raw / record.json
    try:
        results = hyperfine_json.load(path)
    except RawFileError as err:  # hyperfine exited 0 but wrote no export, or a damaged one
        # Named as in the raw directory: `raw` may be a staging directory about to be removed.
        problem = str(err).removeprefix(f"{path}: ")
        raise MeasurementError(f"hyperfine's export {record.json}: {problem}") from None
    expected = record.exported()
    got = [result.command for result in results]
    if got != expected:
        raise MeasurementError(f"{record.json}: commands {got} differ from those run {expected}")
    for result in results:
        if any(code != 0 for code in result.exit_codes):
            raise MeasurementError(f"{record.json}: {result.command!r} exited non-zero")
