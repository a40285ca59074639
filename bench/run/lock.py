"""One run at a time per output directory.

`OUT/.bench-lock` holds an exclusive `flock` for as long as a run lives, and says who holds it
(pid, host, start time, command). The kernel drops the `flock` when its process dies, however
it dies, so a lock file left by `kill -9` is recognised as stale (no one holds it) and taken
over with a note, with no guessing from pids that may have been reused. A second run into the
same directory refuses at once, naming the first.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.run.errors import RunRefused

NAME = ".bench-lock"
#: How long to wait for a holder that has just taken the lock to write who it is.
_DESCRIBE_WAIT = 1.0


class Busy(RunRefused):
    """Another live run holds the output directory."""


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started: str
    command: str

    @classmethod
    def me(cls, command: Sequence[str]) -> Holder:
        started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return cls(os.getpid(), socket.gethostname(), started, " ".join(command))

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["started"]), data["command"])
        except (ValueError, TypeError, KeyError):
            return None

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started} (`{self.command}`)"

    def gone(self) -> bool:
        """True when the process is known to have exited (same host, no such pid)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def _read(fd: int) -> str:
    return os.pread(fd, 64 * 1024, 0).decode("utf-8", errors="replace")


def _same_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd` (a releasing run unlinks it)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _refuse(fd: int, out: Path) -> Busy:
    deadline = time.monotonic() + _DESCRIBE_WAIT
    while (holder := Holder.parse(_read(fd))) is None and time.monotonic() < deadline:
        time.sleep(0.05)  # it took the lock an instant ago and is writing who it is
    who = holder.describe() if holder else "a run that has not said who it is"
    return Busy(f"{out} is in use by another run: {who}; wait for it or choose another --out")


def _acquire(path: Path, out: Path, note: Callable[[str], None]) -> int | None:
    """An open descriptor of `path` holding its `flock`, or None where locks are unsupported."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = _refuse(fd, out)
            os.close(fd)
            raise busy from None
        except OSError as err:
            os.close(fd)
            if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            path.unlink(missing_ok=True)
            note(
                f"bench: warning: cannot lock {out} ({err.strerror}); "
                "a concurrent run would go unnoticed"
            )
            return None
        if _same_file(fd, path):
            return fd
        os.close(fd)  # locked a file another run had just released and unlinked: again


@contextlib.contextmanager
def held(out: Path, command: Sequence[str], note: Callable[[str], None]) -> Iterator[Holder]:
    """Hold the lock on `out` (which must exist) for the block; raise `Busy` at once if a live
    run holds it. `note` gets one line when a stale lock is taken over or no lock is possible."""
    path = out / NAME
    me = Holder.me(command)
    fd = _acquire(path, out, note)
    if fd is None:
        yield me
        return
    try:
        left = _read(fd)
        if left.strip():
            stale = Holder.parse(left)
            who = stale.describe() if stale else "an unreadable lock file"
            state = "its process is gone" if stale and stale.gone() else "it no longer holds it"
            note(f"bench: took over a stale lock on {out} from {who}: {state}")
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(asdict(me)) + "\n").encode(), 0)
        yield me
    finally:
        # Unlink before unlocking: a run that opens the path afterwards creates a new file.
        with contextlib.suppress(OSError):
            if _same_file(fd, path):
                path.unlink()
        os.close(fd)
