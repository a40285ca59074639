"""The Cython buffer twins (`first_n_buffer` in every Cython module): what is particular to them.

tests/primes/test_buffers.py checks every registered twin's view and values; here: the view
is the whole bytearray the primes were written into (no copy, no slack), the wheel's values
far past the oracle's sieve against published n-th primes, the list function's exact errors,
and the contract's MemoryError when nothing fits.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable

import pytest
from child_python import run_python

import primes
from oracle import FIRST_25, first_primes
from primes.contract import out_of_memory_message
from primes.registry import FirstNBuffer

#: n -> the n-th prime, from published tables.
NTH_PRIME = {1_000_000: 15_485_863, 5_000_000: 86_028_121, 10_000_000: 179_424_673}


def _cython_twins() -> list[str]:
    return [
        impl.name
        for impl in primes.implementations()
        if impl.language == "cython" and impl.buffer is not None
    ]


def test_every_cython_implementation_has_a_twin() -> None:
    cython = {impl.name for impl in primes.implementations() if impl.language == "cython"}
    assert (
        cython
        == set(_cython_twins())
        == {
            "cython-naive",
            "cython-trial",
            "cython-sieve",
            "cython-wheel",
        }
    )


@pytest.fixture(params=_cython_twins())
def twin_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.mark.parametrize("count", [0, 1, 5, 6, 1_000])
def test_the_view_is_the_whole_bytearray_it_was_filled_in(twin: FirstNBuffer, count: int) -> None:
    view = twin(count)
    assert type(view.obj) is bytearray
    # Exactly the result's bytes: not a larger working buffer, not a copy of one.
    assert len(view.obj) == view.nbytes == 4 * count
    assert view.tolist() == first_primes(count)
    if count:
        view.obj[:4] = (99).to_bytes(4, sys.byteorder)  # the same memory, seen through both
        assert view[0] == 99


@pytest.mark.parametrize("count", sorted(NTH_PRIME))
def test_the_wheel_reaches_published_nth_primes(count: int) -> None:
    # Past the oracle's sieve: hundreds of segments, every sieving prime below 13,400 active.
    twin = primes.implementation("cython-wheel").load_buffer()
    assert twin is not None
    view = twin(count)
    assert len(view) == count
    assert view[-1] == NTH_PRIME[count]
    assert view[:25].tolist() == FIRST_25
    first_n = primes.get("cython-wheel")
    assert first_n(count)[-1] == NTH_PRIME[count]


def _outcome(function: Callable[..., object], argument: object) -> tuple[str, str]:
    """What the call did: the exception's type and message, which is what is compared."""
    try:
        function(argument)
    except Exception as err:
        return type(err).__name__, str(err)
    return "returned", ""


@pytest.mark.parametrize("argument", [-1, 1.5, "7", None, 2**40, sys.maxsize + 1], ids=repr)
def test_the_same_errors_as_the_list_function(
    twin_name: str, twin: FirstNBuffer, argument: object
) -> None:
    first_n = primes.get(twin_name)
    outcome = _outcome(twin, argument)
    assert outcome[0] != "returned"
    assert outcome == _outcome(first_n, argument)


def test_one_past_the_largest_count_is_the_list_functions_overflow(
    twin_name: str, twin: FirstNBuffer
) -> None:
    count = primes.implementation(twin_name).max_count() + 1
    outcome = _outcome(twin, count)
    assert outcome[0] == "OverflowError"
    assert outcome == _outcome(primes.get(twin_name), count)


CHILD = textwrap.dedent(
    """
    import json, resource, sys
    import primes

    name, count, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    twin = primes.implementation(name).load_buffer()
    twin(10)  # every import and cache, before the limit
    with open("/proc/self/status") as status:
        before = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (before + limit, resource.RLIM_INFINITY))
    try:
        twin(count)
    except BaseException as err:
        outcome, message = type(err).__name__, str(err)
    else:
        outcome, message = "returned", ""
    print(json.dumps(dict(outcome=outcome, message=message, after=twin(10).tolist())))
    """
)


def test_nothing_fits_is_the_contracts_memory_error(twin_name: str) -> None:
    # A result of hundreds of MB under a limit a few MB above what the process holds: the
    # buffer fails at once, before any work, and the process carries on.
    count = min(100_000_000, primes.implementation(twin_name).max_count())
    done = run_python(CHILD, twin_name, str(count), str(4 * 2**20))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outcome"] == "MemoryError", report
    # The contract's words; refused before any work, they add what the buffer needs.
    assert report["message"].startswith(out_of_memory_message(count)), report
    assert report["after"] == first_primes(10)
