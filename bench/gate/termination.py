"""SIGTERM ends the gate the way Ctrl-C does: its children killed, its folders removed, one line.

A CI job's timeout or `kill` sends SIGTERM, whose default action ends the interpreter at once:
no `finally` runs, so callgrind processes would go on counting, re-parented to init, and the
stage folders under /tmp would stay. Raised as an exception instead, it unwinds like Ctrl-C's
KeyboardInterrupt, of which it is a kind, so every cleanup written for one serves the other.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwind as for Ctrl-C, then exit with 128 + SIGTERM."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    # A second SIGTERM must not cut short the cleanup the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


@contextlib.contextmanager
def raised_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` in the main thread; then as it was before."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler; a caller in a thread keeps the default
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
