"""The block oracle for large counts, against the plain sieve of tests/oracle.py."""

from __future__ import annotations

import hashlib
from array import array

import numpy as np
import pytest

from bench.check.blocks import KNOWN_DIGESTS, first_primes_blocks, prefix_digests
from oracle import NTH_PRIME, sieve

#: The first 10,000 primes by the plain sieve, sieved once for every case that compares with it.
FIRST_10_000 = sieve(104_729)


def _joined(count: int, block: int) -> list[int]:
    blocks = list(first_primes_blocks(count, block=block))
    assert sum(len(b) for b in blocks) == count
    assert all(b.dtype == np.uint32 for b in blocks)
    return [int(p) for b in blocks for p in b.tolist()]


#: Counts and block sizes (numbers per block). A block of 2 holds one odd number: 10,000 primes
#: would take 52,000 blocks of NumPy calls (5 s of CPU) to check nothing that the 1,229 primes
#: below 10⁴ in 5,000 such blocks do not.
SIZES = [
    (count, block)
    for block in (2, 10, 1_000, 1 << 20)
    for count in (0, 1, 2, 3, 6, 25, 1_229, 10_000)
    if (count, block) != (10_000, 2)
]


@pytest.mark.parametrize(("count", "block"), SIZES)
def test_blocks_hold_the_first_primes_whatever_their_size(count: int, block: int) -> None:
    assert _joined(count, block) == FIRST_10_000[:count]


def test_the_ten_thousandth_prime() -> None:
    assert _joined(10_000, 4_096)[-1] == NTH_PRIME[10_000]


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        list(first_primes_blocks(-1))


@pytest.mark.parametrize("block", [10, 1_000, 1 << 20])
def test_one_pass_gives_the_digest_of_every_prefix_asked_for(block: int) -> None:
    counts = [10_000, 0, 1, 25, 1_229, 1_230, 5_000]
    digests = prefix_digests(counts, block=block)
    primes = FIRST_10_000
    assert sorted(digests) == sorted(counts)
    for count in counts:
        packed = array("I", primes[:count]).tobytes()
        assert digests[count] == hashlib.sha256(packed).digest(), count


def test_digests_of_no_counts_and_of_a_negative_count() -> None:
    assert prefix_digests([]) == {}
    with pytest.raises(ValueError, match="non-negative"):
        prefix_digests([5, -1])


def test_the_known_digests_up_to_ten_million_are_the_oracles() -> None:
    # The larger ones, made by the same pass, are what both wheels must match at those counts
    # (tests/primes/test_buffers.py).
    small = [count for count in KNOWN_DIGESTS if count <= 10_000_000]
    assert small, "nothing compared"
    digests = prefix_digests(small)
    assert {count: digests[count].hex() for count in small} == {
        count: KNOWN_DIGESTS[count] for count in small
    }
