"""The block oracle for large counts, against the plain sieve of tests/oracle.py."""

from __future__ import annotations

import numpy as np
import pytest

from bench.check.blocks import first_primes_blocks
from oracle import NTH_PRIME, sieve


def _joined(count: int, block: int) -> list[int]:
    blocks = list(first_primes_blocks(count, block=block))
    assert sum(len(b) for b in blocks) == count
    assert all(b.dtype == np.uint32 for b in blocks)
    return [int(p) for b in blocks for p in b.tolist()]


@pytest.mark.parametrize("block", [2, 10, 1_000, 1 << 20])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 6, 25, 1_229, 10_000])
def test_blocks_hold_the_first_primes_whatever_their_size(count: int, block: int) -> None:
    assert _joined(count, block) == sieve(104_729)[:count]


def test_the_ten_thousandth_prime() -> None:
    assert _joined(10_000, 4_096)[-1] == NTH_PRIME[10_000]


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        list(first_primes_blocks(-1))
