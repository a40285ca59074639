"""Ctrl-C stops a long computation in every implementation, including those that drop the GIL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import primes

#: Counts that keep each algorithm busy for many seconds, so the signal lands mid-computation.
LONG_COUNT = {"naive": 2_000_000, "trial": 50_000_000, "sieve": 100_000_000, "wheel": 203_280_221}
#: When the signal is sent, after the call starts: the wheel sieves all of u32 (its largest
#: count) in a second or two, so it gets the signal sooner; the others have many seconds.
SIGNAL_AFTER_S = {"wheel": 0.3}

#: Generous against a noisy machine; the implementations check about every 10 ms. Without a
#: signal check the call would run for minutes to hours.
DEADLINE_S = 2.0


def test_sigint_raises_keyboard_interrupt(impl_name: str) -> None:
    impl = primes.implementation(impl_name)
    if impl.optional:
        pytest.skip(f"{impl_name} is a third-party peer; its signal handling is not ours to test")
    count = LONG_COUNT.get(impl.algorithm.split("-")[0], LONG_COUNT["naive"])
    count = min(count, impl.max_count())
    code = textwrap.dedent(
        f"""
        import primes, time
        first_n = primes.get({impl_name!r})
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
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "calling"
        time.sleep(SIGNAL_AFTER_S.get(impl.algorithm, 1.0))  # well inside the computation
        sent = time.monotonic()
        os.kill(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 0, err
    word, _, stamp = out.strip().partition(" ")
    assert word == "KeyboardInterrupt", out
    assert float(stamp) - sent < DEADLINE_S
