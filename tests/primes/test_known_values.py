"""Every implementation returns the published primes."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import primes
from oracle import FIRST_25, NTH_PRIME, first_primes
from primes.registry import FirstN

#: The plain sieve's first 10,001 primes, sieved once for the module.
_SIEVED_10001 = first_primes(10_001)


@functools.cache
def _first_10001(impl_name: str) -> list[int]:
    # pure-naive needs about a second for this; compute it once per implementation.
    return primes.get(impl_name)(10_001)


def test_zero_is_an_empty_list(first_n: FirstN) -> None:
    assert first_n(0) == []


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7, 25])
def test_first_primes(first_n: FirstN, count: int) -> None:
    assert first_n(count) == FIRST_25[:count]


def test_results_are_python_ints_in_a_list(first_n: FirstN) -> None:
    result = first_n(10)
    assert type(result) is list
    assert all(type(p) is int for p in result)


@pytest.mark.parametrize(("n", "nth"), sorted(NTH_PRIME.items()))
def test_nth_prime(impl_name: str, n: int, nth: int) -> None:
    result = _first_10001(impl_name)
    assert result[n - 1] == nth


def test_10001_primes_match_a_sieve(impl_name: str) -> None:
    # Past the talk's Cython cap of 10,000.
    assert _first_10001(impl_name) == _SIEVED_10001


_SIEVED = _SIEVED_10001[:3_000]

#: pure/primes/naive.py's loop as the interpreter runs it, and compiled unchanged: nothing in it
#: depends on the count but when it stops (no slices between signal checks, no buffer), and
#: over Python ints it is quadratic, so counts past 1,000 cost seconds and reach no other path.
#: first_n(10_001) above checks it far past any count drawn here.
_UNSLICED_NAIVE_LOOP = {"pure-naive", "mypyc-naive", "cython-untyped-naive"}
_UNSLICED_LARGEST = 1_000


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_agrees_with_a_sieve(impl_name: str, data: st.DataObject) -> None:
    largest = _UNSLICED_LARGEST if impl_name in _UNSLICED_NAIVE_LOOP else len(_SIEVED)
    count = data.draw(st.integers(min_value=0, max_value=largest), label="count")
    assert primes.get(impl_name)(count) == _SIEVED[:count]


def test_the_unsliced_naive_loops_are_registered() -> None:
    # A renamed entry would silently get the full range again (slower, never weaker); a stale
    # name here would be a cap that caps nothing.
    assert {impl.name for impl in primes.implementations()} >= _UNSLICED_NAIVE_LOOP
