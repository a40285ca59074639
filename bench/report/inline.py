"""The blocks' inline Markdown (`code`, **bold**, *italic*, [text](url)), parsed once by
markdown-it as CommonMark, so the HTML page and the terminal read it as GitHub reads REPORT.md."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

# CommonMark without raw HTML: the report's text is Markdown only, so a `<` is text.
_PARSER = MarkdownIt("commonmark", {"html": False})


def to_html(text: str) -> str:
    """`text` as HTML, escaped, with its inline forms turned into elements."""
    html: str = _PARSER.renderInline(text)
    return html


def tokens(text: str) -> list[Token]:
    """`text`'s inline tokens in order (text, code, emphasis and link marks): for a renderer
    that styles them its own way, as the demo's terminal does."""
    return [child for token in _PARSER.parseInline(text) for child in token.children or ()]


def plain(text: str) -> str:
    """`text` for a terminal: links become their text, emphasis marks go, code keeps its
    backticks (a command reads as one)."""
    out = []
    for token in tokens(text):
        if token.type == "code_inline":
            out.append(f"`{token.content}`")
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        else:
            # Text and entities carry their characters; link, strong and em marks carry none.
            out.append(token.content)
    return "".join(out)
