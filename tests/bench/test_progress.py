"""The run's overall line: which study of how many, and an estimate of the time left that
follows this run's pace, drawn below the studies' bars."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console

from bench.progress import NullReporter, Pace, RichReporter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_time_left_is_last_runs_times_scaled_by_this_runs_pace() -> None:
    clock = Clock()
    pace = Pace(["talk", "sweep", "costs"], {"talk": 10, "sweep": 20, "costs": 30}, clock)
    pace.start("talk")
    clock.now = 5
    # Nothing finished yet: last run's times as they are. 5 s of talk's 10 left, then 20 + 30.
    assert pace.seconds_left() == 55
    assert pace.line() == "study 1 of 3: talk · 0:05 elapsed · about 60 s left"
    clock.now = 20
    pace.start("sweep")  # talk took 20 s, twice its last time: this machine is slower now
    clock.now = 30
    assert pace.seconds_left() == 2 * 30 + (2 * 20 - 10)
    assert pace.line() == "study 2 of 3: sweep · 0:30 elapsed · about 2 min left"
    clock.now = 200
    pace.start("costs")
    clock.now = 300
    # Both finished studies took 200 s for last run's 30 s: costs' 30 s scale to 200.
    assert pace.seconds_left() == pytest.approx(200 - 100)
    clock.now = 500
    assert pace.seconds_left() == 0  # past its scaled time: nothing more promised
    pace.finish()
    assert pace.line() == "3 of 3 studies done · 8:20 elapsed"
    assert pace.took == {"talk": 20, "sweep": 180, "costs": 300}


def test_without_last_times_the_estimate_follows_the_finished_studies() -> None:
    clock = Clock()
    pace = Pace(["talk", "sweep", "costs"], None, clock)
    pace.start("talk")
    clock.now = 4
    assert pace.seconds_left() is None  # nothing to go by
    assert pace.line() == "study 1 of 3: talk · 0:04 elapsed"
    clock.now = 10
    pace.start("sweep")
    clock.now = 12
    assert pace.seconds_left() == 10 + (10 - 2)  # costs at talk's 10 s, sweep's 8 s still
    assert pace.elapsed == 12


def test_the_overall_line_is_drawn_below_the_studies_bars() -> None:
    out = StringIO()
    with RichReporter(Console(file=out, width=80, height=24)) as reporter:
        overall = reporter.overall(["talk", "sweep"], {"talk": 30, "sweep": 200})
        overall.start("talk")
        reporter.task("talk: hyperfine", 3).advance()
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert "talk: hyperfine" in lines[-2] and "1/3" in lines[-2]
    assert lines[-1] == "study 1 of 2: talk · 0:00 elapsed · about 4 min left"


def test_the_null_reporter_keeps_pace_silently() -> None:
    overall = NullReporter().overall(["talk"])
    overall.start("talk")
    overall.finish()
