"""Live status for long runs: rich progress bars when measuring, silence in tests."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Task(Protocol):
    def advance(self, steps: int = 1) -> None: ...
    def status(self, text: str) -> None: ...


class Reporter(Protocol):
    def task(self, description: str, total: int) -> Task: ...
    def log(self, message: str) -> None: ...


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


class _RichTask:
    def __init__(self, progress: Progress, task_id: TaskID) -> None:
        self._progress = progress
        self._id = task_id

    def advance(self, steps: int = 1) -> None:
        self._progress.advance(self._id, steps)

    def status(self, text: str) -> None:
        self._progress.update(self._id, status=text)


class RichReporter:
    """One progress bar per step, with the current command as a live status line."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress = Progress(
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
