"""Where the talk's 12x comes from: the whole-process time split into the fixed cost every run
pays (interpreter, imports, script) and the computation, all measured in the same run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.counts import TALK_COUNT
from bench.raw.pytest_benchmark import InProcessResult
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.lineup import kind
from bench.report.rawrun import HyperfineData, RawRun, Timed
from bench.report.sections.common import language_label, not_measured
from bench.report.stats import ratio_of_means, ratio_of_medians

#: (implementation, the talk's script for it, which talk table holds its n = 5000 run)
_COLUMNS = (
    ("pure-naive", "primes", "talk-pure-vs-rust"),
    ("rust-naive", "primes-fast", "talk-pure-vs-rust"),
    ("cython-naive", "primes-fast-cython", "talk-rust-vs-cython"),
)


@dataclass(frozen=True)
class Breakdown:
    """One implementation's whole-process time and its parts (medians, seconds)."""

    implementation: str
    script: str
    interpreter: Timed
    imported: Timed
    at_zero: Timed
    whole: Timed
    in_process: InProcessResult

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
        return self.whole.result.median - self.fixed

    @property
    def compute(self) -> float:
        return self.in_process.median

    @property
    def rest(self) -> float:
        """Printing 5,000 numbers, plus whatever noise separates two separate measurements."""
        return self.work - self.compute

    @property
    def fixed_share(self) -> float:
        return self.fixed / self.whole.result.median

    @property
    def language(self) -> str:
        return language_label(kind(self.in_process).language)


def breakdowns(run: RawRun) -> list[Breakdown]:
    startup = run.hyperfine_file("startup", "startup")
    in_process = run.in_process
    if startup is None or in_process is None:
        return []
    interpreter = startup.find(kind="interpreter")
    tables: dict[str, HyperfineData | None] = {}
    found = []
    for implementation, script, table in _COLUMNS:
        if table not in tables:
            tables[table] = run.hyperfine_file("talk", table)
        whole_data = tables[table]
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
            startup.find(kind="script", script=script),
            whole_data.find(kind="script", script=script) if whole_data else None,
            in_process.get(implementation, TALK_COUNT),
        )
        if all(part is not None for part in parts):
            found.append(Breakdown(implementation, script, *parts))  # type: ignore[arg-type]
    return found


