"""Runs hyperfine on a list of commands and keeps everything it wrote.

Per invocation NAME: `hyperfine/NAME.json` (its --export-json), `hyperfine/NAME.stdout.txt`
(its summary, as printed) and `hyperfine/NAME.stderr.txt` (its warnings: outliers, slow
first runs...), all under the raw directory.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from bench.raw import hyperfine as hyperfine_json
from bench.raw.manifest import CommandSpec, HyperfineRecord
from bench.studies.base import MeasurementError, StudyContext

SUBDIR = "hyperfine"


def run(
    ctx: StudyContext, name: str, commands: Sequence[CommandSpec], title: str
) -> HyperfineRecord:
    if not commands:
        raise ValueError("hyperfine needs at least one command")
    record = HyperfineRecord(
        json=f"{SUBDIR}/{name}.json",
        stdout=f"{SUBDIR}/{name}.stdout.txt",
        stderr=f"{SUBDIR}/{name}.stderr.txt",
        commands=tuple(commands),
        options=("-N", "--style", "basic", *ctx.config.hyperfine.options()),
    )
    (ctx.raw / SUBDIR).mkdir(parents=True, exist_ok=True)
    argv = [
        str(ctx.config.tools.hyperfine),
        *record.options,
        "--export-json",
        str(ctx.raw / record.json),
        *(command.command for command in commands),
    ]
    task = ctx.reporter.task(title, total=len(commands))
    started = 0
    with (
        (ctx.raw / record.stdout).open("w", encoding="utf-8") as stdout_file,
        (ctx.raw / record.stderr).open("w", encoding="utf-8") as stderr_file,
    ):
        process = subprocess.Popen(
            argv,
            cwd=ctx.config.tools.repo,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            text=True,
            encoding="utf-8",
        )
        assert process.stdout is not None  # stdout=PIPE above
        try:
            for line in process.stdout:
                stdout_file.write(line)
                if line.startswith("Benchmark "):
                    if started:
                        task.advance()
                    task.status(commands[min(started, len(commands) - 1)].label)
                    started += 1
        except BaseException:
            process.kill()
            process.wait()
            raise
        status = process.wait()
    if status != 0:
        tail = (ctx.raw / record.stderr).read_text(encoding="utf-8").strip().splitlines()[-5:]
        raise MeasurementError(f"hyperfine exited with status {status}: " + " / ".join(tail))
    task.advance()
    task.status("")
    _check_export(ctx, record)
    return record


def _check_export(ctx: StudyContext, record: HyperfineRecord) -> None:
    """The export must hold our commands, in our order, all exiting 0."""
    results = hyperfine_json.load(ctx.raw / record.json)
    expected = [command.command for command in record.commands]
    got = [result.command for result in results]
    if got != expected:
        raise MeasurementError(f"{record.json}: commands {got} differ from those run {expected}")
    for result in results:
        if any(code != 0 for code in result.exit_codes):
            raise MeasurementError(f"{record.json}: {result.command!r} exited non-zero")
