"""Blocks -> GitHub-flavoured Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from bench.report.document import Block, BulletList, Code, Figure, Heading, Paragraph, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> str:
    separators = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(_cell(h) for h in table.header) + " |",
        "| " + " | ".join(separators[a] for a in table.alignment()) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def render(blocks: Sequence[Block], *, plots_dir: str = "plots") -> str:
    parts = []
    for block in blocks:
        match block:
            case Heading(text, level):
                parts.append(f"{'#' * level} {text}")
            case Paragraph(text):
                parts.append(text)
            case BulletList(items):
                parts.append("\n".join(f"- {item}" for item in items))
            case Table():
                parts.append(_table(block))
            case Figure(name=name, alt=alt, caption=caption):
                parts.append(f"![{alt}]({plots_dir}/{name}.svg)\n\n*{caption}*")
            case Code(text):
                parts.append(f"```text\n{text.rstrip()}\n```")
    return "\n\n".join(parts) + "\n"
