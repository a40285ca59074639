"""The demo's text in a terminal: inline Markdown as rich styles, not as its marks.

The report's blocks and the steps' sentences are Markdown (`make bench`, **bold**). Parsed by
the report's own markdown-it parser (`bench.report.inline`), as the HTML page reads them; here
code is set in bold cyan instead of showing its backticks, emphasis is styled, links keep
their text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from bench.report import document
from bench.report.inline import tokens

CODE_STYLE = "bold cyan"

_OPENS = {"strong_open": "bold", "em_open": "italic"}
_CLOSES = {"strong_close", "em_close"}


def styled(text: str, style: str = "") -> Text:
    """`text`'s inline Markdown as a rich Text: no backticks, asterisks or link targets."""
    out = Text(style=style)
    styles: list[str] = []
    for token in tokens(text):
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


def _table(block: document.Table, columns: Sequence[int], width: int, part: bool = False) -> Table:
    """The table of `block` with only `columns`; as a `part` of a table cut to fit, only the
    rows that hold something in them beyond the first column (the rest of the row is in
    another part). Where the cells fit `width` unwrapped but the headers do not, the headers
    wrap (rich would otherwise wrap the cells)."""
    table = Table()
    alignment = block.alignment()
    naturals = [_natural_width(block, column) for column in columns]
    headers_fit = _table_width([_natural_width(block, c, whole=True) for c in columns]) <= width
    limit = headers_fit or _table_width(naturals) > width
    for column, natural in zip(columns, naturals, strict=True):
        table.add_column(
            styled(block.header[column]),
            justify="right" if alignment[column] == "r" else "left",
            max_width=None if limit else natural,
        )
    for row in block.rows:
        cells = [row[column] for column in columns]
        if part and all(cell.strip() in EMPTY_CELLS for cell in cells[1:]):
            continue
        table.add_row(*(styled(cell) for cell in cells))
    return table


#: What a report table writes in a cell it has no figure for.
EMPTY_CELLS = ("–", "-", "")


def _natural_width(block: document.Table, column: int, whole: bool = False) -> int:
    """The column's width when no cell wraps (its header may, between words, unless `whole`)."""
    header_text = styled(block.header[column]).plain
    header = [header_text] if whole else header_text.split() or [""]
    cells = [styled(row[column]).plain for row in block.rows]
    return max(cell_len(text) for text in [*header, *cells])


def _table_width(widths: Sequence[int]) -> int:
    """A rich Table's width with the default box and padding: a rule and two spaces a column."""
    return sum(widths) + 3 * len(widths) + 1


def column_groups(block: document.Table, width: int) -> list[list[int]]:
    """The table's columns cut into tables that each fit `width` without wrapping a cell, each
    led by the first column (the rows' names). A table that fits is one group; a column too
    wide alone gets a table of its own, where rich wraps it between words; a column without a
    figure is left out of a table that is cut."""
    widths = [_natural_width(block, column) for column in range(len(block.header))]
    if _table_width(widths) <= width:
        return [list(range(len(widths)))]
    # Cut: a column with no figure at all is left out (its header says only "not measured").
    kept = [
        column
        for column in range(1, len(widths))
        if not all(row[column].strip() in EMPTY_CELLS for row in block.rows)
    ]
    groups = [[0]]
    for column in kept:
        group = groups[-1]
        if len(group) > 1 and _table_width([widths[c] for c in [*group, column]]) > width:
            groups.append([0, column])
        else:
            group.append(column)
    return groups


def _tables(block: document.Table, width: int) -> list[Table]:
    groups = column_groups(block, width)
    return [_table(block, columns, width, part=len(groups) > 1) for columns in groups]


def _renderables(block: document.Block, width: int) -> list[RenderableType]:
    match block:
        case document.Heading(text=text):
            return [styled(text, style="bold")]
        case document.Paragraph(text=text):
            return [styled(text)]
        case document.BulletList(items=items):
            return [Text("• ").append_text(styled(item)) for item in items]
        case document.Table():
            return list(_tables(block, width))
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
    heading, a table's introduction or a second note that follows a table, unless it is the
    last table's (a screenful at a time: an introduction kept with its table, the table with
    its first note)."""
    after_table = False
    notes = 0  # paragraphs since the last table
    kept: list[RenderableType] = []
    # The last table's notes stay with it: a page of two notes would be a page for nothing.
    last_heading = max(
        (index for index, block in enumerate(blocks) if isinstance(block, document.Heading)),
        default=-1,
    )
    for index, (block, following) in enumerate(zip(blocks, [*blocks[1:], None], strict=True)):
        introduces = isinstance(block, document.Paragraph) and isinstance(following, document.Table)
        second_note = isinstance(block, document.Paragraph) and notes == 1 and index < last_heading
        if (
            pause is not None
            and after_table
            and (isinstance(block, document.Heading) or introduces or second_note)
        ):
            pause()
            after_table = False
        if isinstance(block, document.Table):
            after_table, notes = True, 0
        elif isinstance(block, document.Paragraph):
            notes += 1
        for position, renderable in enumerate(_renderables(block, console.width)):
            if position and isinstance(block, document.Table):
                console.print()  # between the parts of a table cut to fit the width
            # A paragraph is printed with the table it introduces: a paged console keeps
            # them on one page.
            if isinstance(block, document.Paragraph) and isinstance(following, document.Table):
                kept += [renderable, Text()]
                continue
            console.print(Group(*kept, renderable) if kept else renderable)
            kept = []
        if not kept:
            console.print()
