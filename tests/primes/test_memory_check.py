"""The memory check before any work: what a result takes, what the process has left, the words.

Only results big enough to matter are checked, so small calls stay cheap.
"""

from __future__ import annotations

import json
import re
import resource
import sys

import pytest
from child_python import run_python

from primes import contract
from primes.contract import out_of_memory_message

MiB = 2**20


def test_small_counts_do_not_ask_for_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise AssertionError("memory_limit() asked for a small count")

    monkeypatch.setattr(contract, "memory_limit", refuse)
    assert contract.check_count(0, name="x") == 0
    assert contract.check_count(25_000, name="x") == 25_000  # a list of ~1.0 MB: not checked
    contract.check_memory(200_000, as_list=False, bytes_per_prime=4)  # 0.8 MB: not checked


def _bytes_held(values: list[int]) -> int:
    """What CPython itself reports for a list and the ints it holds alone, each object
    rounded up to the 16 bytes its allocator hands out (the small ints it shares: nothing)."""
    ints = sum(-(-sys.getsizeof(v) // 16) * 16 for v in values if v > 256)
    return sys.getsizeof(values) - sys.getsizeof([]) + ints


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's object sizes")
@pytest.mark.parametrize("count", [1, 54, 55, 1_000, 100_000])
def test_list_bytes_is_at_most_what_a_list_of_primes_holds(count: int) -> None:
    from primes.sieve import first_n

    values = first_n(count)[:]  # a slice is sized exactly; a grown list has spare slots
    held = _bytes_held(values)
    assert contract.list_bytes(count) <= held
    assert contract.list_bytes(count) >= 0.95 * held  # a close bound, not a token one


def test_large_counts_are_refused_above_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    fits = 1_000_000
    monkeypatch.setattr(contract, "memory_limit", lambda: contract.list_bytes(fits))
    assert contract.check_count(fits, name="x") == fits  # exactly fits
    with pytest.raises(MemoryError) as raised:
        contract.check_count(fits + 1, name="x")
    assert str(raised.value) == (
        f"{out_of_memory_message(fits + 1)} "
        "(they need at least 38.1 MiB; this process can allocate at most 38.1 MiB)"
    )


def test_an_implementations_own_array_counts_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contract, "memory_limit", lambda: 4 * 10**6)
    contract.check_memory(10**6, as_list=False, bytes_per_prime=4)  # a uint32 buffer: fits
    with pytest.raises(MemoryError, match=r"\(they need at least 7\.6 MiB;"):
        contract.check_memory(10**6, as_list=False, bytes_per_prime=8)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (412 * MiB + MiB // 2, "412.5 MiB"),
        (4 * 10**9, "3.7 GiB"),
    ],
)
def test_sizes_are_shown_in_binary_units(size: int, shown: str) -> None:
    assert contract.format_bytes(size) == shown


CHILD = """
import json, resource, sys
from primes import contract
with open("/proc/self/statm") as statm:
    mapped = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (mapped + int(sys.argv[1]), resource.RLIM_INFINITY))
print(json.dumps(contract.memory_limit()))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/statm")
def test_the_limit_is_what_the_address_space_limit_leaves() -> None:
    # Not the limit itself: what the process has mapped already counts against it.
    left = 100 * MiB
    done = run_python(CHILD, str(left), check=True)
    limit = json.loads(done.stdout)
    assert left - MiB <= limit <= left, limit


def test_no_address_space_limit_is_physical_memory() -> None:
    if resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY:
        pytest.skip("this test process runs under an address-space limit")
    import os

    physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert contract.memory_limit() == physical


def test_the_words_are_one_line_in_every_unit() -> None:
    message = contract.not_enough_memory_message(10**8, 4 * 10**9, 600 * MiB)
    assert re.fullmatch(
        re.escape(out_of_memory_message(10**8))
        + r" \(they need at least 3\.7 GiB; this process can allocate at most 600\.0 MiB\)",
        message,
    )
