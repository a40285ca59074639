"""Text made safe for a GitHub-flavoured Markdown table cell, as plain text or as a code span.

Plain text: every ASCII punctuation character that can start markup in a cell is escaped with a
backslash (CommonMark lets any ASCII punctuation be escaped so): emphasis (`*`, `_`),
strikethrough (`~`), code (`` ` ``), links and images (`[`, `]`), HTML and autolinks (`<`, `>`),
entities (`&`), math (`$`), the backslash itself and the cell separator `|`.

Code spans: backslash escapes do not work inside them (`\\` shows as two backslashes), so the
text stays as it is, fenced by a run of backticks longer than any inside it. The one exception
is `|`: GFM's table extension splits a row at unescaped pipes before it parses the cells, code
spans included, and removes the backslash of `\\|` (https://github.github.com/gfm/#tables-extension-,
example 200). A newline would end the table row in either form, so it becomes a space.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_~\[\]<>&$|])")
_BACKTICKS = re.compile(r"`+")


def text(value: str) -> str:
    """`value` as literal text in a table cell: `a_b*` -> `a\\_b\\*`."""
    return _MARKUP.sub(r"\\\1", _one_line(value))


def code(value: str) -> str:
    """`value` as a code span in a table cell, shown exactly as it is (newlines as spaces)."""
    value = _one_line(value).replace("|", "\\|")
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(value)), default=0))
    # A space on both sides when the content touches a backtick (CommonMark strips one each).
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _one_line(value: str) -> str:
    return " ".join(value.splitlines()) if "\n" in value or "\r" in value else value
