"""primesieve's C library through ctypes: the yardstick the wheel is held to, checked against the
tests' own oracle before anything is compared with it."""

from __future__ import annotations

from pathlib import Path

import pytest

import optional_tools
from bench.timers.primesieve_c import (
    MAX_COUNT,
    UINT32_PRIMES_FALLBACK,
    PrimesieveC,
    PrimesieveUnavailable,
    uint32_primes,
)
from oracle import FIRST_25, NTH_PRIME, first_primes


@pytest.fixture(scope="module")
def library() -> PrimesieveC:
    return optional_tools.require("libprimesieve", optional_tools.libprimesieve())


def test_first_primes_match_the_oracle(library: PrimesieveC) -> None:
    assert library.first_n(0) == []
    assert library.first_n(1) == [2]
    assert library.first_n(25) == FIRST_25
    assert library.first_n(20_000) == first_primes(20_000)


def test_nth_primes_match_published_tables(library: PrimesieveC) -> None:
    for count, prime in NTH_PRIME.items():
        assert library.first_n(count)[-1] == prime


def test_the_timed_call_runs_and_refuses_what_uint32_cannot_hold(library: PrimesieveC) -> None:
    library.run(0)
    library.run(100_000)
    for count in (-1, MAX_COUNT + 1):
        with pytest.raises(ValueError, match=f"count must be in 0..{MAX_COUNT}"):
            library.run(count)


def test_a_missing_library_says_how_to_get_it() -> None:
    with pytest.raises(PrimesieveUnavailable, match=r"run `make peers` \(Debian's libprimesieve"):
        PrimesieveC("libprimesieve-not-here.so.0")


def test_uint32_primes_is_read_from_the_header_enum(tmp_path: Path) -> None:
    header = tmp_path / "primesieve.h"
    header.write_text(
        "#define X 1\n/* enum { NOT_THIS, UINT32_PRIMES }; */\n"
        "enum {\n  /** short */\n  SHORT_PRIMES,\n  // uint16\n  UINT16_PRIMES,\n"
        "  UINT32_PRIMES,\n  UINT64_PRIMES\n};\n"
    )
    assert uint32_primes(header) == 2
    assert uint32_primes(tmp_path / "absent.h") == UINT32_PRIMES_FALLBACK
    header.write_text("enum { SHORT_PRIMES = 3, UINT32_PRIMES };\n")
    with pytest.raises(PrimesieveUnavailable, match="explicit values"):
        uint32_primes(header)
    header.write_text("enum { SHORT_PRIMES };\n")
    with pytest.raises(PrimesieveUnavailable, match="no UINT32_PRIMES"):
        uint32_primes(header)


def test_the_installed_header_names_the_type_the_fallback_assumes() -> None:
    optional_tools.require("libprimesieve", optional_tools.primesieve_header())
    assert uint32_primes() == UINT32_PRIMES_FALLBACK