def _ratio_rows(by_name: dict[str, Breakdown]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for slow_name, fast_name in (("pure-naive", "rust-naive"), ("cython-naive", "rust-naive")):
        slow, fast = by_name.get(slow_name), by_name.get(fast_name)
        if slow is None or fast is None:
            continue
        whole = ratio_of_medians(slow.whole.result.times, fast.whole.result.times)
        rows.append(
            (
                f"{slow.language} ÷ {fast.language}",
                fmt.ratio(whole),
                fmt.speedup(slow.work / fast.work),
                fmt.ratio(ratio_of_medians(slow.in_process.data, fast.in_process.data)),
            )
        )
    return rows


def _figure(found: list[Breakdown]) -> Figure:
    figure = plots.new_figure(8.0, 3.2)
    axes = figure.add_subplot()
    segments: tuple[tuple[str, Callable[[Breakdown], float], str], ...] = (
        ("interpreter start-up", lambda b: b.interpreter.result.median, "#9e9e9e"),
        ("import", lambda b: b.import_cost, "#c7c7c7"),
        ("console script", lambda b: b.script_cost, "#e6e6e6"),
        (f"first_n({TALK_COUNT}) in process", lambda b: b.compute, "#b7410e"),
        ("printing and the rest", lambda b: b.rest, "#f0b27a"),
    )
    labels = [f"{b.script} {TALK_COUNT}" for b in found]
    left = [0.0] * len(found)
    for name, value, colour in segments:
        # Differences of two noisy medians can dip below zero; a bar cannot.
        widths = [max(value(b), 0.0) * 1e3 for b in found]
        axes.barh(
            labels, widths, left=left, label=name, color=colour, edgecolor="#444", linewidth=0.5
        )
        left = [a + w for a, w in zip(left, widths, strict=True)]
    for index, b in enumerate(found):
        axes.text(
            left[index], index, f"  {b.whole.result.median * 1e3:.1f} ms", va="center", fontsize=9
        )
    axes.invert_yaxis()
    axes.set_xlabel("median wall-clock time per process (ms)")
    axes.set_xlim(0, max(left) * 1.18)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return Figure(
        "where-the-time-goes",
        plots.to_svg(figure),
        "Stacked bars: start-up, import, script, computation and printing per console script",
        f"Whole-process time of each talk script at n = {TALK_COUNT:,}, split into the parts "
        "measured separately in this run (medians).",
    )


def headline(run: RawRun) -> list[str]:
    """The three numbers a newcomer should see first, or nothing when they were not measured."""
    by_name = {b.implementation: b for b in breakdowns(run)}
    pure, rust = by_name.get("pure-naive"), by_name.get("rust-naive")
    if pure is None or rust is None:
        return []
    whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
    inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
    return [
        f"Whole process (`primes {TALK_COUNT}` vs `primes-fast {TALK_COUNT}`, the talk's 12.38x): "
        f"**{fmt.speedup(whole.value)}** here.",
        f"In process (`first_n({TALK_COUNT})`, start-up excluded): "
        f"**{fmt.speedup(inside.value)}**.",
        f"Fixed cost of starting the process and importing: {fmt.duration(rust.fixed)} — "
        f"{fmt.percent(rust.fixed_share)} of Rust's whole-process time, "
        f"{fmt.percent(pure.fixed_share)} of pure Python's.",
    ]


def _story(by_name: dict[str, Breakdown]) -> list[Block]:
    blocks: list[Block] = []
    pure, rust, cython = (by_name.get(n) for n in ("pure-naive", "rust-naive", "cython-naive"))
    if pure is not None and rust is not None:
        whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
        whole_means = ratio_of_means(
            pure.whole.result.mean,
            pure.whole.result.stddev,
            rust.whole.result.mean,
            rust.whole.result.stddev,
        )
        inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
        direction = (
            "pulls the whole-process ratio down"
            if inside.value > whole.value
            else "does not pull the whole-process ratio down in this run"
        )
        blocks.append(
            Paragraph(
                f"**Short answer.** As whole processes, `primes {TALK_COUNT}` takes "
                f"{fmt.duration(pure.whole.result.median)} and `primes-fast {TALK_COUNT}` "
                f"{fmt.duration(rust.whole.result.median)} (medians): {fmt.speedup(whole.value)} "
                f"(mean ratio {fmt.ratio(whole_means)}; the talk: 12.38 ± 2.35). Both pay a fixed "
                f"cost before computing anything — interpreter start-up "
                f"{fmt.duration(rust.interpreter.result.median)}, the import, the script itself: "
                f"{fmt.duration(pure.fixed)} for `primes 0` and {fmt.duration(rust.fixed)} for "
                f"`primes-fast 0`. The computation alone, `first_n({TALK_COUNT})` in process, "
                f"takes {fmt.duration(pure.compute)} in pure Python and "
                f"{fmt.duration(rust.compute)} in Rust: "
                f"**{fmt.speedup(inside.value)}** (95% CI {inside.low:.1f}–{inside.high:.1f}). The "
                f"fixed cost is {fmt.percent(rust.fixed_share)} of Rust's whole-process time but "
                f"{fmt.percent(pure.fixed_share)} of pure Python's, so it {direction}: from "
                f"{fmt.speedup(inside.value)} in process to {fmt.speedup(whole.value)} "
                "whole-process."
            )
        )
    if rust is not None and cython is not None:
        inside = ratio_of_medians(cython.in_process.data, rust.in_process.data)
        assert inside.low is not None and inside.high is not None
        if inside.low <= 1 <= inside.high:
            verdict = "indistinguishable in this run (the interval includes 1)"
        elif inside.value > 1:
            verdict = f"Rust is {(inside.value - 1) * 100:.1f}% faster in process"
        else:
            verdict = f"Cython is {(1 / inside.value - 1) * 100:.1f}% faster in process"
        whole = ratio_of_medians(cython.whole.result.times, rust.whole.result.times)
        whole_gap = cython.whole.result.median - rust.whole.result.median
        fixed_gap = cython.fixed - rust.fixed
        at_zero = ""
        if whole_gap > 0 and fixed_gap > 0:
            at_zero = (
                f" Of the {fmt.duration(whole_gap)} between them, "
                f"{fmt.duration(fixed_gap)} is there "
                f"already at n = 0 (`{cython.script} 0` vs `{rust.script} 0`): start-up and "
                "imports, not computation."
            )
        blocks.append(
            Paragraph(
                f"**Rust vs Cython.** Both compile the same loop to machine code. In process, "
                f"`first_n({TALK_COUNT})` takes {fmt.duration(rust.compute)} in Rust and "
                f"{fmt.duration(cython.compute)} in Cython, a ratio of {fmt.ratio(inside)}: "
                f"{verdict}. "
                f"As whole processes: {fmt.duration(rust.whole.result.median)} vs "
                f"{fmt.duration(cython.whole.result.median)} ({fmt.ratio(whole)}; "
                f"the talk: 1.03 ± 0.43).{at_zero}"
            )
        )
    return blocks


def render(run: RawRun) -> list[Block]:
    title = Heading("Where did the 12x come from?")
    found = breakdowns(run)
    if not found:
        return [
            title,
            *not_measured(
                "the start-up study and the in-process sweep", "talk", "startup", "sweep"
            ),
        ]
    by_name = {b.implementation: b for b in found}
    header = (
        "part",
        "measured as",
        *(f"`{b.script}` ({b.language})" for b in found),
    )
    rows = [
        (
            "interpreter start-up",
            "`python -c pass`",
            *(fmt.duration(b.interpreter.result.median) for b in found),
        ),
        (
            "import of its module",
            "`python -c 'import M'` − start-up",
            *(fmt.duration(b.import_cost) for b in found),
        ),
        (
            "console script, no work",
            "`SCRIPT 0` − import",
            *(fmt.duration(b.script_cost) for b in found),
        ),
        ("**fixed cost**", "`SCRIPT 0`", *(f"**{fmt.duration(b.fixed)}**" for b in found)),
        (
            f"computing first_n({TALK_COUNT})",
            "pytest-benchmark, in process",
            *(fmt.duration(b.compute) for b in found),
        ),
        (
            "printing the list, and noise",
            "whole − fixed − computing",
            *(fmt.duration(b.rest) for b in found),
        ),
        (
            "**whole process**",
            f"`SCRIPT {TALK_COUNT}` (talk tables)",
            *(f"**{fmt.duration(b.whole.result.median)}**" for b in found),
        ),
        ("fixed cost's share", "fixed ÷ whole", *(fmt.percent(b.fixed_share) for b in found)),
    ]
    return [
        title,
        Paragraph(
            "The talk's ratio compares whole processes: each run starts an interpreter, imports "
            "the package, computes, prints 5,000 numbers and exits. The same run measured those "
            "parts separately — each row below is a median from its own hyperfine command or "
            "pytest-benchmark test, so small differences can be noise."
        ),
        *_story(by_name),
        Table(header, tuple(rows), ("l", "l", *("r",) * len(found))),
        _figure(found),
        Paragraph(
            "The same comparisons as ratios (of medians, with 95% bootstrap intervals where both "
            "sides are samples). The middle column removes the fixed cost from both sides "
            f"(`SCRIPT {TALK_COUNT}` − `SCRIPT 0`)."
        ),
        Table(
            ("ratio", "whole process", "whole − fixed", "in process (pytest-benchmark)"),
            tuple(_ratio_rows(by_name)),
        ),
    ]
