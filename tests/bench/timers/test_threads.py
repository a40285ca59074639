"""The threads timer: each worker's CPU time and time waiting for a core, and how busy the
cores were. Checked against what cannot depend on the machine's load: pure Python threads
hold the GIL, so together they never use more than one core's CPU time; a thread that never
sleeps is, at every moment, either running or waiting for a core."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bench.timers import threads


def _python_loop() -> None:
    total = 0
    for value in range(300_000):
        total += value


def _sleep() -> None:
    time.sleep(0.2)


def test_threads_that_hold_the_gil_use_one_core_at_most() -> None:
    batch = threads.in_threads(_python_loop, 2, threads.usable_cpus())
    assert len(batch.cpu) == 2 and all(cpu > 0 for cpu in batch.cpu)
    # CPU time is sampled per thread with some granularity: a few percent of slack.
    assert sum(batch.cpu) / batch.wall <= 1.1


def test_a_sleeping_thread_uses_no_cpu_and_waits_for_no_core() -> None:
    batch = threads.in_threads(_sleep, 2, threads.usable_cpus())
    assert batch.wall >= 0.2
    assert all(cpu < 0.02 for cpu in batch.cpu)
    # Sleeping is not waiting for a core (a GIL waiter sleeps too): at most the wake-up's wait.
    if batch.waited is not None:
        assert all(waited < 0.1 for waited in batch.waited)


@pytest.mark.skipif(threads.waited_seconds() is None, reason="no schedstat on this system")
def test_a_thread_that_never_sleeps_runs_or_waits_the_whole_time() -> None:
    spans: list[float] = []

    def work() -> None:
        start = time.perf_counter()
        for _ in range(10):
            _python_loop()
        spans.append(time.perf_counter() - start)

    batch = threads.in_threads(work, 1, threads.usable_cpus())
    assert batch.waited is not None
    # The thread's own span of work, inside the span its CPU and waiting times cover.
    assert batch.cpu[0] + batch.waited[0] == pytest.approx(spans[0], rel=0.05, abs=0.005)
    assert batch.wall >= spans[0]


def test_the_cores_busy_time_is_read_from_proc_stat(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    # user nice system idle iowait irq softirq steal guest guest_nice, in clock ticks.
    stat.write_text(
        "cpu  300 0 30 1000 10 0 0 0 0 0\n"
        "cpu0 100 5 10 500 5 1 2 3 0 0\n"
        "cpu1 200 0 20 500 5 0 0 0 50 0\n"
        "intr 1 2 3\n"
    )
    ticks = 100 + 5 + 10 + 1 + 2 + 3 + 200 + 20  # idle, iowait and guest (inside user) excluded
    assert threads.busy_seconds([0, 1], stat) == pytest.approx(ticks / threads._TICKS)
    assert threads.busy_seconds([2], stat) is None
    assert threads.busy_seconds([0], tmp_path / "absent") is None


def test_each_thread_runs_the_work_once() -> None:
    ran: list[int] = []
    batch = threads.in_threads(lambda: ran.append(threading.get_ident()), 3, threads.usable_cpus())
    assert len(ran) == 3 and len(set(ran)) == 3
    assert len(batch.cpu) == 3
