"""What crossing the Python/extension boundary costs: per call, and per list element."""

from __future__ import annotations

from bench.raw import layout
from bench.raw.samples import SamplesFile, read_if_present
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings.boundary import calls, list_costs
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured


def _per_call(data: SamplesFile) -> Table:
    rows = tuple(
        (
            f"`{call.name}`",
            fmt.duration(call.zero),
            fmt.duration(call.one),
            "–" if call.versus_python is None else fmt.speedup(call.versus_python),
        )
        for call in calls(data)
    )
    return Table(("callable", "first_n(0)", "first_n(1)", "n = 0 vs a Python function"), rows)


def _per_element(data: SamplesFile) -> Table | None:
    rows = tuple(
        (
            fmt.count(cost.count),
            fmt.duration(cost.as_list),
            fmt.duration(cost.as_array),
            fmt.duration(cost.per_element),
            fmt.duration(cost.floor / cost.count),
            fmt.percent(cost.share),
        )
        for cost in list_costs(data)
    )
    if not rows:
        return None
    return Table(
        (
            "n",
            "rust-sieve → list",
            "→ array('I')",
            "list cost per element",
            "floor: list(range(n)) per element",
            "share of the call",
        ),
        rows,
    )


def render(run: RawRun) -> list[Block]:
    title = Heading("Crossing the boundary")
    data = read_if_present(run.path(layout.BOUNDARY_JSON))
    if data is None:
        return [title, *not_measured("the boundary costs", layout.BOUNDARY)]
    blocks: list[Block] = [
        title,
        Paragraph(
            "**Per call.** What a call costs before any primes are computed: argument "
            "checking, releasing and re-taking the GIL, and building the (empty or one-element) "
            "list, next to calling a plain Python function that returns `[]`. Medians of "
            "interleaved in-process rounds, "
            f"[`{layout.BOUNDARY_JSON}`](raw/{layout.BOUNDARY_JSON})."
        ),
        _per_call(data),
    ]
    per_element = _per_element(data)
    if per_element is not None:
        blocks += [
            Paragraph(
                "**Per element.** A compiled function returns a `list` of Python `int`s, and each "
                "one is an object the extension must allocate with the GIL held. The same Rust "
                "sieve returning a packed `array('I')` shows what that costs; `list(range(n))` "
                "is the floor for making n fresh ints in a list."
            ),
            per_element,
        ]
    return blocks
