"""What each choice costs besides speed: source lines, build times, extension sizes, toolchains
and import time, one row per implementation and one per group of what they share."""

from __future__ import annotations

from bench.raw import costs, layout
from bench.report.document import Block, Heading
from bench.report.rawrun import RawRun
from bench.report.sections.common import not_measured

TITLE = "What each choice costs besides speed"


def render(run: RawRun) -> list[Block]:
    title = Heading(TITLE)
    data = costs.read_if_present(run.dir)
    if data is None:
        return [title, *not_measured("source lines, build times and sizes", layout.COSTS)]
    return [title]
