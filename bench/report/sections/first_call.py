"""What a short-lived process pays before the steady state: import, first call, steady call."""

from __future__ import annotations

from bench.raw import layout
from bench.raw.first_call import read_if_present
from bench.report.document import Block, Heading
from bench.report.rawrun import RawRun
from bench.report.sections.common import not_measured

TITLE = "The first call in a fresh process"


def render(run: RawRun) -> list[Block]:
    data = read_if_present(run.dir)
    if data is None:
        return [
            Heading(TITLE),
            *not_measured("the first call in a fresh process", layout.FIRST_CALL),
        ]
    return [Heading(TITLE)]
