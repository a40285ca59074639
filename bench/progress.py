"""Live status for long runs: rich progress bars when measuring, silence in tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Protocol

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class Task(Protocol):
    def advance(self, steps: int = 1) -> None: ...
    def status(self, text: str) -> None: ...


class Overall(Protocol):
    """The whole run, a study at a time."""

    def start(self, name: str) -> None: ...
    def finish(self) -> None: ...


class Reporter(Protocol):
    def task(self, description: str, total: int) -> Task: ...
    def log(self, message: str) -> None: ...
    def overall(
        self, names: Sequence[str], expected: Mapping[str, float] | None = None
    ) -> Overall: ...


class Pace:
    """Where a run of studies is: which study, how long so far, how long still.

    The time left is what the studies still to run took last time (`expected`, seconds by
    name), scaled by how this run's finished studies compare with their own last times (a busy
    machine is slow throughout); without last times, the finished studies' mean per study."""

    def __init__(
        self,
        names: Sequence[str],
        expected: Mapping[str, float] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.names = list(names)
        self.expected = dict(expected or {})
        self._clock = clock
        self._began = clock()
        self._current: str | None = None
        self._current_began = self._began
        self.took: dict[str, float] = {}

    def start(self, name: str) -> None:
        now = self._clock()
        if self._current is not None:
            self.took[self._current] = now - self._current_began
        self._current, self._current_began = name, now

    def finish(self) -> None:
        if self._current is not None:
            self.took[self._current] = self._clock() - self._current_began
            self._current = None

    @property
    def elapsed(self) -> float:
        return self._clock() - self._began

    def seconds_left(self) -> float | None:
        """None until there is something to estimate from."""
        waiting = [n for n in self.names if n not in self.took and n != self._current]
        running = self._clock() - self._current_began if self._current else 0.0
        known = [n for n in self.took if n in self.expected and self.expected[n] > 0]
        scale = (
            sum(self.took[n] for n in known) / sum(self.expected[n] for n in known)
            if known
            else 1.0
        )
        todo = [*waiting, *([self._current] if self._current else [])]
        if all(n in self.expected for n in todo):
            left = sum(self.expected[n] * scale for n in waiting)
            if self._current:
                left += max(self.expected[self._current] * scale - running, 0.0)
            return left
        if not self.took:
            return None
        mean = sum(self.took.values()) / len(self.took)
        return len(waiting) * mean + (max(mean - running, 0.0) if self._current else 0.0)

    def line(self) -> str:
        """e.g. "study 3 of 9: sweep · 4:10 elapsed · about 7 min left"."""
        elapsed = _clock_time(self.elapsed)
        if self._current is None:
            return f"{len(self.took)} of {len(self.names)} studies done · {elapsed} elapsed"
        number = len(self.took) + 1
        left = self.seconds_left()
        estimate = "" if left is None else f" · about {_duration(left)} left"
        return f"study {number} of {len(self.names)}: {self._current} · {elapsed} elapsed{estimate}"


def _clock_time(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(round(seconds / 10) * 10, 10):.0f} s"
    return f"{round(seconds / 60):.0f} min"


class _NullTask:
    def advance(self, steps: int = 1) -> None:
        pass

    def status(self, text: str) -> None:
        pass


class NullReporter:
    """Discards everything; for tests and non-interactive callers."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def task(self, description: str, total: int) -> Task:
        return _NullTask()

    def log(self, message: str) -> None:
        self.messages.append(message)

    def overall(self, names: Sequence[str], expected: Mapping[str, float] | None = None) -> Pace:
        return Pace(names, expected)


class _RichTask:
    def __init__(self, progress: Progress, task_id: TaskID) -> None:
        self._progress = progress
        self._id = task_id

    def advance(self, steps: int = 1) -> None:
        self._progress.advance(self._id, steps)

    def status(self, text: str) -> None:
        self._progress.update(self._id, status=text)


class _RichOverall:
    """The run's line, drawn below the studies' bars."""

    def __init__(self, progress: _Progress, pace: Pace) -> None:
        self._progress = progress
        self.pace = pace
        progress.pace = pace

    def start(self, name: str) -> None:
        self.pace.start(name)
        self._progress.refresh()

    def finish(self) -> None:
        self.pace.finish()
        self._progress.refresh()


class _Progress(Progress):
    """rich's Progress with the run's line below the bars and, on a short screen, only the
    latest bars above it: the run's line never scrolls away."""

    pace: Pace | None = None

    def get_renderables(self) -> Iterable[RenderableType]:
        # Called once by Progress.__init__, before its console is set.
        height = self.console.size.height if hasattr(self, "live") else 24
        room = max(height - 3, 1)
        yield self.make_tasks_table(self.tasks[-room:])
        if self.pace is not None:
            yield Text(self.pace.line(), style="bold")


class RichReporter:
    """One progress bar per step, with the current command as a live status line, and one
    line for the whole run (study k of n, elapsed, an estimate of the time left)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress = _Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[status]}"),
            console=console,
            transient=False,
        )

    def __enter__(self) -> RichReporter:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def task(self, description: str, total: int) -> Task:
        return _RichTask(
            self._progress, self._progress.add_task(description, total=total, status="")
        )

    def log(self, message: str) -> None:
        self._progress.console.print(message, highlight=False)

    def overall(self, names: Sequence[str], expected: Mapping[str, float] | None = None) -> Overall:
        return _RichOverall(self._progress, Pace(names, expected))
