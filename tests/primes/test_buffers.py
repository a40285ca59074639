"""Every buffer twin returns the list function's primes as a read-write memoryview of uint32.

A twin is registered with its implementation (`Implementation.buffer`); each one found in the
registry is tested here: the view's shape, its values against the oracle, counts past its
integer width, and a fresh buffer per call. The `count` argument's contract, shared with the
list functions, is tested in test_contract.py.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import sys
from collections.abc import Iterable

import pytest

import primes
from bench.check.blocks import KNOWN_DIGESTS, first_primes_blocks
from oracle import FIRST_25, PRIMES_BELOW_2_TO, sieve
from primes.registry import FirstNBuffer

#: The end of the oracle's sieve: its primes check every count up to about 155,000.
ORACLE_LIMIT = 2_100_000

#: Numbers per segment of the two segmented sieves: the wheel's 32 KiB of bytes (30 numbers
#: each) and the odd-only sieve's 32 KiB of bits (2 numbers each). Counts whose last prime is
#: near a segment's end are where carrying state from one segment to the next goes wrong.
SEGMENT_ENDS = (30 * 32 * 1024, 2 * 30 * 32 * 1024, 2 * 8 * 32 * 1024, 2 * 2 * 8 * 32 * 1024)

#: Algorithms too slow for counts in the hundred thousands (the talk's naive loop is O(n²)).
SMALL_ONLY = {"naive", "naive-simd"}

#: The 1,000,000th prime, from published tables.
MILLIONTH_PRIME = 15_485_863


def _twin_names() -> list[str]:
    return [name for name in primes.names() if primes.implementation(name).buffer is not None]


@pytest.fixture(params=_twin_names())
def twin_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@functools.cache
def _oracle() -> list[int]:
    return sieve(ORACLE_LIMIT)


def _counts(twin_name: str) -> list[int]:
    counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 25, 30, 100, 1_000, 10_000]
    if primes.implementation(twin_name).algorithm not in SMALL_ONLY:
        oracle = _oracle()
        for end in SEGMENT_ENDS:
            below = bisect.bisect_left(oracle, end)
            counts += range(below - 2, below + 3)
        counts += [100_000, len(oracle)]
    return counts


def test_the_registry_has_twins() -> None:
    # Every Rust algorithm has one: an empty parametrization would test nothing.
    names = _twin_names()
    assert {"rust-naive", "rust-trial", "rust-sieve", "rust-naive-simd", "rust-wheel"} <= set(names)


def test_a_read_write_1d_view_of_uint32(twin: FirstNBuffer) -> None:
    view = twin(10)
    assert type(view) is memoryview
    assert (view.format, view.itemsize, view.ndim, view.shape) == ("I", 4, 1, (10,))
    assert not view.readonly
    assert view.c_contiguous
    assert view.nbytes == 40
    # Over memory Python owns, not the extension's.
    assert type(view.obj) is bytearray
    view[3] = 4
    assert view.tolist() == [2, 3, 5, 4, 11, 13, 17, 19, 23, 29]


def test_values_match_the_oracle(twin_name: str, twin: FirstNBuffer) -> None:
    expected = _oracle()
    for count in _counts(twin_name):
        view = twin(count)
        assert len(view) == count, f"count {count}"
        assert view.tolist() == expected[:count], f"count {count}"


def test_the_millionth_prime(twin_name: str, twin: FirstNBuffer) -> None:
    if primes.implementation(twin_name).algorithm in SMALL_ONLY | {"trial"}:
        pytest.skip(f"{twin_name} takes too long for a million primes")
    view = twin(1_000_000)
    assert len(view) == 1_000_000
    assert view[-1] == MILLIONTH_PRIME
    assert view[:25].tolist() == FIRST_25


def test_the_same_primes_as_the_list_function(twin_name: str, twin: FirstNBuffer) -> None:
    first_n = primes.get(twin_name)
    assert twin(2_000).tolist() == first_n(2_000)


def test_every_call_gets_its_own_buffer(twin: FirstNBuffer) -> None:
    first, second = twin(5), twin(5)
    assert first.obj is not second.obj
    first[0] = 99
    assert second.tolist() == [2, 3, 5, 7, 11]
    assert twin(5).tolist() == [2, 3, 5, 7, 11]


def test_counts_past_the_integer_width_raise_overflow_error(
    twin_name: str, twin: FirstNBuffer
) -> None:
    # The primes below 2**32 (u32) or 2**31 (cython-naive's C int): the width's exact limit.
    max_count = primes.implementation(twin_name).max_count()
    assert max_count in (PRIMES_BELOW_2_TO[32], PRIMES_BELOW_2_TO[31])
    for count in (max_count + 1, 2**40, sys.maxsize):
        with pytest.raises(OverflowError, match=f"largest supported count: {max_count}"):
            twin(count)


@pytest.mark.slow
def test_the_largest_count_reaches_the_last_u32_prime(twin_name: str, twin: FirstNBuffer) -> None:
    # All of u32 sieved: 813 MB of result, a few seconds; only the wheel is that fast. (Its
    # list function is not called here: 203 million ints would take about 8 GB.)
    if primes.implementation(twin_name).algorithm != "wheel":
        pytest.skip(f"{twin_name} takes too long to sieve all of u32")
    count = PRIMES_BELOW_2_TO[32]
    view = twin(count)
    assert len(view) == count
    # The last primes below 2³², from published tables: the largest is 2³² − 5.
    assert view[-3:].tolist() == [4_294_967_231, 4_294_967_279, 4_294_967_291]
    assert view[:25].tolist() == FIRST_25
    assert view[999_999] == MILLIONTH_PRIME
    # Every one of them: the digests of its prefixes against the oracle's (`KNOWN_DIGESTS`,
    # constants of one pass of the plain segmented sieve); the oracle sieves again a block at a
    # time only to name where a twin that differs goes wrong.
    known = {n: digest for n, digest in KNOWN_DIGESTS.items() if n <= count}
    assert count in known, "nothing to compare the whole result with"
    if _prefix_digests(view, known) != known:
        start = 0
        for expected in first_primes_blocks(count):
            assert view[start : start + len(expected)].tobytes() == expected.tobytes(), start
            start += len(expected)
        pytest.fail("the digests differ, yet every block is equal")


def _prefix_digests(view: memoryview, counts: Iterable[int]) -> dict[int, str]:
    """SHA-256 (hex) of the first `count` values of `view` for each of `counts`: one pass."""
    sha = hashlib.sha256()
    digests: dict[int, str] = {}
    hashed = 0
    for count in sorted(counts):
        sha.update(view[hashed:count])
        hashed = count
        digests[count] = sha.hexdigest()
    return digests
