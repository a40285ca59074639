"""Blocks -> one self-contained HTML page: styles inline, plots embedded as data: URIs, no
network access needed to view it."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

from bench.report.document import Block, BulletList, Code, Figure, Heading, Paragraph, Table
from bench.report.inline import to_html

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; }
h1, h2, h3 { line-height: 1.2; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .3rem; margin-top: 2.5rem; }
nav.toc { background: #f6f6f6; padding: .6rem 1rem; margin: 1.5rem 0; }
nav.toc ol { margin: .3rem 0; padding-left: 1.5rem; columns: 2 18rem; }
table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; vertical-align: top; }
th { background: #f3f3f3; }
td.r, th.r { text-align: right; }
.n { white-space: nowrap; }
code { background: #f3f3f3; padding: 0 .2rem; border-radius: 3px; font-size: .9em; }
/* Wide tables scroll sideways inside the page; shadows at an edge say there is more that way. */
.wide { overflow-x: auto;
  background: linear-gradient(to right, #fff 30%, #fff0), linear-gradient(to left, #fff 30%, #fff0),
    radial-gradient(farthest-side at 0 50%, #0004, #0000),
    radial-gradient(farthest-side at 100% 50%, #0004, #0000);
  background-position: left, right, left, right; background-repeat: no-repeat;
  background-size: 3rem 100%, 3rem 100%, 1rem 100%, 1rem 100%;
  background-attachment: local, local, scroll, scroll; }
.wide table { background: transparent; }
/* Tables of many columns (the sweep): smaller type, and the row label stays in view. */
table.many { font-size: .8rem; }
table.many th, table.many td { padding: .25rem .4rem; }
table.many td:first-child, table.many th:first-child { position: sticky; left: 0;
  background: #f3f3f3; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: .85em; }
figure { margin: 1.5rem 0; }
figure img { width: 100%; max-width: 48rem; height: auto; }
figcaption { font-style: italic; color: #444; }
@media (max-width: 40rem) { body { margin: 1rem auto; padding: 0 .6rem; } }
"""


#: Tables with more columns than this get the compact style (see `table.many`).
MANY_COLUMNS = 7


def _number_cell(text: str) -> str:
    """A right-aligned (numeric) cell: "880.0 µs (15.2x)" as two unbreakable pieces, so a
    narrow column puts the bracket on a line of its own but never splits a number from its
    unit."""
    pieces = text.split(" (")
    pieces = pieces[:1] + [f"({piece}" for piece in pieces[1:]]
    return " ".join(f'<span class="n">{to_html(piece)}</span>' for piece in pieces)


def _cell(text: str, align: str) -> str:
    return _number_cell(text) if align == "r" else to_html(text)


def _table(table: Table) -> str:
    align = table.alignment()
    head = "".join(
        f'<th class="{a}">{to_html(h)}</th>' for h, a in zip(table.header, align, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{a}">{_cell(c, a)}</td>' for c, a in zip(row, align, strict=True))
        + "</tr>\n"
        for row in table.rows
    )
    many = ' class="many"' if len(align) > MANY_COLUMNS else ""
    # A header of empty cells (a key/value table) is left out rather than drawn as a blank row;
    # the wrapper scrolls wide tables (the sweep has a column per implementation) on its own.
    thead = f"<thead><tr>{head}</tr></thead>\n" if any(table.header) else ""
    return f'<div class="wide">\n<table{many}>\n{thead}<tbody>\n{rows}</tbody>\n</table>\n</div>'


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    return (
        # The image links to its SVG file (written beside the page under plots/), so on a
        # small screen a tap opens the plot alone, to zoom into.
        f'<figure id="{html.escape(figure.name)}">'
        f'<a href="plots/{html.escape(figure.name)}.svg">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(figure.alt)}"></a>'
        f"<figcaption>{to_html(figure.caption)} "
        f'<a href="plots/{html.escape(figure.name)}.svg">Full-size plot</a>.</figcaption>'
        "</figure>"
    )


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _contents(sections: Sequence[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{slug}">{to_html(text)}</a></li>' for slug, text in sections)
    return f'<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>{items}</ol></nav>'


def render(blocks: Sequence[Block], *, title: str) -> str:
    parts: list[str] = []
    # Each section (h2) gets an id and a line in the table of contents, which goes before
    # the first section, after the title and the run's summary.
    taken = {block.name for block in blocks if isinstance(block, Figure)}
    sections: list[tuple[str, str]] = []
    contents_at: int | None = None
    for block in blocks:
        match block:
            case Heading(text, 2):
                slug = _slug(text, taken)
                sections.append((slug, text))
                contents_at = len(parts) if contents_at is None else contents_at
                parts.append(f'<h2 id="{slug}">{to_html(text)}</h2>')
            case Heading(text, level):
                parts.append(f"<h{level}>{to_html(text)}</h{level}>")
            case Paragraph(text):
                parts.append(f"<p>{to_html(text)}</p>")
            case BulletList(items):
                parts.append("<ul>" + "".join(f"<li>{to_html(i)}</li>" for i in items) + "</ul>")
            case Table():
                parts.append(_table(block))
            case Figure():
                parts.append(_figure(block))
            case Code(text):
                parts.append(f"<pre>{html.escape(text.rstrip())}</pre>")
    if contents_at is not None:
        parts.insert(contents_at, _contents(sections))
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
