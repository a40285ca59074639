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
    assert [again() or again.held_bytes for _ in range(50)] == sizes


@pytest.mark.parametrize("threshold_raised", [False, True])
def test_the_next_allocation_moves(threshold_raised: bool) -> None:
    # What the jitter is for: a block the size of a timed call's result, allocated after it,
    # does not land in one place every time (without it, it does: the same address 20 times),
    # whether or not glibc has raised its mmap threshold by then.
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    if threshold_raised:
        libc.free(libc.malloc(8 << 20))  # a mapped block freed: the threshold rises to it
    jitter = HeapJitter(seed=2)
    places = set()
    for _ in range(20):
        jitter()
        block = libc.malloc(400_000)
        places.add(block)
        libc.free(block)
    assert len(places) > 5
