"""Screenfuls for the presenter: with --pause, nothing printed pushes the top of a page off.

Everything the demo prints goes through a `PagedConsole`. It renders each `print` first and,
when that would not fit under what is already on the screen but would fit on a screen of its
own, waits for Enter before it; a renderable taller than the whole screen fills the page and
goes on over as many pages as it needs, a pause between each.
One row is kept for the prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console

#: Rows a terminal of unknown height is taken to have: the smallest laptop terminal (80×24).
DEFAULT_ROWS = 24


class PagedConsole(Console):
    """A rich Console that pages its output when given `wait` (the presenter's Enter)."""

    def __init__(self, wait: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._wait = wait
        #: Rows printed on the current page.
        self.rows = 0
        #: Whether any of them holds more than blanks: a blank page is not worth an Enter.
        self._shown = False

    @property
    def page_rows(self) -> int:
        """Rows a page may fill: the screen less the prompt's row."""
        return max(self.size.height, 2) - 1

    def new_page(self) -> None:
        """The presenter pressed Enter: a whole page is free."""
        self.rows = 0
        self._shown = False

    def pause(self) -> None:
        """Wait for Enter, unless nothing but blanks was printed since the last wait."""
        if self._wait is not None and self._shown:
            self._wait()
        self.new_page()

    def count(self, rows: int) -> None:
        """`rows` were written around this console (a subprocess wrote to the terminal)."""
        self.rows += rows
        self._shown = self._shown or rows > 0

    def print(self, *objects: Any, **kwargs: Any) -> None:
        if self._wait is None:
            super().print(*objects, **kwargs)
            return
        with self.capture() as captured:
            super().print(*objects, **kwargs)
        lines = captured.get().splitlines(keepends=True)
        if not self._shown and not "".join(lines).strip():
            return  # blank lines at the top of a page only push it down
        if self.rows + len(lines) > self.page_rows >= len(lines):
            self.pause()  # on a page of its own it fits whole
        while lines:
            room = self.page_rows - self.rows
            if room <= 0:
                self.pause()
                continue
            page, lines = lines[:room], lines[room:]
            self.file.write("".join(page))
            self.file.flush()
            self.rows += len(page)
            self._shown = True
