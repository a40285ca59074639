"""Write a run somewhere private, then swap it into place only when it is complete.

An interrupted or failed run leaves the previous results exactly as they were: the new files
live in a staging directory next to the destination (same filesystem, so every move is a
rename), and Ctrl-C is held back during the few renames that swap them in.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT until the block ends, then raise KeyboardInterrupt if one arrived."""
    received: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, remember)
    except ValueError:  # not the main thread: nothing to defer
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


@contextlib.contextmanager
def workspace(out: Path) -> Iterator[Path]:
    """A fresh private directory beside `out`'s contents, removed when the block ends."""
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".bench-staging-", dir=out))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def install(stage: Path, out: Path, entries: Sequence[str]) -> None:
    """Replace `out/<entry>` by `stage/<entry>` for every entry, all or nothing.

    Other entries of `out` (results from other tools) are left alone.
    """
    missing = [entry for entry in entries if not (stage / entry).exists()]
    if missing:
        raise FileNotFoundError(f"nothing staged for {', '.join(missing)}")
    previous = stage / ".previous"
    previous.mkdir()
    done: list[str] = []
    with interrupts_deferred():
        try:
            for entry in entries:
                if (out / entry).exists():
                    (out / entry).replace(previous / entry)
                (stage / entry).replace(out / entry)
                done.append(entry)
        except BaseException:
            for entry in reversed(done):
                (out / entry).replace(stage / entry)
            for entry in entries:
                if (previous / entry).exists():
                    (previous / entry).replace(out / entry)
            raise
