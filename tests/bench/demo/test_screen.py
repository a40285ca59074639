"""What the presenter sees on a laptop's 80×24 terminal: no line wider than the screen, no cell
cut to an ellipsis, and, with --pause, no page taller than the screen (its top would scroll
away before anyone read it). Every step is rendered at 80 columns; the recorded-results steps
also run in a real pseudo-terminal of 80×24, answering each prompt with Enter."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from io import StringIO
from pathlib import Path

import pytest
from rich.cells import cell_len

from bench.demo import walkthrough
from bench.demo.markup import column_groups
from bench.demo.pager import PagedConsole
from bench.paths import REPO
from bench.report import document

COLUMNS, ROWS = 80, 24
COMMITTED = REPO / "results" / "reference" / "raw"
needs_committed_run = pytest.mark.skipif(
    not (COMMITTED / "manifest.json").exists(), reason="no committed run in results/reference/raw/"
)
PROMPT = re.compile(r"\[Enter\] (?:more|next step)")
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
#: rich's mark for a cell it cut: an ellipsis right after a character ("cytho…"). The
#: report's own ellipses stand between spaces, as in hyperfine's "min … max".
CUT = re.compile(r"\S…")


def _pages(text: str) -> list[list[str]]:
    """The screen's lines between one prompt and the next (each page ends with its prompt)."""
    lines = ESCAPE.sub("", text).replace("\r\n", "\n").replace("\r", "").split("\n")
    pages: list[list[str]] = [[]]
    for line in lines:
        pages[-1].append(line)
        if PROMPT.search(line):
            pages.append([])
    return [page for page in pages if any(line.strip() for line in page)]


def _check_screen(pages: list[list[str]]) -> None:
    assert pages
    for number, page in enumerate(pages, 1):
        assert len(page) <= ROWS, f"page {number} is {len(page)} rows:\n" + "\n".join(page)
        for line in page:
            assert cell_len(line) <= COLUMNS, f"page {number}: {cell_len(line)} cells: {line!r}"
            assert not CUT.search(line), f"page {number}: a cut cell: {line!r}"


def _render(step: walkthrough.Step, number: int, total: int) -> str:
    """One step as --pause shows it at 80×24 (commands not run), a prompt at each wait."""
    out = StringIO()
    presenter = walkthrough.Presenter(pause=False)
    console = PagedConsole(
        wait=lambda: out.write("[Enter] more\n"),
        file=out,
        width=COLUMNS,
        height=ROWS,
        highlight=False,
    )
    presenter.console = console
    presenter.header(number, total, step)
    if step.show is not None:
        step.show(console, presenter.within)
    return out.getvalue()


@pytest.mark.parametrize("number", range(1, len(walkthrough.steps()) + 1))
def test_every_step_fits_80_by_24(number: int) -> None:
    steps = walkthrough.steps()
    text = _render(steps[number - 1], number, len(steps))
    _check_screen(_pages(text))
    if number == 2:
        # The command wraps between words, under itself: "first_n_fast" is never cut.
        assert "first_n_fast(10))'" in text and "first_n as first_n_fast;" in text


def test_a_table_too_wide_for_the_screen_is_cut_between_columns() -> None:
    """Each part keeps the rows' names; a row with nothing in a part's columns is left out."""
    table = document.Table(
        ("algorithm", "pure", "cython", "rust", "numpy-sieve", "cython-untyped-naive"),
        (
            ("naive", "15.8 ms (1.0x)", "1.2 ms (13.2x)", "1.0 ms (15.8x)", "–", "9.9 ms (1.6x)"),
            ("trial", "2.0 ms (7.9x)", "0.3 ms (52x)", "0.2 ms (79x)", "–", "–"),
            ("sieve", "1.1 ms (14.4x)", "50 µs (316x)", "40 µs (395x)", "80 µs (198x)", "–"),
        ),
    )
    assert column_groups(table, 120) == [[0, 1, 2, 3, 4, 5]]
    groups = column_groups(table, 80)
    assert groups == [[0, 1, 2, 3, 4], [0, 5]]
    out = StringIO()
    from bench.demo.markup import print_blocks

    print_blocks(PagedConsole(file=out, width=80, height=24), [table])
    text = out.getvalue()
    _check_screen(_pages(text))
    # "naive" has a figure in both parts (and names a header); "trial" and "sieve" have none
    # in the second, so they are not repeated there.
    assert text.count("naive") == 3 and text.count("trial") == 1 and text.count("sieve") == 2


