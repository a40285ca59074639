"""Markdown escaping for the gate's CI summary (`bench.gate.markdown_text`, and the summary and
breakdown tables that use it), checked by rendering with markdown-it-py, a CommonMark parser with
GFM's tables: every cell must show exactly the text it was given."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from bench.gate import markdown_text, report
from bench.gate.callgrind import Function, Profile, breakdown
from bench.gate.compare import INSTRUCTIONS, Row, Verdict

GFM = MarkdownIt("commonmark").enable("table").enable("strikethrough")

#: Text that turns into markup when it is not escaped, and the escapes themselves.
AWKWARD = [
    "a\\b",
    "C:\\temp\\x",
    "x|y",
    "a\\|b",
    "*bold* and _italic_",
    "__init__",
    "~~struck~~ ~one~",
    "`code` and ``more``",
    "[link](https://example.org) ![img](x.png)",
    "<b>html</b> &amp; &lt;",
    "$x^2$",
    "core::ptr::drop_in_place<alloc::vec::Vec<u32>>",
    "`",
    "ends with a backslash \\",
]


def cells(markdown: str) -> list[list[tuple[str, str]]]:
    """Each body row of the rendered table: (tag inside the cell or "", its text) per cell."""
    body = GFM.render(markdown).split("<tbody>", 1)[1]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        row_cells = []
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S):
            inner = re.fullmatch(r"<(\w+)>(.*)</\1>", cell, re.S)
            tag, content = (inner.group(1), inner.group(2)) if inner else ("", cell)
            assert "<" not in content, f"markup inside the cell: {cell!r}"
            row_cells.append((tag, html.unescape(content)))
        found.append(row_cells)
    return found


def table_of(value: str) -> str:
    """A one-row table: `value` as text, then as code."""
    row = f"| {markdown_text.text(value)} | {markdown_text.code(value)} |"
    return f"| text | code |\n| --- | --- |\n{row}\n"


@pytest.mark.parametrize("value", AWKWARD)
def test_a_cell_shows_exactly_the_text_given(value: str) -> None:
    assert cells(table_of(value)) == [[("", value), ("code", value)]]


def test_a_newline_becomes_a_space_and_keeps_the_row_whole() -> None:
    value = "first line\nsecond *line*"
    table = (
        f"| a | b |\n| --- | --- |\n| {markdown_text.text(value)} | {markdown_text.code(value)} |\n"
    )
    assert cells(table) == [
        [("", "first line second *line*"), ("code", "first line second *line*")]
    ]


def test_the_summary_table_shows_notes_and_names_as_they_are() -> None:
    note = "baseline from another rustc_version: *1.94* \\ [x]"
    rows = [
        Row("rust_naive", INSTRUCTIONS, 5_000, 1.0, 2.0, None, 0.02, Verdict.NOT_COMPARED, note)
    ]
    text = report.markdown(
        rows,
        "pure-naive",
        title="Performance gate: this change against feature_x~1 (0123456789ab)",
        last_line="perf-check: NOT VERIFIED: compared 0 of 1 figures (1 not compared)",
        breakdowns={},
    )
    (row,) = cells(text)
    assert row[0] == ("", "rust_naive")
    assert row[6] == ("", f"not compared: {note}")
    heading = GFM.render(text).splitlines()[0]
    assert heading == "<h2>Performance gate: this change against feature_x~1 (0123456789ab)</h2>"


def test_the_breakdown_shows_function_names_exactly_in_code() -> None:
    obj = "/venv/lib/python3.11/site-packages/primes/_lib.abi3.so"
    function = "<alloc::vec::Vec<T> as core::ops::Drop>::drop|`x`\\y"
    base = Profile({Function(obj, "0x1"): 1_000})
    head = Profile({Function(obj, "0x1"): 1_000, Function(obj, function): 500})
    tables = breakdown(base, head).markdown().split("\n\n")
    (function_row,) = cells(tables[-1])
    assert function_row[0] == ("code", function)
    assert function_row[1] == ("", "_lib.abi3.so")


def test_the_summary_verdict_line_is_bold_text_not_other_markup() -> None:
    text = report.markdown(
        [],
        "pure-naive",
        title="t",
        last_line="perf-check: OK *as far as* it compared",
        breakdowns={},
    )
    assert "<p><strong>OK *as far as* it compared</strong></p>" in GFM.render(text)
