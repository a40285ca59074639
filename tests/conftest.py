"""Every test that takes an `impl_name` runs once per registered implementation.

A new implementation registered in `primes.registry` is tested here with no new test code.
"""

from __future__ import annotations

import pytest

import primes
from primes.registry import FirstN


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "impl_name" in metafunc.fixturenames:
        metafunc.parametrize("impl_name", primes.names())


@pytest.fixture
def first_n(impl_name: str) -> FirstN:
    """The implementation under test. A built-in one that cannot be loaded is a failure."""
    return primes.get(impl_name)
