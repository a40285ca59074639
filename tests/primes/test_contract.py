"""Every implementation takes `count` like range() does and fails the same way on bad input,
its list function and its buffer twin (read back as a list) alike."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
from child_python import run_python

import primes
from oracle import PRIMES_BELOW_2_TO
from primes.registry import FirstN

#: (count, the primes it gives).
INDEX_LIKE = [
    pytest.param(True, [2], id="True"),
    pytest.param(False, [], id="False"),
    pytest.param(np.int64(3), [2, 3, 5], id="np.int64"),
    pytest.param(np.uint8(4), [2, 3, 5, 7], id="np.uint8"),
    pytest.param(np.int32(0), [], id="np.int32-zero"),
]

_NOT_AN_INTEGER = (TypeError, "count must be an integer")
_NEGATIVE = (ValueError, "count must be non-negative")
_ABOVE_MAXSIZE = (OverflowError, r"larger than sys\.maxsize")

#: (count, the exception it raises, a regular expression its message matches).
REFUSED = [
    pytest.param(3.0, *_NOT_AN_INTEGER, id="float"),
    pytest.param(2.5, *_NOT_AN_INTEGER, id="fraction-float"),
    pytest.param("3", *_NOT_AN_INTEGER, id="str"),
    pytest.param(b"3", *_NOT_AN_INTEGER, id="bytes"),
    pytest.param(None, *_NOT_AN_INTEGER, id="None"),
    pytest.param(Fraction(3), *_NOT_AN_INTEGER, id="Fraction"),
    pytest.param(np.float64(3.0), *_NOT_AN_INTEGER, id="np.float64"),
    pytest.param([3], *_NOT_AN_INTEGER, id="list"),
    pytest.param(-1, *_NEGATIVE, id="-1"),
    pytest.param(-(10**30), *_NEGATIVE, id="-1e30"),
    pytest.param(np.int64(-5), *_NEGATIVE, id="np.int64-negative"),
    pytest.param(sys.maxsize + 1, *_ABOVE_MAXSIZE, id="maxsize+1"),
    pytest.param(2**64, *_ABOVE_MAXSIZE, id="2**64"),
    pytest.param(10**30, *_ABOVE_MAXSIZE, id="1e30"),
]


def _takers() -> list[object]:
    """(name, whether its buffer twin): every list function and every registered twin."""
    names = primes.names()
    twins = [name for name in names if primes.implementation(name).buffer is not None]
    return [
        *(pytest.param((name, False), id=name) for name in names),
        *(pytest.param((name, True), id=f"{name}-buffer") for name in twins),
    ]


@pytest.fixture(params=_takers())
def takes_count(request: pytest.FixtureRequest) -> Callable[..., list[int]]:
    """An implementation's list function, or its buffer twin read back as a list. One that is
    registered but cannot be loaded is a failure."""
    name, twin = request.param
    if not twin:
        return primes.get(name)
    buffer = primes.implementation(name).load_buffer()
    assert buffer is not None
    return lambda *args, **kwargs: buffer(*args, **kwargs).tolist()


@pytest.mark.parametrize(("count", "expected"), INDEX_LIKE)
def test_index_like_counts(
    takes_count: Callable[..., list[int]], count: object, expected: list[int]
) -> None:
    assert takes_count(count) == expected


def test_keyword_argument(takes_count: Callable[..., list[int]]) -> None:
    assert takes_count(count=3) == [2, 3, 5]


@pytest.mark.parametrize(("count", "error", "message"), REFUSED)
def test_a_bad_count_raises_its_error(
    takes_count: Callable[..., list[int]], count: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        takes_count(count)


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
