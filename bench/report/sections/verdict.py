"""The verdict that opens the report: the README's question answered from this run's numbers."""

from __future__ import annotations

from bench.report.document import Block
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    return []
