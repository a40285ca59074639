"""The talk's two hyperfine tables beside this run's figures for the same commands, and the
pure script under PyPy (not in the talk) where a PyPy was found."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings.talk import (
    find_row,
    our_ratios,
    shared_with_startup,
    slide_ratio,
    table_data,
)
from bench.report.rawrun import HyperfineData, RawRun, Timed
from bench.report.stats import Ratio, ratio_of_means, ratio_of_medians
from bench.report.wording import not_measured
from bench.slides import TABLES, TalkTable

#: The talk's pure-Python console script: the column a PyPy row goes in.
PURE_SCRIPT = "primes"


#: The talk study's hyperfine key for the PyPy run (bench/studies/talk.py's PYPY_KEY: the
#: report reads raw files only, so the name is repeated, as the tables' keys are in slides.py).
PYPY_KEY = "talk-pypy"
PYPY_ROW = "PyPy (not in the talk)"
#: The talk study's notes about PyPy start with this.
PYPY_NOTE = "PyPy:"


def _pypy(run: RawRun) -> Timed | str:
    """The PyPy run, or what to say instead (the talk study's note, never nothing)."""
    data = run.hyperfine_file(layout.TALK, PYPY_KEY)
    found = data.find(kind="pypy") if data is not None else None
    if found is not None:
        return found
    record = run.study(layout.TALK)
    notes = [note for note in (record.notes if record else []) if note.startswith(PYPY_NOTE)]
    if notes:
        return notes[0]
    return (
        f"{PYPY_NOTE} not measured in this run (the talk study measures it when it finds "
        "pypy3, or is given `--pypy PATH`; Debian: apt-get install pypy3)."
    )


def _pypy_blocks(
    pypy: Timed | str, table: TalkTable, ours: tuple[Timed, Timed]
) -> tuple[tuple[str, ...] | None, Paragraph]:
    """The PyPy row for a table with the pure script's column, and its sentence: PyPy in the
    pure script's column, its ratio to the table's other command in the ratio column."""
    if isinstance(pypy, str):
        return None, Paragraph(pypy)
    rows = table.rows_in_slide_order()
    pure = next(i for i, row in enumerate(rows) if row.script == PURE_SCRIPT)
    other = ours[1 - pure]
    cells = ["–", "–"]
    cells[pure] = fmt.duration_pm(pypy.result.mean, pypy.result.stddev)
    # The ratio column is time(slow) ÷ time(fast), with PyPy in the pure script's place.
    slow, fast = (pypy, other) if rows[pure] is table.slow else (other, pypy)
    a, b = slow.result, fast.result
    row = (
        f"{PYPY_ROW}: mean ± σ",
        *cells,
        fmt.ratio(ratio_of_means(a.mean, a.stddev, b.mean, b.stddev)),
    )
    versus_cpython = ratio_of_medians(ours[pure].result.times, pypy.result.times)
    versus_other = ratio_of_medians(other.result.times, pypy.result.times)
    interpreter = pypy.spec.tags.get("interpreter", "PyPy")
    sentence = (
        f"{PYPY_ROW}: `{pypy.spec.command}` runs the same pure-Python script under "
        f"{interpreter}, in {fmt.duration(pypy.result.median)} (median of "
        f"{pypy.result.runs} runs): {_times(versus_cpython, 'than')} CPython's "
        f"`{ours[pure].spec.label}`, and {_times(versus_other, 'than')} `{other.spec.label}` "
        "(ratios of medians with 95% intervals, from separate hyperfine runs of this run; "
        f"raw data [`{PYPY_KEY}.json`](raw/{layout.hyperfine_json(PYPY_KEY)}))."
    )
    return row, Paragraph(sentence)


def _times(ratio: Ratio, than: str) -> str:
    """`3.20 (95% CI 3.1–3.3) times faster than` / `... times slower than`: `ratio` is
    time(other) ÷ time(PyPy), so above 1 PyPy is the faster."""
    if ratio.low is not None and ratio.high is not None and ratio.low <= 1 <= ratio.high:
        return f"as fast as (ratio {fmt.ratio(ratio)}, an interval that includes 1)"
    if ratio.value >= 1:
        return f"{fmt.ratio(ratio)} times faster {than}"
    inverse = Ratio(
        1 / ratio.value,
        low=None if ratio.high is None else 1 / ratio.high,
        high=None if ratio.low is None else 1 / ratio.low,
    )
    return f"{fmt.ratio(inverse)} times slower {than}"


def _table(table: TalkTable, data: HyperfineData, pypy: Timed | str) -> list[Block]:
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
    body: tuple[tuple[str, ...], ...] = (
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
    measured = (
        f"Measured in the start-up study's one hyperfine run, beside its other "
        f"{len(data.timed) - 2} commands: `hyperfine {options}` {commands}"
        if shared_with_startup(data)
        else f"Measured: `hyperfine {options}` {commands}"
    )
    after: list[Block] = []
    if any(row.script == PURE_SCRIPT for row in rows):
        pypy_row, pypy_paragraph = _pypy_blocks(pypy, table, (first, second))
        if pypy_row is not None:
            body = (*body, pypy_row)
        after.append(pypy_paragraph)
    return [
        Heading(table.title, 3),
        Paragraph(f"The slide's command: `{table.slide_command}`."),
        Table(header, body),
        Paragraph(verdict),
        *after,
        Paragraph(f"{measured}; raw data [`{data.record.json}`](raw/{data.record.json})."),
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
    pypy = _pypy(run)
    for table in TABLES:
        data = table_data(run, table)
        if data is None:
            blocks += [Heading(table.title, 3), *not_measured(table.title, layout.TALK)]
        else:
            blocks += _table(table, data, pypy)
    return blocks
