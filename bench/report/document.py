"""The report as a list of blocks, rendered twice: Markdown (REPORT.md) and HTML (report.html).

Text is inline Markdown as CommonMark reads it (`code`, **bold**, *italic*, [text](url)): the
Markdown renderer writes it as it is, the HTML page and the terminal parse it with markdown-it
(`bench.report.inline`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: "l" or "r" per column; numbers read best right-aligned.
    align: tuple[str, ...] = ()

    def alignment(self) -> tuple[str, ...]:
        return self.align or ("l",) + ("r",) * (len(self.header) - 1)


@dataclass(frozen=True)
class Figure:
    #: File stem under plots/, e.g. "scaling" -> plots/scaling.svg.
    name: str
    alt: str
    caption: str
    #: Draws the plot, returning its SVG text. Called once, by the first renderer that needs
    #: the picture (the HTML page, the plot files): Markdown, the terminal and the demo print
    #: the caption only, and never pay for matplotlib.
    draw: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def svg(self) -> str:
        return self.draw()


@dataclass(frozen=True)
class Code:
    text: str


Block = Heading | Paragraph | BulletList | Table | Figure | Code
