"""What crossing the Python/extension boundary costs: per call, and per list element."""

from __future__ import annotations

from statistics import median

from bench.raw import layout
from bench.raw.samples import SamplesFile, read_if_present
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured


def _median(data: SamplesFile, name: str) -> float | None:
    case = data.cases.get(name)
    return None if case is None else median(case.samples.seconds)


def _per_call(data: SamplesFile) -> Table:
    reference = _median(data, "call/python-function/0")
    names = list(dict.fromkeys(c.tags["implementation"] for c in data.select(kind="call")))
    rows = []
    for name in names:
        zero, one = _median(data, f"call/{name}/0"), _median(data, f"call/{name}/1")
        if zero is None or one is None:
            continue
        versus = "–" if reference is None else fmt.speedup(zero / reference)
        rows.append((f"`{name}`", fmt.duration(zero), fmt.duration(one), versus))
    return Table(
        ("callable", "first_n(0)", "first_n(1)", "n = 0 vs a Python function"), tuple(rows)
    )


def _per_element(data: SamplesFile) -> Table | None:
    rows = []
    for case in data.select(kind="list"):
        count = int(case.tags["count"])
        as_list = median(case.samples.seconds)
        as_array = _median(data, f"array/{count}")
        floor = _median(data, f"floor/{count}")
        if as_array is None or floor is None:
            continue
        rows.append(
            (
                fmt.count(count),
                fmt.duration(as_list),
                fmt.duration(as_array),
                fmt.duration((as_list - as_array) / count),
                fmt.duration(floor / count),
                fmt.percent((as_list - as_array) / as_list),
            )
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
        tuple(rows),
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
