"""The heap jitter: a new block of random size before each sample, the old one let go after."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.paths import REPO
from bench.timers.heap_jitter import LARGEST, SMALLEST, HeapJitter


def test_each_call_holds_a_new_block_of_random_size_in_range() -> None:
    jitter = HeapJitter(seed=1)
    assert jitter.held_bytes == 0
    sizes = []
    for _ in range(50):
        jitter()
        sizes.append(jitter.held_bytes)
    assert all(SMALLEST <= size <= LARGEST for size in sizes)
    assert len(set(sizes)) > 40
    # A seed gives the same sizes again.
    again = HeapJitter(seed=1)
    repeated = []
    for _ in range(50):
        again()
        repeated.append(again.held_bytes)
    assert repeated == sizes


#: Where 20 bytearrays the size of a timed call's result (as the buffer twins return it) land,
#: each made after a jitter (or none) and dropped, in a fresh interpreter: the study times in
#: fresh processes, and a long-lived one's heap (a pytest worker's) can hold a hole that takes
#: them all whatever is held.
_PLACES = """
import ctypes, sys
from bench.timers.heap_jitter import HeapJitter
if sys.argv[2] == "raised":
    big = bytearray(8 << 20)
    del big  # a mapped block freed: glibc's threshold rises to its size
jitter = HeapJitter(seed=2) if sys.argv[1] == "jitter" else (lambda: None)
places = set()
for _ in range(20):
    jitter()
    block = bytearray(400_000)
    places.add(ctypes.addressof(ctypes.c_char.from_buffer(block)))
    del block
print(len(places))
"""


def _places(jitter: bool, threshold: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PLACES, "jitter" if jitter else "none", threshold],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return int(done.stdout)


@pytest.mark.parametrize("threshold", ["default", "raised"])
def test_the_next_allocation_moves(threshold: str) -> None:
    # Whether or not glibc has raised its mmap threshold by then.
    assert _places(jitter=False, threshold=threshold) <= 2
    assert _places(jitter=True, threshold=threshold) > 5
