"""One run at a time per output directory; a lock left by a killed run is taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.paths import REPO
from bench.run import lock

_HOLD = """
import sys
from pathlib import Path
from bench.run import lock
with lock.held(Path(sys.argv[1]), ["holder"], print):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock on tmp_path/out until its stdin closes."""
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(out)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "held\n"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_second_run_refuses_at_once_naming_the_first(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    out = tmp_path / "out"
    notes: list[str] = []
    with (
        pytest.raises(lock.Busy, match=rf"in use by another run: pid {holder.pid} on ") as busy,
        lock.held(out, ["second"], notes.append),
    ):
        pytest.fail("the lock was held by another process")
    assert "started " in str(busy.value)
    assert "`holder`" in str(busy.value)
    assert notes == []
    assert json.loads((out / lock.NAME).read_text())["pid"] == holder.pid


def test_python_m_bench_refuses_while_another_run_holds_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "REPORT.md").write_text("previous")
    with lock.held(out, ["python -m bench (first)"], print):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "bench", "--study", "boundary", "--out", str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        took = time.monotonic() - started
    assert done.returncode == 1
    refusal = [line for line in done.stderr.splitlines() if line.startswith("bench:")]
    assert len(refusal) == 1
    assert f"in use by another run: pid {os.getpid()} on " in refusal[0]
    assert "(first)" in refusal[0]
    assert took < 20  # refused before measuring anything
    assert sorted(p.name for p in out.iterdir()) == ["REPORT.md"]


def test_a_lock_left_by_a_killed_run_is_taken_over(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    out = tmp_path / "out"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (out / lock.NAME).exists()  # kill -9 leaves the file
    notes: list[str] = []
    with lock.held(out, ["next"], notes.append) as me:
        assert json.loads((out / lock.NAME).read_text())["pid"] == me.pid == os.getpid()
    assert len(notes) == 1
    assert f"took over a stale lock on {out} from pid {holder.pid} on " in notes[0]
    assert "its process is gone" in notes[0]
    assert not (out / lock.NAME).exists()


def test_a_lock_naming_a_dead_pid_is_stale(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = lock.Holder(dead.pid, lock.Holder.me([]).host, "2025-01-01 00:00:00 UTC", "old")
    (tmp_path / lock.NAME).write_text(json.dumps(gone.__dict__))
    notes: list[str] = []
    with lock.held(tmp_path, ["next"], notes.append):
        pass
    assert notes == [
        f"bench: took over a stale lock on {tmp_path} from {gone.describe()}: its process is gone"
    ]


def test_the_lock_is_released_and_can_be_taken_again(tmp_path: Path) -> None:
    notes: list[str] = []
    for _ in range(2):
        with lock.held(tmp_path, ["run"], notes.append):
            assert (tmp_path / lock.NAME).exists()
        assert not (tmp_path / lock.NAME).exists()
    assert notes == []


def test_the_lock_is_released_when_the_run_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), lock.held(tmp_path, ["run"], print):
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
