"""A signal while the gate counts ends it whole: the real command, against the committed
baseline (no base is built), with a stand-in valgrind that starts as callgrind would and then
waits, so the gate is caught counting. Ctrl-C's and SIGTERM's ends alike: every callgrind
process killed, none started after the signal, the stage folder removed, one line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from child_python import python_stand_in
from process_state import alive, wait_for

from bench.paths import REPO

# Writes "PID OUT-FILE" as it starts, then waits as a long count would. The measured processes'
# environment is the gate's own (no PATH), hence an interpreter named by its full path.
STAND_IN = """\
import os, sys, time
if sys.argv[1:] == ["--version"]:
    print("valgrind-3.19.0")
    sys.exit(0)
(out,) = [arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--callgrind-out-file=")]
with open({log!r}, "a") as log:
    log.write(f"{{os.getpid()}} {{out}}\\n")
time.sleep(300)
"""


@pytest.mark.parametrize(
    ("how", "status", "line"),
    [
        (signal.SIGTERM, 143, "perf-gate: terminated; nothing compared"),
        (signal.SIGINT, 130, "perf-gate: interrupted; nothing compared"),
    ],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_while_counting_ends_callgrind_and_removes_the_stage(
    tmp_path: Path, how: signal.Signals, status: int, line: str
) -> None:
    started = tmp_path / "started"
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "valgrind.py"
    script.write_text(STAND_IN.format(log=str(started)))
    python_stand_in(folder / "valgrind", script)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}
    # One process at a time for two implementations: one counting, one queued behind it.
    command = ["check", "--impl", "pure-naive", "--impl", "pure-sieve", "--jobs", "1"]
    gate = subprocess.Popen(
        [sys.executable, "-m", "bench.gate", *command],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        counting = wait_for(lambda: started.exists() and started.read_text().endswith("\n"), 120)
        assert counting, "the stand-in valgrind never started"
        gate.send_signal(how)
        _, err = gate.communicate(timeout=30)
        ended = wait_for(lambda: not any(alive(pid) for pid, _ in _runs(started)), 10)
        runs = _runs(started)
        left = sorted(str(stage) for _, stage in runs if stage.exists())
        assert "Traceback" not in err, err
        assert (gate.returncode, err.splitlines()[-1:], ended, len(runs), left) == (
            status,
            [line],
            True,
            1,
            [],
        ), "want: its exit status, one line, callgrind ended, no run started after, no stage left"
    finally:
        if gate.poll() is None:
            gate.kill()
            gate.communicate()
        for pid, stage in _runs(started):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
            shutil.rmtree(stage, ignore_errors=True)


def _runs(started: Path) -> list[tuple[int, Path]]:
    """(pid, stage folder) of each callgrind run the stand-in saw start."""
    if not started.exists():
        return []
    runs = [entry.split(" ", 1) for entry in started.read_text().splitlines()]
    return [(int(pid), Path(out).parent) for pid, out in runs]
