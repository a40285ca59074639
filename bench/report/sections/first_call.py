"""What a short-lived process pays before the steady state: import, first call, steady call,
and for a JIT (numba) the first call with an empty and with a warm cache."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from bench.raw import layout
from bench.raw.first_call import FirstCallFile, Implementation, Process, read_if_present
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings.first_call import (
    SAME,
    calls_to_overtake,
    first_over_steady,
    half_iqr,
    once,
    steady,
)
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured

TITLE = "The first call in a fresh process"
#: The row under a JIT's own: its processes that started with an empty cache.
EMPTY_CACHE_ROW = "↳ empty cache"


def short(seconds: float) -> str:
    """`367 ms`, `22.1 ms`, `1.10 ms`: three significant digits, so the table fits 80 columns."""
    value, unit = seconds * 1e9, "ns"
    for scale, name in ((1.0, "s"), (1e3, "ms"), (1e6, "µs")):
        if seconds * scale >= 1:
            value, unit = seconds * scale, name
            break
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {unit}"


def cell(values: Sequence[float]) -> str:
    """`12.3 ms (±4%)`: the median and half its interquartile range as a share of it (HTML and
    the terminal break a narrow cell before the bracket)."""
    spread = half_iqr(values)
    shown = short(median(values))
    if spread is None:
        return shown
    # Two digits at most, so a cell stays 13 characters and the table within 80 columns.
    return f"{shown} (±{fmt.percent(spread)})" if spread < 0.995 else f"{shown} (±>99%)"


def _row(label: str, processes: Sequence[Process]) -> tuple[str, ...]:
    return (
        label,
        cell([p.import_seconds for p in processes]),
        cell([p.first_call for p in processes]),
        cell([steady(p) for p in processes]),
    )


def table(data: FirstCallFile) -> Table:
    rows = []
    for name, impl in data.implementations.items():
        # Names without backticks: two characters more would not fit 80 columns.
        rows.append(_row(name, impl.processes))
        if impl.cold:
            rows.append(_row(EMPTY_CACHE_ROW, impl.cold))
    # No ratio column: with a 20-character name it would not fit 80 columns; the sentences
    # below the table give the ratios that matter.
    return Table(("implementation", "import", "first call", "steady call"), tuple(rows))


def versus_steady(ratio: float) -> str:
    """How a first call compares with the steady call, in words that follow the ratio."""
    if abs(ratio - 1) <= SAME:
        return "about as long as its steady-state call"
    if ratio < 1:
        return f"{fmt.speedup(ratio)} its steady-state call (shorter)"
    return f"{fmt.speedup(ratio)} its steady-state call"


def _jit_sentences(name: str, impl: Implementation, data: FirstCallFile) -> list[str]:
    warm, cold = impl.processes, impl.cold
    warm_steady = median(steady(p) for p in warm)
    sentences = []
    if cold:
        cold_first = median(p.first_call for p in cold)
        # Paired by round: the cached process ran right after the one that filled its cache.
        compile_time = median(c.first_call - w.first_call for c, w in zip(cold, warm, strict=False))
        text = (
            f"`{name}`'s first call in a process with an empty cache takes "
            f"{fmt.duration(cold_first)}, {versus_steady(first_over_steady(cold))} "
            f"({fmt.duration(warm_steady)})"
        )
        if compile_time <= 0:
            text += (
                "; compiling costs nothing measurable: the empty-cache first call is no slower "
                "than the cached one."
            )
        elif compile_time >= cold_first / 2:
            text += (
                f", and most of it is compilation: {fmt.duration(compile_time)} "
                "(empty-cache minus cached first call, median of the rounds' pairs)."
            )
        else:
            text += (
                f", of which compilation is {fmt.duration(compile_time)} "
                "(empty-cache minus cached first call, median of the rounds' pairs)."
            )
        sentences.append(text)
    sentences.append(
        f"With the cache an earlier process wrote, its first call takes "
        f"{fmt.duration(median(p.first_call for p in warm))}, "
        f"{versus_steady(first_over_steady(warm))}; importing `{impl.module}` takes "
        f"{fmt.duration(median(p.import_seconds for p in warm))}."
    )
    sentences += _against_pure(name, impl, data)
    return sentences


def _against_pure(name: str, impl: Implementation, data: FirstCallFile) -> list[str]:
    """Where the JIT overtakes pure Python's version of the same algorithm, if it ran."""
    pure = next(
        (
            (other_name, other)
            for other_name, other in data.implementations.items()
            if other.language == "pure" and other.algorithm == impl.algorithm
        ),
        None,
    )
    if pure is None:
        return []
    pure_name, pure_impl = pure
    pure_once = once(pure_impl.processes)
    pure_steady = median(steady(p) for p in pure_impl.processes)
    jit_steady = median(steady(p) for p in impl.processes)
    cases = [("with a warm cache", impl.processes)]
    if impl.cold:
        cases.insert(0, ("with an empty cache", impl.cold))
    parts = []
    for how, processes in cases:
        jit_once = once(processes)
        at = calls_to_overtake(jit_once, jit_steady, pure_once, pure_steady)
        if at is None:
            verdict = f"never catches up with `{pure_name}`"
        elif at == 1:
            verdict = f"is ahead of `{pure_name}` from the first call"
        else:
            verdict = f"overtakes `{pure_name}` at call {at:,}"
        parts.append(f"{how} it pays {fmt.duration(jit_once)} and {verdict}")
    return [
        f"Import and first call together, against {fmt.duration(pure_once)} for "
        f"`{pure_name}`: " + "; ".join(parts) + " (counting the import, in a process calling "
        f"`first_n({data.count:,})` again and again)."
    ]