def test_the_pager_waits_before_what_would_not_fit_and_spreads_what_is_taller() -> None:
    out = StringIO()
    waits: list[int] = []
    console = PagedConsole(
        wait=lambda: waits.append(out.getvalue().count("\n")), file=out, width=40, height=10
    )
    console.print("\n".join(f"a{i}" for i in range(6)))  # 6 rows: fits
    console.print("\n".join(f"b{i}" for i in range(4)))  # 6 + 4 > 9: a page break first
    # Taller than a screen: it fills this page's 5 free rows, then the next pages.
    console.print("\n".join(f"c{i}" for i in range(20)))
    assert waits == [6, 15, 24]
    console.pause()  # 6 rows on this page: waits
    console.pause()  # nothing printed since: no second wait
    assert len(waits) == 4


def _in_terminal(argv: list[str], timeout: float = 120) -> str:
    """Everything `argv` wrote to an 80×24 pseudo-terminal, Enter pressed at each prompt."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    child = subprocess.Popen(
        argv, cwd=REPO, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        seen = _answer_prompts(master, child, time.monotonic() + timeout)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        os.close(master)
    assert seen is not None, f"{argv} did not finish in {timeout} s"
    assert child.returncode == 0, seen[-2000:]
    return seen


def _answer_prompts(master: int, child: subprocess.Popen[bytes], deadline: float) -> str | None:
    """What the child wrote until it closed the terminal (None at the deadline), with an
    Enter written for each prompt as it appears."""
    seen = b""
    answered = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            if child.poll() is not None:
                return seen.decode(errors="replace")
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            return seen.decode(errors="replace")
        seen += chunk
        prompts = len(PROMPT.findall(ESCAPE.sub("", seen.decode(errors="replace"))))
        if prompts > answered:
            os.write(master, b"\n" * (prompts - answered))
            answered = prompts
    return None


@needs_committed_run
@pytest.mark.parametrize("title", ["This repository's measurements", "The verdict"])
def test_the_recorded_steps_page_in_a_real_80_by_24_terminal(tmp_path: Path, title: str) -> None:
    shutil.copytree(COMMITTED, tmp_path / "raw")
    number = next(n for n, step in enumerate(walkthrough.steps(), 1) if step.title == title)
    text = _in_terminal(
        [
            sys.executable,
            "-m",
            "bench.demo",
            "--pause",
            "--step",
            str(number),
            "--results",
            str(tmp_path),
        ]
    )
    pages = _pages(text)
    _check_screen(pages)
    # The step's title is on its first page, and the pages hold the whole step.
    assert f"Step {number}/" in "\n".join(pages[0])
    if title.startswith("This"):
        assert len(pages) > 2
        assert "this run: median" in ESCAPE.sub("", text)


WARNING = (
    "  Warning: The first benchmarking run for this command was significantly slower than "
    "the rest (52.0 ms). This could be caused by (filesystem) caches that were not filled "
    "until after the first run."
)


#: As hyperfine colours it.
COLORED = WARNING.replace("Warning", "\x1b[33mWarning\x1b[0m")


@pytest.mark.parametrize("color", [False, True])
def test_a_long_line_is_wrapped_between_words_under_its_indentation(color: bool) -> None:
    from bench.demo.relay import wrapped

    line = COLORED if color else WARNING
    lines = ESCAPE.sub("", wrapped(line, COLUMNS, color)).split("\n")
    assert len(lines) == 3
    assert all(cell_len(part) <= COLUMNS and part.startswith("  ") for part in lines)
    assert " ".join(part.strip() for part in lines) == WARNING.strip()
    assert wrapped("  Benchmark 1: rust-naive 5000", COLUMNS, color) == (
        "  Benchmark 1: rust-naive 5000"
    )


def test_a_live_commands_warnings_are_wrapped_on_an_80_column_terminal() -> None:
    """The command draws a progress line with carriage returns, then, as hyperfine does,
    clears it and writes a warning where it stood, and another on a line of its own: the
    warnings come out wrapped, the redraws untouched."""
    program = (
        "import sys, time\n"
        "sys.stdout.write('\\r  working 1/2'); sys.stdout.flush(); time.sleep(0.3)\n"
        "sys.stdout.write('\\r  working 2/2'); sys.stdout.flush(); time.sleep(0.3)\n"
        f"sys.stdout.write('\\r\\x1b[2K' + {COLORED!r} + '\\n')\n"
        f"print({WARNING!r})\n"
    )
    relay = (
        "import sys\nfrom pathlib import Path\nfrom bench.demo import relay\n"
        f"sys.exit(relay.run([sys.executable, '-c', {program!r}], Path('.'), {{}}))\n"
    )
    text = _in_terminal([sys.executable, "-c", relay], timeout=60)
    lines = ESCAPE.sub("", text).replace("\r\n", "\n").split("\n")
    assert "\r  working 2/2" in "\n".join(lines)
    warnings = [line.split("\r")[-1] for line in lines if line.strip()]
    assert all(cell_len(line) <= COLUMNS for line in warnings), warnings
    assert " ".join(line.strip() for line in warnings) == f"{WARNING.strip()} {WARNING.strip()}"
