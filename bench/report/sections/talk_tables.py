"""The talk's two hyperfine tables beside this run's figures for the same commands."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import HyperfineData, RawRun, Timed
from bench.report.sections.common import not_measured
from bench.report.stats import Ratio, ratio_of_means, ratio_of_medians
from bench.slides import TABLES, TalkRow, TalkTable


def slide_ratio(table: TalkTable) -> Ratio:
    """The slide's "fast ran X ± Y times faster than slow"."""
    return Ratio(table.ratio, stddev=table.ratio_stddev)


def find_row(data: HyperfineData, row: TalkRow) -> Timed | None:
    return data.find(kind="script", script=row.script, implementation=row.implementation)


def our_ratios(slow: Timed, fast: Timed) -> tuple[Ratio, Ratio]:
    """(ratio of means ± σ as hyperfine computes it, ratio of medians with a bootstrap CI)."""
    a, b = slow.result, fast.result
    return ratio_of_means(a.mean, a.stddev, b.mean, b.stddev), ratio_of_medians(a.times, b.times)


def _table(table: TalkTable, data: HyperfineData) -> list[Block]:
    rows = table.rows_in_slide_order()
    timed = [find_row(data, row) for row in rows]
    if any(t is None for t in timed):
        return [Paragraph(f"`{data.record.json}` lacks one of the talk's commands.")]
    first, second = (t for t in timed if t is not None)
    slow, fast = (first, second) if table.slow_first else (second, first)
    means, medians = our_ratios(slow, fast)
    header = (
        "",
        *(f"`{row.script} {TALK_COUNT}` ({row.implementation})" for row in rows),
        f"`{table.slow.script}` ÷ `{table.fast.script}`",
    )
    talk_ratio = slide_ratio(table)
    body = (
        (
            "talk (slide): mean ± σ",
            *(fmt.duration_pm(row.mean_ms / 1e3, row.stddev_ms / 1e3) for row in rows),
            fmt.ratio(talk_ratio),
        ),
        (
            "talk (slide): min … max, runs",
            *(
                f"{fmt.duration_range(row.min_ms / 1e3, row.max_ms / 1e3)}, {row.runs}"
                for row in rows
            ),
            "",
        ),
        (
            "talk (slide): user, system",
            *(f"{row.user_ms:.1f} ms, {row.system_ms:.1f} ms" for row in rows),
            "",
        ),
        (
            "this run: mean ± σ",
            *(fmt.duration_pm(t.result.mean, t.result.stddev) for t in (first, second)),
            fmt.ratio(means),
        ),
        (
            "this run: median",
            *(fmt.duration(t.result.median) for t in (first, second)),
            fmt.ratio(medians),
        ),
        (
            "this run: min … max, runs",
            *(
                f"{fmt.duration_range(t.result.min, t.result.max)}, {t.result.runs}"
                for t in (first, second)
            ),
            "",
        ),
        (
            "this run: user, system",
            *(
                f"{fmt.duration(t.result.user)}, {fmt.duration(t.result.system)}"
                for t in (first, second)
            ),
            "",
        ),
    )
    # Said the way hyperfine says it: the faster command first, a ratio of at least 1.
    winner, loser = (fast, slow) if means.value >= 1 else (slow, fast)
    winner_means, winner_medians = our_ratios(loser, winner)
    verdict = (
        f"In this run `{winner.spec.label}` ran {fmt.ratio(winner_means)} times faster than "
        f"`{loser.spec.label}` (ratio of means, σ propagated as hyperfine does; ratio of "
        f"medians {fmt.ratio(winner_medians)}). The slide: `{table.fast.script} {TALK_COUNT}` "
        f"ran {fmt.ratio(talk_ratio)} times faster."
    )
    commands = ", ".join(f"`{t.spec.command}`" for t in (first, second))
    options = " ".join(data.record.options)
    return [
        Heading(table.title, 3),
        Paragraph(f"The slide's command: `{table.slide_command}`."),
        Table(header, body),
        Paragraph(verdict),
        Paragraph(
            f"Measured: `hyperfine {options}` {commands}; raw data "
            f"[`{data.record.json}`](raw/{data.record.json})."
        ),
    ]


def render(run: RawRun) -> list[Block]:
    blocks: list[Block] = [
        Heading("The talk's two tables"),
        Paragraph(
            "The talk timed its console scripts as whole processes with hyperfine at "
            f"n = {fmt.count(TALK_COUNT)}. "
            "Here are its figures (quoted from the slides) beside the same commands measured in "
            "this run. Times are wall-clock per process; ratios are time(left) ÷ time(right) as "
            "labelled, so above 1 means the second command is faster. User and system are the "
            "CPU time the process itself used (means): on a busy machine wall-clock time grows "
            "beyond them while the process waits for a core."
        ),
    ]
    for table in TABLES:
        data = run.hyperfine_file(layout.TALK, table.key)
        if data is None:
            blocks += [Heading(table.title, 3), *not_measured(table.title, layout.TALK)]
        else:
            blocks += _table(table, data)
    return blocks
