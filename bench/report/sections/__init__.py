"""The report's sections, in order. Adding one: a module with `render(run) -> list[Block]`
printing what `bench.report.findings` computes from the raw run (and saying so when it is
absent), and an entry here. A section imports no other section: what two share is a finding,
or a sentence in `bench.report.wording`."""

from __future__ import annotations

from collections.abc import Callable

from bench.report.document import Block
from bench.report.rawrun import RawRun
from bench.report.sections import (
    beside,
    boundary,
    correctness,
    costs,
    crosscheck,
    environment_table,
    first_call,
    measurement_notes,
    overview,
    reproduce,
    scaling,
    split,
    startup,
    sweep,
    talk,
    targets,
    threads,
    verdict,
)

#: A section turns the raw run into blocks; it must cope with its data being absent.
Section = Callable[[RawRun], list[Block]]

SECTIONS: tuple[Section, ...] = (
    verdict.render,
    overview.render,
    talk.render,
    startup.render,
    scaling.render,
    sweep.render,
    split.render,
    first_call.render,
    boundary.render,
    threads.render,
    targets.render,
    crosscheck.render,
    beside.render,
    costs.render,
    correctness.render,
    measurement_notes.render,
    environment_table.render,
    reproduce.render,
)
