"""Every test that takes an `impl_name` runs once per registered implementation.

A new implementation registered in `primes.registry` is tested here with no new test code.
"""

from __future__ import annotations

import signal

import pytest

import primes
from primes.registry import FirstN


def pytest_configure(config: pytest.Config) -> None:
    # A shell starting a job in the background without job control makes it ignore SIGINT, and
    # children inherit an ignored signal: the Ctrl-C tests' processes would then never see it.
    # A handler is not inherited across exec, so children start with the default again.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The tests that may meet an optional tool are those of modules that look tools up through
    # optional_tools; .ci/run selects them (-m optional_tool) for its run with the tools hidden.
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and "optional_tools" in vars(module):
            item.add_marker(pytest.mark.optional_tool)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "impl_name" in metafunc.fixturenames:
        metafunc.parametrize("impl_name", primes.names())


@pytest.fixture
def first_n(impl_name: str) -> FirstN:
    """The implementation under test. A built-in one that cannot be loaded is a failure."""
    return primes.get(impl_name)
