"""What a study is: a named measurement that writes raw files and says which."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bench.config import RunConfig
from bench.correctness import Gate
from bench.progress import Reporter
from bench.raw.manifest import StudyRecord


class MeasurementError(RuntimeError):
    """A tool failed; the run stops and the committed results stay as they were."""


@dataclass
class StudyContext:
    config: RunConfig
    #: The staging raw directory; it replaces `results/raw/` only if the whole run succeeds.
    raw: Path
    #: Scratch space outside the raw directory.
    work: Path
    gate: Gate
    reporter: Reporter


class Study(Protocol):
    #: Selects it on the command line (`--study NAME`).
    name: str
    title: str

    def run(self, ctx: StudyContext) -> StudyRecord:
        """Measure, write raw files under `ctx.raw`, and return what was written."""
        ...
