"""The demo's text in a terminal: inline Markdown as rich styles, not as its marks.

The report's blocks and the steps' sentences are Markdown (`make bench`, **bold**). Parsed by
the report's own markdown-it parser (`bench.report.inline`), as the HTML page reads them; here
code is set in bold cyan instead of showing its backticks, emphasis is styled, links keep
their text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from bench.report import document
from bench.report.inline import _tokens

CODE_STYLE = "bold cyan"

_OPENS = {"strong_open": "bold", "em_open": "italic"}
_CLOSES = {"strong_close", "em_close"}


def styled(text: str, style: str = "") -> Text:
    """`text`'s inline Markdown as a rich Text: no backticks, asterisks or link targets."""
    out = Text(style=style)
    styles: list[str] = []
    for token in _tokens(text):
        if token.type == "code_inline":
            out.append(token.content, style=" ".join([*styles, CODE_STYLE]))
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type in _OPENS:
            styles.append(_OPENS[token.type])
        elif token.type in _CLOSES:
            styles.pop()
        else:
            # Text and entities carry their characters; link marks carry none.
            out.append(token.content, style=" ".join(styles))
    return out


def _table(block: document.Table) -> Table:
    table = Table()
    for header, align in zip(block.header, block.alignment(), strict=True):
        table.add_column(styled(header), justify="right" if align == "r" else "left")
    for row in block.rows:
        table.add_row(*(styled(cell) for cell in row))
    return table


def _renderables(block: document.Block) -> list[RenderableType]:
    match block:
        case document.Heading(text=text):
            return [styled(text, style="bold")]
        case document.Paragraph(text=text):
            return [styled(text)]
        case document.BulletList(items=items):
            return [Text("• ").append_text(styled(item)) for item in items]
        case document.Table():
            return [_table(block)]
        case document.Figure(caption=caption):
            return [Text("(plot: ").append_text(styled(caption)).append(" — in report.html)")]
        case document.Code(text=text):
            return [Text(text)]
    return []


def print_blocks(
    console: Console,
    blocks: Sequence[document.Block],
    pause: Callable[[], None] | None = None,
) -> None:
    """Report blocks in the terminal, each followed by a blank line; `pause()` before a
    heading that follows a table (a screenful at a time, an introduction kept with its first
    table)."""
    after_table = False
    for block in blocks:
        if pause is not None and after_table and isinstance(block, document.Heading):
            pause()
            after_table = False
        after_table = after_table or isinstance(block, document.Table)
        for renderable in _renderables(block):
            console.print(renderable)
        console.print()
