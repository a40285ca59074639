"""Ctrl-C stops a long computation in every implementation, including those that drop the GIL;
the exceptions the registry states (`uninterruptible`) are checked to be true."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from process_state import wait_for_cpu_time

import primes

#: Counts that keep each algorithm busy for many seconds, so the signal lands mid-computation.
LONG_COUNT = {"naive": 2_000_000, "trial": 50_000_000, "sieve": 100_000_000, "wheel": 203_280_221}
#: CPU time the child spends after it says it is calling, before the signal is sent: ten of
#: the implementations' signal-check periods inside the computation. Waiting for CPU time, not
#: a fixed sleep, keeps a loaded machine from sending the signal before the call has begun
#: (Python itself would then raise KeyboardInterrupt, and the test would check nothing).
BUSY_S = 0.1

#: Generous against a noisy machine; the implementations check about every 10 ms. Without a
#: signal check the call would run for minutes to hours.
DEADLINE_S = 2.0


def _start_long_call(impl: primes.Implementation) -> subprocess.Popen[str]:
    """A child process inside a long `first_n` call of `impl`."""
    count = LONG_COUNT.get(impl.algorithm.split("-")[0], LONG_COUNT["naive"])
    count = min(count, impl.max_count())
    code = textwrap.dedent(
        f"""
        import primes, time
        first_n = primes.get({impl.name!r})
        first_n(10)  # every import and compilation done before the long call
        print("calling", flush=True)
        try:
            first_n({count})
        except KeyboardInterrupt:
            print("KeyboardInterrupt", time.monotonic(), flush=True)
        else:
            print("finished before the signal", flush=True)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "calling"
    wait_for_cpu_time(child, BUSY_S)  # well inside the computation
    return child


def test_sigint_raises_keyboard_interrupt(impl_name: str) -> None:
    impl = primes.implementation(impl_name)
    if impl.peer:
        pytest.skip(f"{impl_name} is a third-party peer; its signal handling is not ours to test")
    if impl.uninterruptible:
        pytest.skip(f"{impl_name} ignores Ctrl-C, as registered: {impl.uninterruptible}")
    child = _start_long_call(impl)
    try:
        sent = time.monotonic()
        os.kill(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 0, err
    word, _, stamp = out.strip().partition(" ")
    assert word == "KeyboardInterrupt", out
    assert float(stamp) - sent < DEADLINE_S


@pytest.mark.parametrize(
    "name", [impl.name for impl in primes.implementations() if impl.uninterruptible]
)
def test_registered_as_uninterruptible_means_it_is(name: str) -> None:
    # The registry's `uninterruptible` is a stated exception to the contract: it must be
    # true, or it would excuse an implementation from the test above for nothing.
    child = _start_long_call(primes.implementation(name))
    try:
        os.kill(child.pid, signal.SIGINT)
        time.sleep(DEADLINE_S)
        still_running = child.poll() is None
    finally:
        child.kill()
        child.communicate()
    assert still_running, f"{name} stopped at Ctrl-C: drop its `uninterruptible` entry"