def _no_jit(data: FirstCallFile) -> str:
    if not data.jit_registered:
        return (
            "No implementation in the registry compiles at its first call (a JIT such as "
            "numba), so no first call here includes compilation."
        )
    names = ", ".join(f"`{name}`" for name in data.jit_registered)
    return (
        f"The registry's JIT implementations ({names}) were not measured in this run: not "
        "selected, or refused by the correctness check (see the notes)."
    )


def _ahead_of_time(data: FirstCallFile) -> list[str]:
    """Sentences on the implementations that do not compile at their first call, and on the
    slowest import."""
    ratios = {
        name: first_over_steady(impl.processes)
        for name, impl in data.implementations.items()
        if not impl.jit
    }
    sentences = []
    if ratios:
        close = [name for name, ratio in ratios.items() if abs(ratio - 1) <= SAME]
        worst = max(ratios, key=lambda name: abs(ratios[name] - 1))
        text = (
            f"Without a JIT, the first call is within {fmt.percent(SAME)} of the steady-state "
            f"call for {len(close)} of {len(ratios)} implementations"
        )
        if worst in close:
            sentences.append(text + ".")
        else:
            sentences.append(
                text + f"; the furthest is `{worst}`, whose first call takes "
                f"{versus_steady(ratios[worst])}."
            )
    imports = {
        name: median(p.import_seconds for p in impl.processes)
        for name, impl in data.implementations.items()
    }
    slowest = max(imports, key=imports.__getitem__)
    module = data.implementations[slowest].module
    if data.implementations[slowest].jit:
        return sentences  # its own sentences gave its import
    sentences.append(
        f"The slowest import is `{slowest}`'s: `import {module}` takes "
        f"{fmt.duration(imports[slowest])}, paid by every process that uses it."
    )
    return sentences


def render(run: RawRun) -> list[Block]:
    data = read_if_present(run.dir)
    if data is None:
        return [
            Heading(TITLE),
            *not_measured("the first call in a fresh process", layout.FIRST_CALL),
        ]
    settings = data.settings
    blocks: list[Block] = [
        Heading(TITLE),
        Paragraph(
            "What a short-lived process pays before the steady state. Each implementation ran "
            f"in {settings.rounds} fresh interpreters (`python -I`, rounds in rotated order): "
            "the import of its module (after interpreter start-up, measured separately), its "
            f"first `first_n({data.count:,})`, then the same call again (at least "
            f"{settings.steady_min_calls} times and {fmt.duration(settings.steady_min_seconds)}); "
            "the steady call is the median of those. Cells are medians over the processes, "
            "± half the interquartile range as a share of the median. A ratio of the first to "
            "the steady call is the median of each process's own. Raw data "
            f"[`{layout.FIRST_CALL_JSON}`](raw/{layout.FIRST_CALL_JSON})."
        ),
    ]
    if not data.implementations:
        return [*blocks, Paragraph("No implementation passed the correctness check.")]
    blocks.append(table(data))
    jits = [(name, impl) for name, impl in data.implementations.items() if impl.jit]
    if jits:
        blocks.append(
            Paragraph(
                "A JIT compiles at its first call and, asked to (`cache=True`), keeps the result "
                "on disk. Its row is a process that found the cache an earlier process wrote; "
                f"*{EMPTY_CACHE_ROW}* is that earlier process, started with `NUMBA_CACHE_DIR` "
                "set to a new, empty directory."
            )
        )
        for name, impl in jits:
            blocks.append(Paragraph(" ".join(_jit_sentences(name, impl, data))))
    else:
        blocks.append(Paragraph(_no_jit(data)))
    blocks.append(Paragraph(" ".join(_ahead_of_time(data))))
    return blocks
