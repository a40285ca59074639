"""Where a regression's instructions went, as text: a terminal's lines or a CI page's tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.gate import markdown_text

if TYPE_CHECKING:  # callgrind imports this module to render its Breakdown
    from bench.gate.callgrind import Breakdown, FunctionChange, GroupChange


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}".replace("-0%", "0%")


def _number_width(b: Breakdown) -> int:
    rows: list[GroupChange | FunctionChange] = [*b.groups, *b.functions]
    figures = [f"{x:+,}" for row in rows for x in (row.base, row.head, row.delta)]
    return max([len("change"), len(f"{b.others_delta:+,}"), *map(len, figures)])


def _function_cell(change: FunctionChange, width: int) -> str:
    # The function's name first; the object keeps at least 16 characters beside it.
    name = _clip(change.function, width - 4 - min(len(change.object), 16))
    return f"{name}  ({_clip(change.object, width - 4 - len(name))})"


def lines(b: Breakdown, width: int) -> list[str]:
    n = _number_width(b)
    figures = f"{'base':>{n}} {'head':>{n}} {'change':>{n}}"
    label = width - len(figures) - 8  # two spaces before the figures, the share column after
    out = [b.headline(), "", f"{'by object':<{label}}  {figures} {'share':>5}"]
    out += [
        f"{_clip(g.group, label):<{label}}  {g.base:>{n},} {g.head:>{n},} {g.delta:>+{n},} "
        f"{_percent(b.share(g.delta)):>5}"
        for g in b.groups
    ] or ["  (no change)"]
    if b.functions:
        out += ["", f"{'top functions by change':<{label}}  {figures}"]
    out += [
        f"{_function_cell(f, label):<{label}}  {f.base:>{n},} {f.head:>{n},} {f.delta:>+{n},}"
        for f in b.functions
    ]
    if b.others:
        cell = f"({b.others:,} other functions)"
        out.append(f"{cell:<{label}}  {'':>{n}} {'':>{n}} {b.others_delta:>+{n},}")
    # A share beyond ±999% (groups that cancel out) is the one cell that can overflow.
    return [_clip(line.rstrip(), width) for line in out]


def markdown(b: Breakdown) -> str:
    out = [
        f"**{b.headline()}**",
        "",
        "| object | base | head | change | share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    out += [
        f"| {markdown_text.text(g.group)} | {g.base:,} | {g.head:,} | {g.delta:+,} | "
        f"{_percent(b.share(g.delta))} |"
        for g in b.groups
    ]
    if b.functions:
        out += ["", "| function | object | base | head | change |"]
        out.append("| --- | --- | ---: | ---: | ---: |")
        out += [
            f"| {markdown_text.code(_clip(f.function, 80))} | {markdown_text.text(f.object)} "
            f"| {f.base:,} | {f.head:,} "
            f"| {f.delta:+,} |"
            for f in b.functions
        ]
    if b.others:
        out.append(f"| {b.others:,} other functions | | | | {b.others_delta:+,} |")
    return "\n".join(out) + "\n"
