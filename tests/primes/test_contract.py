"""Every implementation takes `count` like range() does and fails the same way on bad input."""

from __future__ import annotations

import sys
import textwrap

import pytest
from child_python import run_python
from count_contract import INDEX_LIKE, REFUSED

import primes
from oracle import PRIMES_BELOW_2_TO
from primes.registry import FirstN


@pytest.mark.parametrize(("count", "expected"), INDEX_LIKE)
def test_index_like_counts(first_n: FirstN, count: object, expected: list[int]) -> None:
    assert first_n(count) == expected  # type: ignore[arg-type]


def test_keyword_argument(first_n: FirstN) -> None:
    assert first_n(count=3) == [2, 3, 5]  # type: ignore[call-arg]


@pytest.mark.parametrize(("count", "error", "message"), REFUSED)
def test_a_bad_count_raises_its_error(
    first_n: FirstN, count: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        first_n(count)  # type: ignore[arg-type]


def test_max_count_is_the_integer_width_limit(impl_name: str) -> None:
    # Each implementation stores primes in some integer type; its limit must be π(2^bits).
    assert primes.implementation(impl_name).max_count() in set(PRIMES_BELOW_2_TO.values()) | {
        sys.maxsize
    }


def test_counts_past_the_integer_width_fail_before_any_work(
    impl_name: str, first_n: FirstN
) -> None:
    max_count = primes.implementation(impl_name).max_count()
    if max_count == sys.maxsize:
        pytest.skip(f"{impl_name} has unbounded integers")
    for count in (max_count + 1, 2**40, sys.maxsize):
        with pytest.raises(OverflowError, match=f"largest supported count: {max_count}"):
            first_n(count)


def test_unbounded_implementations_refuse_counts_beyond_memory(
    impl_name: str, first_n: FirstN
) -> None:
    if primes.implementation(impl_name).max_count() != sys.maxsize:
        pytest.skip(f"{impl_name} raises OverflowError first")
    with pytest.raises(MemoryError, match="cannot allocate the result"):
        first_n(2**40)


def test_results_that_cannot_be_allocated_raise_memory_error(impl_name: str) -> None:
    # Under a 256 MiB address-space limit, 100 million primes (at least 400 MB as u32/int) cannot
    # be allocated: every implementation must say MemoryError at once, not crash or compute.
    code = textwrap.dedent(
        f"""
        import resource, primes
        first_n = primes.get({impl_name!r})
        limit = 256 * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            first_n(100_000_000)
        except MemoryError as err:
            print("MemoryError:", err)
        """
    )
    result = run_python(code, env={"OPENBLAS_NUM_THREADS": "1", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("MemoryError: cannot allocate the result"), result.stdout
