"""A live command's output, with its long lines wrapped between words.

hyperfine writes its warnings as one long line, which a terminal breaks wherever the screen
ends ("n|ot filled"). The command runs on a pseudo-terminal of the screen's size (so its
progress bars stay live), its output is copied to ours as it comes, and each finished line
wider than the screen is wrapped between words, under its own indentation. Redrawn lines
(a carriage return, a cursor move: progress bars) are copied untouched.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
#: Escapes other than colours (`m`): cursor moves and erases, which redraw a line.
_REDRAW = re.compile(r"\r(?!\n|$)|\x1b\[[0-9;?]*[A-Za-ln-z]")
#: How long a line without its end is held before it is shown as it is (a prompt).
_HOLD_SECONDS = 0.15


def wrapped(line: str, width: int, color: bool) -> str:
    """`line` (its colours kept) wrapped to `width` between words, the continuation lines
    under the first word; a line that fits is returned as it is."""
    plain = _ESCAPE.sub("", line)
    if cell_len(plain) <= width:
        return line
    indent = len(plain) - len(plain.lstrip(" "))
    out = StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        legacy_windows=False,
    )
    text = Text.from_ansi(line.lstrip(" ") if not color else _lstrip_styled(line))
    console.print(Padding(text, (0, 0, 0, indent)), crop=False)
    return "\n".join(part.rstrip(" ") for part in out.getvalue().rstrip("\n").split("\n"))


def _lstrip_styled(line: str) -> str:
    """`line` without its leading spaces, wherever its colour codes stand among them."""
    return re.sub(r"^((?:\x1b\[[0-9;]*m)*) +", r"\1", line)


def run(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> int:
    """Runs `argv` with its output relayed as described above; its exit status. Without a
    terminal of our own there is nothing to fit: it runs as it is."""
    if not sys.stdout.isatty():
        return subprocess.run(list(argv), cwd=cwd, env=env, check=False).returncode
    size = os.get_terminal_size(sys.stdout.fileno())
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size.lines, size.columns, 0, 0))
    try:
        child = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=slave, stderr=slave)
    finally:
        os.close(slave)
    try:
        _copy(master, size.columns, color="NO_COLOR" not in os.environ)
    finally:
        os.close(master)
        status = child.wait()
    return status


def _copy(master: int, width: int, *, color: bool) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""  # the line being written, not yet shown
    shown_part = False  # the start of the current line is on the screen already
    while True:
        ready, _, _ = select.select([master], [], [], _HOLD_SECONDS)
        if not ready:
            if pending:
                _write(pending)
                pending, shown_part = "", shown_part or bool(_after_redraw(pending).strip())
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the command closed the terminal: it has finished
            chunk = b""
        if not chunk:
            break
        pending += decoder.decode(chunk)
        while "\n" in pending:
            line, pending = pending.split("\n", 1)
            _write(_finished(line.removesuffix("\r"), width, color, shown_part) + "\n")
            shown_part = False
        if pending and _REDRAW.search(pending):
            # A progress bar's frame: shown now. What stays visible is what follows its last
            # carriage return or erase.
            _write(pending)
            pending, shown_part = "", bool(_ESCAPE.sub("", _after_redraw(pending)).strip())
    if pending:
        _write(pending)


def _after_redraw(text: str) -> str:
    marks = list(_REDRAW.finditer(text))
    return text[marks[-1].end() :] if marks else text


def _finished(line: str, width: int, color: bool, shown_part: bool) -> str:
    """A finished line as it is shown: what a redraw (a progress bar cleared) leaves visible
    is wrapped, unless the line's start is on the screen already."""
    marks = list(_REDRAW.finditer(line))
    if marks:
        cut = marks[-1].end()
        return line[:cut] + wrapped(line[cut:], width, color)
    return line if shown_part else wrapped(line, width, color)


def _write(text: str) -> None:
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.write(text)
        sys.stdout.flush()
