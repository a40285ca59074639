"""The measured processes of one measurement, ended together when the gate leaves early.

`subprocess.run` kills its process when the thread waiting for it is interrupted, but callgrind's
processes are waited for by a thread pool's workers, which no signal interrupts. On Ctrl-C or
SIGTERM the main thread would leave while the pool, on its way out, waited for every running
process to end and then started the queued ones: minutes of counting that nobody reads, and the
stage folder kept until the last one ended. `stop` kills the running ones and starts no more.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Mapping, Sequence

from bench.timers.errors import MeasurementError


class Children:
    """Runs commands to their end, from any thread, until `stop`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[str]] = set()
        self._stopped = False

    def run(
        self, command: Sequence[str], *, cwd: str, env: Mapping[str, str]
    ) -> subprocess.CompletedProcess[str]:
        """`command` with stdin empty, its output captured as text: `subprocess.run`'s result."""
        with self._lock:
            if self._stopped:
                raise MeasurementError(f"{command[0]} not started: the measurement is ending")
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            self._running.add(process)
        try:
            with process:
                try:
                    stdout, stderr = process.communicate()
                except BaseException:  # the waiting thread interrupted: the process goes too
                    process.kill()
                    raise
        finally:
            with self._lock:
                self._running.discard(process)
        return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)

    def stop(self) -> None:
        """Kill every running process; `run` starts none after this."""
        with self._lock:
            self._stopped = True
            for process in self._running:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
