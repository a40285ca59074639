"""One benchmark run: stage, check, measure every study, write the report, swap it in."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import environment, report, staging
from bench.check.checker import Checker
from bench.progress import Reporter
from bench.raw import environment as raw_environment
from bench.raw import layout
from bench.raw.manifest import Manifest
from bench.raw.records import RawFileError
from bench.run import lock, space
from bench.studies import by_name
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig
from bench.timers import hyperfine as hyperfine_timer
from bench.timers import load
from bench.timers.errors import MeasurementError

#: Studies that run hyperfine.
_NEEDS_HYPERFINE = {layout.TALK, layout.STARTUP, layout.SPLIT}
RAW = "raw"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def preflight(config: RunConfig) -> None:
    """Refuse to start a run that would measure the wrong thing or fail half-way."""
    if _NEEDS_HYPERFINE & set(config.studies):
        hyperfine_timer.check_binary(config.tools.hyperfine)
    for module in ("primes._lib", "primes_cython.naive"):
        done = subprocess.run(
            [str(config.tools.python), "-c", f"import {module} as m; print(m.BUILD_PROFILE)"],
            capture_output=True,
            text=True,
            check=False,
        )
        profile = done.stdout.strip()
        if done.returncode == 0 and profile != "release":
            raise MeasurementError(f"{module} is a {profile!r} build; run `make build` for release")


@dataclass(frozen=True)
class Outcome:
    out: Path
    raw: Path
    files: list[Path]


def run(
    config: RunConfig,
    out: Path,
    reporter: Reporter,
    argv: list[str],
    note: Callable[[str], None] | None = None,
) -> Outcome:
    """Measure `config` into `out`. Before measuring: take `out`'s lock (`lock.Busy` if a live
    run holds it), clear what killed runs left there, check the free space (`RunRefused`).
    A Ctrl-C once the new results are in place is raised as `staging.SwapInterrupted` with
    `installed` true. `note` (default: the reporter's log) gets a line for each stale lock or
    staging directory dealt with."""
    say = reporter.log if note is None else note
    preflight(config)
    out = out.absolute()
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    swap = _Swap()
    try:
        with lock.held(out, argv, say):
            staging.clean_stale(out, say)
            space.check_free(out, config.mode)
            # README.md's verdict follows the published reference only (`make publish`).
            written = _measure(config, out, reporter, argv, swap)
    except KeyboardInterrupt as err:
        if swap.installed and not isinstance(err, staging.SwapInterrupted):
            raise staging.SwapInterrupted(installed=True) from None
        raise
    finally:
        if created and not swap.installed:
            with contextlib.suppress(OSError):
                out.rmdir()  # made for this run, which left nothing in it
    return Outcome(out, out / RAW, written)


@dataclass
class _Swap:
    #: Set as soon as the new results are in place: a later Ctrl-C must not say "unchanged".
    installed: bool = False

    def done(self) -> None:
        self.installed = True


def _last_times(out: Path, mode: str) -> dict[str, float]:
    """What each study took in the run `out` holds, if of the same mode: the progress line's
    estimate of the time left. None is fine: the estimate then follows this run's pace."""
    try:
        previous = Manifest.read(out / RAW)
    except RawFileError:
        return {}
    if previous.mode != mode:
        return {}
    return {name: study.seconds for name, study in previous.studies.items() if study.seconds}


def _measure(
    config: RunConfig, out: Path, reporter: Reporter, argv: list[str], swap: _Swap
) -> list[Path]:
    """Stage, check, measure, write the report, swap it in; the files written, as installed."""
    with staging.workspace(out) as stage:
        raw = stage / RAW
        work = stage / "work"
        raw.mkdir()
        work.mkdir()
        manifest = Manifest(
            mode=config.mode,
            argv=argv,
            started_utc=_now(),
            implementations=list(config.implementations),
            kinds=config.kinds(),
        )
        env = environment.collect(config.tools.python, config.tools.hyperfine)
        checker = Checker(config.tools.python, cwd=config.tools.repo)
        ctx = StudyContext(config, raw, work, checker, reporter)
        overall = reporter.overall(config.studies, expected=_last_times(out, config.mode))
        for name in config.studies:
            overall.start(name)
            started = time.monotonic()
            with load.watched() as meter:
                record = by_name(name).run(ctx)
            record.seconds = time.monotonic() - started
            record.load = meter.load
            manifest.studies[name] = record
        overall.finish()
        env["load_average_at_end"] = list(os.getloadavg())
        manifest.finished_utc = _now()
        raw_environment.write(raw, env)
        checker.write(raw)
        manifest.write(raw)
        shutil.rmtree(work)
        try:
            written = report.generate(raw, stage, published_dir=out)
        except RawFileError as err:
            # A tool that exited 0 but wrote a file the report cannot read: a failed measurement.
            raise MeasurementError(f"this run wrote an unreadable raw file: {err}") from None
        staging.install(stage, out, [RAW, *report.OUTPUTS], on_installed=swap.done)
    return [out / path.relative_to(stage) for path in written]
