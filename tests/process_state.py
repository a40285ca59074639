"""Whether a process still runs, the CPU time it has used, and waiting for a condition: for
tests that kill a gate or signal a child once it is busy."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def alive(pid: int) -> bool:
    """Running (a zombie left for a reaper that may never come counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, all its threads (clock-tick resolution)."""
    # utime and stime are the 14th and 15th fields; the 2nd, the command in parentheses, may
    # hold spaces.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def wait_for_cpu_time(process: subprocess.Popen[Any], seconds: float) -> None:
    """Until `process` has used `seconds` more CPU time (busy in the work it was started for,
    however loaded the machine); it must not end meanwhile."""
    start = cpu_seconds(process.pid)
    busy = wait_for(
        lambda: process.poll() is not None or cpu_seconds(process.pid) >= start + seconds, 60
    )
    assert busy, f"still not {seconds} s of CPU time after a minute"
    assert process.poll() is None, f"ended before {seconds} s of CPU time: {process.communicate()}"
