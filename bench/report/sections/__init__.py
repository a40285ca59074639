"""The report's sections, in order. Adding one: a module with `render(run) -> list[Block]`
reading what it needs from the raw run (and saying so when it is absent), and an entry here."""

from __future__ import annotations

from bench.report.sections import (
    correctness_gate,
    environment_table,
    explanation,
    measurement_notes,
    overview,
    reproduce,
    scaling,
    talk_tables,
)
from bench.report.sections.common import Section

SECTIONS: tuple[Section, ...] = (
    overview.render,
    talk_tables.render,
    explanation.render,
    scaling.render,
    correctness_gate.render,
    measurement_notes.render,
    environment_table.render,
    reproduce.render,
)
