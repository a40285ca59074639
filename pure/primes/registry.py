"""Every `first_n` implementation, by name, loaded on demand.

Names are `<language>-<algorithm>`. Adding an implementation is one module plus one entry in
`_IMPLEMENTATIONS`; the tests and benchmarks pick it up from here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import cache

FirstN = Callable[[int], list[int]]
#: A buffer twin: the same primes as a read-write 1-D `memoryview` of format "I" (uint32),
#: over memory Python owns, filled in place (no copy): what to call when the caller needs no list.
FirstNBuffer = Callable[[int], memoryview]


class ImplementationUnavailable(ImportError):
    """Registered but not loadable here: extension not built, or dependency missing."""


class Implementation:
    """One registered implementation and how to load it.

    A plain class rather than a dataclass: importing `dataclasses` (it pulls in `inspect`)
    would add about 12 ms to every `primes --impl NAME` process that hyperfine times.
    """

    __slots__ = (
        "algorithm",
        "attribute",
        "buffer",
        "hint",
        "language",
        "module",
        "name",
        "optional",
        "peer",
        "uninterruptible",
    )

    def __init__(
        self,
        name: str,
        language: str,
        algorithm: str,
        module: str,
        attribute: str = "first_n",
        *,
        optional: bool = False,
        hint: str = "run `make build`",
        buffer: str | None = None,
        peer: bool = False,
        uninterruptible: str | None = None,
    ) -> None:
        self.name = name
        self.language = language
        self.algorithm = algorithm
        self.module = module
        self.attribute = attribute
        #: Optional peers are listed only when their dependency is installed.
        self.optional = optional
        #: What to do when it cannot be loaded.
        self.hint = hint
        #: The module's attribute holding the buffer twin (`FirstNBuffer`), if it has one.
        self.buffer = buffer
        #: Third-party code behind the contract (numpy, primesieve): its signal handling is
        #: not ours to test.
        self.peer = peer
        #: Why a long call cannot be stopped by Ctrl-C, for an implementation that breaks
        #: that part of the contract knowingly; None when Ctrl-C stops it.
        self.uninterruptible = uninterruptible

    def __repr__(self) -> str:
        return f"Implementation({self.name!r}, {self.module}.{self.attribute})"

    def load(self) -> FirstN:
        return _load(self)

    def load_buffer(self) -> FirstNBuffer | None:
        """The buffer twin, or None when the implementation has none."""
        if self.buffer is None:
            return None
        self.load()  # the same ImplementationUnavailable when the module cannot be imported
        twin: FirstNBuffer = getattr(sys.modules[self.module], self.buffer)
        return twin

    def unavailable_reason(self) -> str | None:
        try:
            self.load()
        except ImplementationUnavailable as err:
            return str(err)
        return None

    def max_count(self) -> int:
        """The largest count it accepts (its integer width's limit), sys.maxsize if unbounded."""
        module = sys.modules.get(self.module) or importlib.import_module(self.module)
        return int(getattr(module, "MAX_COUNT", sys.maxsize))


@cache
def _load(impl: Implementation) -> FirstN:
    try:
        module = importlib.import_module(impl.module)
    except ImportError as err:
        raise ImplementationUnavailable(
            f"{impl.name}: cannot import {impl.module} ({err}); {impl.hint}"
        ) from err
    function: FirstN = getattr(module, impl.attribute)
    return function


#: Python's Ctrl-C handler runs between two bytecodes; pure Python compiled to C has none, and
#: the unchanged naive.py never calls anything that would check for signals instead.
_COMPILED_PYTHON_IGNORES_SIGNALS = (
    "unchanged Python compiled to C never returns to the interpreter's loop, where Python "
    "handles signals, nor checks for them itself; stop it with Ctrl-\\ (SIGQUIT)"
)

_IMPLEMENTATIONS: tuple[Implementation, ...] = (
    Implementation("pure-naive", "pure", "naive", "primes.naive"),
    Implementation(
        "cython-naive", "cython", "naive", "primes_cython.naive", buffer="first_n_buffer"
    ),
    Implementation("rust-naive", "rust", "naive", "primes._lib", buffer="first_n_buffer"),
    Implementation(
        "rust-naive-simd",
        "rust",
        "naive-simd",
        "primes._lib",
        "first_n_naive_simd",
        buffer="first_n_naive_simd_buffer",
    ),
    Implementation("pure-trial", "pure", "trial", "primes.trial"),
    Implementation(
        "cython-trial", "cython", "trial", "primes_cython.trial", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-trial", "rust", "trial", "primes._lib", "first_n_trial", buffer="first_n_trial_buffer"
    ),
    Implementation("pure-sieve", "pure", "sieve", "primes.sieve"),
    Implementation(
        "cython-sieve", "cython", "sieve", "primes_cython.sieve", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-sieve", "rust", "sieve", "primes._lib", "first_n_sieve", buffer="first_n_sieve_buffer"
    ),
    Implementation(
        "cython-wheel", "cython", "wheel", "primes_cython.wheel", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-wheel", "rust", "wheel", "primes._lib", "first_n_wheel", buffer="first_n_wheel_buffer"
    ),
    Implementation(
        "numpy-sieve",
        "numpy",
        "sieve",
        "primes.peers.numpy_sieve",
        optional=True,
        hint="install numpy (it is in requirements/dev.lock)",
        peer=True,
    ),
    Implementation(
        "primesieve",
        "primesieve",
        "sieve",
        "primes.peers.primesieve",
        optional=True,
        hint="run `make peers` (needs Debian's libprimesieve-dev)",
        peer=True,
    ),
    # What a user tries before a rewrite (alternatives/): the talk's naive algorithm under
    # numba, and pure/primes/naive.py compiled unchanged by mypyc and by Cython.
    Implementation(
        "numba-naive",
        "numba",
        "naive",
        "primes_alternatives.numba_naive",
        optional=True,
        hint="run `make build` (it installs numba, pinned in requirements/dev.lock)",
    ),
    Implementation(
        "mypyc-naive",
        "mypyc",
        "naive",
        "primes_alternatives.compiled",
        "first_n_mypyc",
        uninterruptible=_COMPILED_PYTHON_IGNORES_SIGNALS,
    ),
    Implementation(
        "cython-untyped-naive",
        "cython-untyped",
        "naive",
        "primes_alternatives.compiled",
        "first_n_cython_untyped",
        uninterruptible=_COMPILED_PYTHON_IGNORES_SIGNALS,
    ),
)

#: The talk's short names.
ALIASES: dict[str, str] = {"pure": "pure-naive", "cython": "cython-naive", "rust": "rust-naive"}

_BY_NAME = {impl.name: impl for impl in _IMPLEMENTATIONS}


def implementations() -> tuple[Implementation, ...]:
    """Every registered implementation, available or not."""
    return _IMPLEMENTATIONS


def implementation(name: str) -> Implementation:
    """The registry entry for a name or alias; KeyError lists the valid names."""
    try:
        return _BY_NAME[ALIASES.get(name, name)]
    except KeyError:
        valid = ", ".join([*_BY_NAME, *ALIASES])
        raise KeyError(f"unknown implementation {name!r}; choose one of: {valid}") from None


def names() -> list[str]:
    """The implementation names to test and benchmark.

    Built-in implementations are always listed, so a missing build fails loudly in `get`;
    optional peers are listed only when their dependency is installed.
    """
    return [
        impl.name
        for impl in _IMPLEMENTATIONS
        if not impl.optional or impl.unavailable_reason() is None
    ]


def unavailable() -> dict[str, str]:
    """Name -> reason, for every registered implementation that cannot be loaded here."""
    reasons = {impl.name: impl.unavailable_reason() for impl in _IMPLEMENTATIONS}
    return {name: reason for name, reason in reasons.items() if reason is not None}


def get(name: str) -> FirstN:
    """The `first_n(count) -> list[int]` callable of an implementation name or alias."""
    return implementation(name).load()
