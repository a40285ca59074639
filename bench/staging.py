"""Write results somewhere private, then swap them into place only when they are complete.

A run of the bench driver (`python -m bench`) or of the report (`python -m bench.report`) that
is interrupted or fails leaves the previous results exactly as they were: the new files live
in a staging directory next to the destination (same filesystem, so every move is a rename),
and Ctrl-C is held back during the few renames that swap them in, then reported as what it
was: after the swap (new results installed) or during it (rolled back). A process killed
outright leaves its staging directory behind; the driver's next run removes it, first rolling
back a swap it cut short (a journal in the stage names the entries being swapped).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

#: Staging directories are `OUT/.bench-staging-XXXXXXXX` (git-ignored).
PREFIX = ".bench-staging-"
#: Inside a stage: where the entries being replaced wait, and the list of entries being swapped.
PREVIOUS = ".previous"
JOURNAL = ".swap-journal"


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


class SwapInterrupted(KeyboardInterrupt):
    """Ctrl-C during the swap; `installed` says whether the new results are in place (the
    swap completed before the interrupt was honoured) or the previous ones are (rolled back)."""

    def __init__(self, installed: bool) -> None:
        super().__init__()
        self.installed = installed


@contextlib.contextmanager
def workspace(out: Path) -> Iterator[Path]:
    """A fresh private directory beside `out`'s contents, removed when the block ends.

    Kept only when a swap could not be rolled back (its journal is still there): it then
    holds the previous results, and the next run's `clean_stale` puts them back.
    """
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=PREFIX, dir=out))
    try:
        yield stage
    finally:
        if not (stage / JOURNAL).exists():
            shutil.rmtree(stage, ignore_errors=True)


def _roll_back(stage: Path, out: Path, entries: Sequence[str]) -> list[str]:
    """Undo a swap that did not finish, from the state on disk alone: an entry no longer in
    `stage` was installed, and goes back; an entry in `stage/.previous` was the old one, and
    returns. Returns the entries it restored or removed. Safe to repeat."""
    previous = stage / PREVIOUS
    undone = []
    for entry in reversed(entries):
        if not (stage / entry).exists() and (out / entry).exists():
            (out / entry).replace(stage / entry)
            undone.append(entry)
        if (previous / entry).exists():
            (previous / entry).replace(out / entry)
            undone.append(entry)
    return list(dict.fromkeys(undone))


def install(
    stage: Path,
    out: Path,
    entries: Sequence[str],
    on_installed: Callable[[], None] | None = None,
) -> None:
    """Replace `out/<entry>` by `stage/<entry>` for every entry, all or nothing.

    Other entries of `out` (results from other tools) are left alone. A journal in the stage
    names the entries while the swap is under way, so that a swap cut short by `kill -9` is
    rolled back by the next run. Ctrl-C is held back for the few renames, then raised as
    `SwapInterrupted` saying whether the new results were installed. `on_installed` is called
    the moment they are, while Ctrl-C is still held back.
    """
    missing = [entry for entry in entries if not (stage / entry).exists()]
    if missing:
        raise FileNotFoundError(f"nothing staged for {', '.join(missing)}")
    previous = stage / PREVIOUS
    previous.mkdir()
    journal = stage / JOURNAL
    installed = False
    try:
        with interrupts_deferred():
            try:
                journal.write_text(json.dumps(list(entries)))
            except BaseException:
                journal.unlink(missing_ok=True)
                raise
            try:
                for entry in entries:
                    if (out / entry).exists():
                        (out / entry).replace(previous / entry)
                    (stage / entry).replace(out / entry)
            except BaseException:
                _roll_back(stage, out, entries)
                journal.unlink()
                raise
            journal.unlink()
            installed = True
            if on_installed is not None:
                on_installed()
    except KeyboardInterrupt:
        raise SwapInterrupted(installed) from None


def clean_stale(out: Path, note: Callable[[str], None]) -> None:
    """Remove the staging directories of runs that were killed (only call with `out`'s lock
    held: a live run's stage looks the same). One whose swap was cut short first gets the
    previous results put back."""
    for stage in sorted(out.glob(f"{PREFIX}*")):
        if not stage.is_dir() or stage.is_symlink():
            continue
        try:
            entries = json.loads((stage / JOURNAL).read_text())
        except (OSError, ValueError):
            entries = None  # no swap under way when it died
        if isinstance(entries, list) and all(isinstance(entry, str) for entry in entries):
            restored = _roll_back(stage, out, entries)
            (stage / JOURNAL).unlink()
            if restored:
                note(
                    f"bench: a run was killed while installing its results in {out}: "
                    f"put the previous results back ({', '.join(restored)})"
                )
        shutil.rmtree(stage, ignore_errors=True)
        if stage.exists():
            note(f"bench: warning: cannot remove {stage}, left by a run that was killed")
        else:
            note(f"bench: removed {stage.name}, the staging directory of a run that was killed")


def replace_whole(path: Path, text: str) -> None:
    """`text` into `path` whole or not at all: written beside it (one folder, so the rename is
    atomic), then renamed over it, so a full disk or Ctrl-C leaves the previous file as it was."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
