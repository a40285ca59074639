"""The correctness checker refuses a wrong implementation, and says why."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from bench.check.checker import Checker, mismatch
from bench.paths import REPO

# Impostors, each wrong in one way; `right` is a plain trial division, correct.
IMPOSTORS = """
def right(count):
    found = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found):
            found.append(candidate)
        candidate += 1
    return found

def one_short(count):
    return right(count)[:-1] if count else []

def counts_one_as_prime(count):
    return ([1] + right(count))[:count]

def a_tuple(count):
    return tuple(right(count))

def floats(count):
    return [float(p) for p in right(count)]

def wrong_above_100(count):
    result = right(count)
    if count > 100:
        result[100] += 2
    return result

def raises(count):
    raise RuntimeError("segfault averted")

def crashes(count):
    import os
    os._exit(3)
"""


@pytest.fixture
def checker(tmp_path: Path) -> Checker:
    (tmp_path / "impostors.py").write_text(textwrap.dedent(IMPOSTORS))
    return Checker(Path(sys.executable), cwd=REPO, env={"PYTHONPATH": str(tmp_path)}, timeout=60)


def test_a_correct_function_passes(checker: Checker) -> None:
    verdicts = checker.check_implementation("impostors:right", [0, 1, 100, 1000])
    assert [v.ok for v in verdicts] == [True] * 4


def test_a_registered_implementation_passes(checker: Checker) -> None:
    assert all(v.ok for v in checker.check_implementation("rust-naive", [0, 5000]))


@pytest.mark.parametrize(
    ("target", "count", "detail"),
    [
        ("one_short", 100, "returned 99 numbers, expected 100"),
        ("counts_one_as_prime", 10, "element 0 is 1, expected 2"),
        ("a_tuple", 10, "returned tuple, not list"),
        ("floats", 10, "element 0 is 2.0, expected 2"),
        ("wrong_above_100", 1000, "element 100 is 549, expected 547"),
        ("raises", 10, "raised RuntimeError: segfault averted"),
        ("crashes", 10, "checker exited with status 3"),
    ],
)
def test_a_wrong_function_is_refused(
    checker: Checker, target: str, count: int, detail: str
) -> None:
    (verdict,) = checker.check_implementation(f"impostors:{target}", [count])
    assert not verdict.ok
    assert detail in verdict.detail
    refused = [c for c in checker.checks() if c.subject == f"impostors:{target}" and not c.ok]
    assert refused == [verdict]


def test_wrong_only_at_some_counts_is_refused_at_those(checker: Checker) -> None:
    verdicts = checker.check_implementation("impostors:wrong_above_100", [100, 1000])
    assert [v.ok for v in verdicts] == [True, False]


def test_a_console_script_printing_a_wrong_list_is_refused(
    checker: Checker, tmp_path: Path
) -> None:
    good = [sys.executable, "-c", "print([2, 3, 5, 7, 11])"]
    bad = [sys.executable, "-c", "print([2, 3, 5, 7, 9])"]
    failing = [sys.executable, "-c", "raise SystemExit('no build')"]
    assert checker.check_command("good", good, 5).ok
    verdict = checker.check_command("bad", bad, 5)
    assert not verdict.ok and "element 4 is 9, expected 11" in verdict.detail
    verdict = checker.check_command("failing", failing, 5)
    assert not verdict.ok and "no build" in verdict.detail
    assert {v.subject for v in checker.checks() if not v.ok} == {"bad", "failing"}


def test_mismatch_accepts_only_the_exact_list() -> None:
    assert mismatch([2, 3, 5], 3) is None
    assert mismatch([], 0) is None
    assert mismatch([2, 3, True], 3) == "element 2 is True, expected 5"


def test_the_oracle_sieves_once_for_the_largest_count_and_agrees_with_known_primes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench.check import checker as checker_module
    from bench.check import oracle
    from oracle import FIRST_25, NTH_PRIME
    from oracle import first_primes as known_primes

    monkeypatch.setattr(oracle, "_found", ())
    limits: list[int] = []
    real = oracle.primes_up_to

    def counting(limit: int) -> tuple[int, ...]:
        limits.append(limit)
        return real(limit)

    monkeypatch.setattr(oracle, "primes_up_to", counting)
    counts = [25, 1_000, 5_000, 10_000, 10_001]
    verdicts = checker_module.check_callable(known_primes, "the tests' sieve", counts)
    assert all(v.ok for v in verdicts)
    assert limits == [oracle.upper_bound(10_001)]  # one sieve, for the largest count
    assert list(oracle.first_primes(25)) == FIRST_25
    assert {n: oracle.first_primes(n)[-1] for n in NTH_PRIME} == NTH_PRIME
    assert oracle.first_primes(0) == ()
    assert limits == [oracle.upper_bound(10_001)]  # smaller counts: no sieve again
    assert oracle.primes_up_to(2) == (2,) and oracle.primes_up_to(30)[-1] == 29
