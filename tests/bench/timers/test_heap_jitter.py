"""The heap jitter: a new block of random size before each sample, the old one let go after."""

from __future__ import annotations

import ctypes

import pytest

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


def _address(block: bytearray) -> int:
    return ctypes.addressof(ctypes.c_char.from_buffer(block))


@pytest.mark.parametrize("threshold_raised", [False, True])
def test_the_next_allocation_moves(threshold_raised: bool) -> None:
    # What the jitter is for: a block the size of a timed call's result (a bytearray, as the
    # buffer twins return), allocated after it, does not land in one place every time
    # (without it, 20 of them took two addresses here), whether or not glibc has raised its
    # mmap threshold by then.
    if threshold_raised:
        big = bytearray(8 << 20)
        del big  # a mapped block freed: glibc's threshold rises to its size
    jitter = HeapJitter(seed=2)
    places = set()
    for _ in range(20):
        jitter()
        block = bytearray(400_000)
        places.add(_address(block))
        del block
    assert len(places) > 5
