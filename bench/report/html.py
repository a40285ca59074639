"""Blocks -> one self-contained HTML page: styles inline, plots embedded as data: URIs, no
network access needed to view it."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from bench.report.document import Block, BulletList, Code, Figure, Heading, Paragraph, Table
from bench.report.inline import to_html

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; }
h1, h2, h3 { line-height: 1.2; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .3rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; vertical-align: top; }
th { background: #f3f3f3; }
td.r, th.r { text-align: right; }
code { background: #f3f3f3; padding: 0 .2rem; border-radius: 3px; font-size: .9em; }
.wide { overflow-x: auto; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: .85em; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { font-style: italic; color: #444; }
"""


def _table(table: Table) -> str:
    align = table.alignment()
    head = "".join(
        f'<th class="{a}">{to_html(h)}</th>' for h, a in zip(table.header, align, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{a}">{to_html(c)}</td>' for c, a in zip(row, align, strict=True))
        + "</tr>\n"
        for row in table.rows
    )
    # A header of empty cells (a key/value table) is left out rather than drawn as a blank row;
    # the wrapper scrolls wide tables (the sweep has a column per implementation) on its own.
    thead = f"<thead><tr>{head}</tr></thead>\n" if any(table.header) else ""
    return f'<div class="wide">\n<table>\n{thead}<tbody>\n{rows}</tbody>\n</table>\n</div>'


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    return (
        f'<figure id="{html.escape(figure.name)}">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(figure.alt)}">'
        f"<figcaption>{to_html(figure.caption)}</figcaption></figure>"
    )


def render(blocks: Sequence[Block], *, title: str) -> str:
    parts = []
    for block in blocks:
        match block:
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
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
