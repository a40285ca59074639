"""The talk's two hyperfine tables as this run measured them: the slide's ratio, each
table's two rows, and the ratios of this run's timings."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report.rawrun import HyperfineData, RawRun, Timed
from bench.report.stats import Ratio, ratio_of_means, ratio_of_medians
from bench.slides import TalkRow, TalkTable


def slide_ratio(table: TalkTable) -> Ratio:
    """The slide's "fast ran X ± Y times faster than slow"."""
    return Ratio(table.ratio, stddev=table.ratio_stddev)


def find_row(data: HyperfineData, row: TalkRow) -> Timed | None:
    return data.find(
        kind="script", script=row.script, implementation=row.implementation, count=str(TALK_COUNT)
    )


def table_data(run: RawRun, table: TalkTable) -> HyperfineData | None:
    """The hyperfine run that timed a talk table's two commands: the table's own, or, when the
    start-up study ran too, its one run, which times them beside `SCRIPT 0` and the rest."""
    own = run.hyperfine_file(layout.TALK, table.key)
    if own is not None:
        return own
    shared = run.hyperfine_file(layout.STARTUP, layout.STARTUP)
    if shared is None or any(find_row(shared, row) is None for row in (table.slow, table.fast)):
        return None
    return shared


def shared_with_startup(data: HyperfineData) -> bool:
    """Whether a talk table's run is the start-up study's (the talk study did not time it)."""
    return data.record.json == layout.hyperfine_json(layout.STARTUP)


def our_ratios(slow: Timed, fast: Timed) -> tuple[Ratio, Ratio]:
    """(ratio of means ± σ as hyperfine computes it, ratio of medians with a bootstrap CI)."""
    a, b = slow.result, fast.result
    return ratio_of_means(a.mean, a.stddev, b.mean, b.stddev), ratio_of_medians(a.times, b.times)


def table_pair(run: RawRun, table: TalkTable) -> tuple[Timed, Timed] | None:
    """The talk table's two whole processes (slow, fast), timed in one hyperfine run."""
    data = table_data(run, table)
    if data is None:
        return None
    slow, fast = find_row(data, table.slow), find_row(data, table.fast)
    return None if slow is None or fast is None else (slow, fast)
