"""Where the talk's 12x comes from: each talk script's whole-process time split into the fixed
cost every run pays (interpreter, imports, script) and the computation, all measured in the
same run.

The parts are differences of medians timed by different commands, so they can come out
impossible (a negative part, start-up longer than the whole) when the machine ran at another
speed for one of them: `Breakdown.contradictions` names each such part, and no renderer prints
it as a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bench import slides
from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.pytest_benchmark import InProcessResult
from bench.report.findings.talk import table_data, table_pair
from bench.report.lineup import kind
from bench.report.rawrun import HyperfineData, RawRun, Timed
from bench.report.stats import Ratio, ratio_of_medians
from bench.slides import TABLES, TalkRow, TalkTable


class Contradiction(Enum):
    """A part of a process that two timings make impossible."""

    #: `SCRIPT 0` took longer than `SCRIPT 5000`.
    START_LONGER = "start-up longer than the whole"
    #: Importing the module was faster than `python -c pass`.
    IMPORT_FASTER = "import faster than the interpreter"
    #: `SCRIPT 0` was faster than importing its module.
    SCRIPT_FASTER = "script faster than its import"
    #: Computing in process took longer than the whole process less `SCRIPT 0`.
    COMPUTE_LONGER = "computing longer than the work"


def columns() -> list[tuple[TalkRow, TalkTable]]:
    """Each implementation the slides timed, with the first slide row and table that ran it."""
    found: dict[str, tuple[TalkRow, TalkTable]] = {}
    for row, table in slides.rows():
        found.setdefault(row.implementation, (row, table))
    return list(found.values())


@dataclass(frozen=True)
class Breakdown:
    """One implementation's whole-process time and its parts (medians, seconds)."""

    implementation: str
    script: str
    interpreter: Timed
    imported: Timed
    at_zero: Timed
    #: `SCRIPT 5000` in the talk's table (the talk's comparison).
    whole: Timed
    in_process: InProcessResult
    #: `SCRIPT 5000` timed by the start-up study in the same hyperfine run as `SCRIPT 0`; None
    #: in runs from before it was.
    same_run: Timed | None = None

    @property
    def process(self) -> Timed:
        """The whole process the parts are taken from: the one timed beside `SCRIPT 0` when
        there is one, else the talk table's."""
        return self.same_run or self.whole

    @property
    def import_cost(self) -> float:
        return self.imported.result.median - self.interpreter.result.median

    @property
    def script_cost(self) -> float:
        return self.at_zero.result.median - self.imported.result.median

    @property
    def fixed(self) -> float:
        return self.at_zero.result.median

    @property
    def work(self) -> float:
        """Whole process minus the same script doing nothing."""
        return self.process.result.median - self.fixed

    @property
    def compute(self) -> float:
        return self.in_process.median

    @property
    def rest(self) -> float:
        """Printing 5,000 numbers, plus whatever noise separates two separate measurements."""
        return self.work - self.compute

    @property
    def fixed_share(self) -> float:
        return self.fixed / self.process.result.median

    def contradictions(self) -> list[Contradiction]:
        """Each part the measurements contradict, in the order a reader is told."""
        found = []
        whole = self.process.result.median
        if self.fixed >= whole:
            found.append(Contradiction.START_LONGER)
        if self.import_cost < 0:
            found.append(Contradiction.IMPORT_FASTER)
        if self.script_cost < 0:
            found.append(Contradiction.SCRIPT_FASTER)
        if self.fixed < whole and self.rest < 0:
            found.append(Contradiction.COMPUTE_LONGER)
        return found

    @property
    def consistent(self) -> bool:
        """No part contradicts another."""
        return not self.contradictions()

    @property
    def share_known(self) -> bool:
        """Start-up is shorter than the whole process, so its share is a share (the other
        parts may still disagree with the in-process timing)."""
        return 0 < self.fixed_share < 1

    @property
    def language(self) -> str:
        """The language as the raw data names it (`pure`, `rust`, ...)."""
        return kind(self.in_process).language


def breakdowns(run: RawRun) -> list[Breakdown]:
    startup = run.hyperfine_file(layout.STARTUP, layout.STARTUP)
    in_process = run.in_process
    if startup is None or in_process is None:
        return []
    interpreter = startup.find(kind="interpreter")
    tables: dict[str, HyperfineData | None] = {}
    found = []
    for row, table in columns():
        implementation, script = row.implementation, row.script
        if table.key not in tables:
            tables[table.key] = table_data(run, table)
        whole_data = tables[table.key]
        imported = next(
            (
                t
                for t in startup.timed
                if t.spec.tags.get("kind") == "import"
                and implementation in t.spec.tags.get("implementations", "").split(",")
            ),
            None,
        )
        parts = (
            interpreter,
            imported,
            startup.find(kind="script", script=script, count="0"),
            whole_data.find(kind="script", script=script, count=str(TALK_COUNT))
            if whole_data
            else None,
            in_process.get(implementation, TALK_COUNT),
        )
        same_run = startup.find(kind="script", script=script, count=str(TALK_COUNT))
        if all(part is not None for part in parts):
            found.append(Breakdown(implementation, script, *parts, same_run=same_run))  # type: ignore[arg-type]
    return found


@dataclass(frozen=True)
class TableRatios:
    """One talk table's ratio three ways: whole processes (both from the table's own hyperfine
    run), the same less each side's fixed cost, and in process."""

    slow: Breakdown
    fast: Breakdown
    whole: Ratio
    #: None when either side's whole process less its fixed cost is not positive.
    without_fixed: float | None
    in_process: Ratio


def table_ratios(run: RawRun, by_name: dict[str, Breakdown]) -> list[TableRatios]:
    found = []
    for table in TABLES:
        slow, fast = by_name.get(table.slow.implementation), by_name.get(table.fast.implementation)
        pair = table_pair(run, table)
        if slow is None or fast is None or pair is None:
            continue
        slow_work = pair[0].result.median - slow.fixed
        fast_work = pair[1].result.median - fast.fixed
        found.append(
            TableRatios(
                slow,
                fast,
                ratio_of_medians(pair[0].result.times, pair[1].result.times),
                slow_work / fast_work if slow_work > 0 and fast_work > 0 else None,
                ratio_of_medians(slow.in_process.data, fast.in_process.data),
            )
        )
    return found


#: A start-up share of the fast process at or above this "dominates" it; below SMALL it hardly
#: matters.
DOMINANT, SMALL = 0.5, 0.1
DOMINATES, PART, HARDLY = "dominates", "part", "hardly"


def startup_share(b: Breakdown) -> Ratio:
    """`SCRIPT 0` over the whole process, a ratio of medians with its interval."""
    return ratio_of_medians(b.at_zero.result.times, b.process.result.times)


def weigh_startup(share: float) -> str:
    if share >= DOMINANT:
        return DOMINATES
    return PART if share >= SMALL else HARDLY
