"""The up-front memory check: only for results big enough to matter, so small calls stay cheap."""

from __future__ import annotations

import pytest

from primes import contract


def test_small_counts_do_not_ask_for_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise AssertionError("memory_limit() asked for a small count")

    monkeypatch.setattr(contract, "memory_limit", refuse)
    assert contract.check_count(0, name="x") == 0
    assert contract.check_count(100_000, name="x") == 100_000  # 0.8 MB: below the 1 MiB line


def test_large_counts_are_refused_above_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contract, "memory_limit", lambda: 8 * 1_000_000)
    assert contract.check_count(1_000_000, name="x") == 1_000_000  # exactly fits
    with pytest.raises(MemoryError, match="not enough memory for 1,000,001 primes"):
        contract.check_count(1_000_001, name="x")
