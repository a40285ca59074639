"""Runs hyperfine on a list of commands and keeps everything it wrote.

Per invocation NAME, under the raw directory: `hyperfine/NAME.json` (its --export-json) and
`hyperfine/NAME.log`, byte for byte what it printed: its summary (stdout) and its warnings
(stderr: outliers, slow first runs...) interleaved as written, each warning under the command
it is about.
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
        log=f"{SUBDIR}/{name}.log",
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
    with (ctx.raw / record.log).open("wb") as log:
        # One pipe for both streams keeps hyperfine's order: a warning (stderr) follows the
        # results (stdout) of the command it is about.
        process = subprocess.Popen(
            argv, cwd=ctx.config.tools.repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert process.stdout is not None  # stdout=PIPE above
        try:
            for line in process.stdout:
                log.write(line)
                if line.startswith(b"Benchmark "):
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
        tail = (ctx.raw / record.log).read_text(encoding="utf-8").strip().splitlines()[-5:]
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
