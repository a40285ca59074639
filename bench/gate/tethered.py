"""A child process tree that ends with the gate, however the gate ends.

A base build is `make -> pip -> maturin -> cargo`: minutes of work in grandchildren. Killing
the gate (Ctrl-C, a CI job's timeout, `kill -9`) must not leave them running, re-parented to
init, still writing into the cache. So the command runs in a process group of its own, and a
small watchdog process holds the read end of a pipe whose only write end the gate holds: when the
gate dies, however it dies, the kernel closes that end, the watchdog reads end-of-file and kills
the whole group. A gate that finishes normally writes `done` first, and the watchdog just exits.
An exception in the gate (KeyboardInterrupt included) kills the group directly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

DONE = b"done"

# Run with `python -c`: nothing imported from the project, so it starts in milliseconds.
# Terminal signals are the gate's business; the watchdog only waits for its pipe.
_WATCHDOG = f"""
import os, signal, sys
for name in ("SIGINT", "SIGHUP", "SIGTERM", "SIGQUIT"):
    signal.signal(getattr(signal, name), signal.SIG_IGN)
if sys.stdin.buffer.read() != {DONE!r}:
    try:
        os.killpg(int(sys.argv[1]), signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
"""


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run(
    command: Sequence[str],
    *,
    stdout: IO[str],
    env: Mapping[str, str],
    cwd: Path | None = None,
) -> int:
    """Run `command` to its end (stdin empty, stderr into `stdout`); its exit status."""
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.STDOUT,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,  # its own process group (and session: no terminal signals)
    )
    watchdog = subprocess.Popen(
        [sys.executable, "-I", "-c", _WATCHDOG, str(process.pid)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait()
    finally:
        if process.poll() is None:  # interrupted: the gate is leaving before the build ends
            _kill_group(process.pid)
            process.wait()
        assert watchdog.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            watchdog.stdin.write(DONE)
            watchdog.stdin.close()
        watchdog.wait()
