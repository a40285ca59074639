"""A child process tree that ends with the gate, however the gate ends.

A base build is `make -> pip -> maturin -> cargo`: minutes of work in grandchildren. Killing
the gate (Ctrl-C, a CI job's timeout, `kill -9`) must not leave them running, re-parented to
init, still writing into the cache. So a small watchdog process, in a process group of its own,
starts the command in that group and holds the read end of a pipe whose only write end the gate
holds: when the gate dies, however it dies, the kernel closes that end, the watchdog reads
end-of-file and kills the whole group. The watchdog starts watching before it starts the
command, so there is no moment in which the command runs unwatched. An exception in the gate
(KeyboardInterrupt included) kills the group directly.
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

# Run with `python -I -c`: nothing imported from the project, so it starts in milliseconds. It
# exits with the command's status (128 + N for a signal N, as a shell reports it).
_WATCHDOG = """
import os, signal, subprocess, sys, threading

def watch():
    while os.read(0, 4096):  # empty only when the gate has gone
        pass
    os.killpg(0, signal.SIGKILL)

threading.Thread(target=watch, daemon=True).start()
status = subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL)
os._exit(128 - status if status < 0 else status)  # not waiting for the watching thread
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
    watchdog = subprocess.Popen(
        [sys.executable, "-I", "-c", _WATCHDOG, *command],
        stdin=subprocess.PIPE,
        stdout=stdout,
        stderr=subprocess.STDOUT,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,  # its own process group (and session: no terminal signals)
    )
    try:
        return watchdog.wait()
    finally:
        if watchdog.poll() is None:  # interrupted: the gate is leaving before the build ends
            _kill_group(watchdog.pid)
            watchdog.wait()
        assert watchdog.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            watchdog.stdin.close()
