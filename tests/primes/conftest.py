"""What the buffer-twin tests share: the twin of the module's `twin_name` fixture."""

from __future__ import annotations

import pytest

import primes
from primes.registry import FirstNBuffer


@pytest.fixture
def twin(twin_name: str) -> FirstNBuffer:
    """The buffer twin under test. One that is registered but cannot be loaded is a failure."""
    function = primes.implementation(twin_name).load_buffer()
    assert function is not None
    return function
