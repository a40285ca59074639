"""The first n primes, in pure Python, Cython and Rust, behind one registry.

>>> from primes import first_n                      # pure Python, as on the slides
>>> from primes._lib import first_n as first_n_fast  # Rust, as on the slides
>>> import primes; primes.get("cython")(5)
[2, 3, 5, 7, 11]
"""

from __future__ import annotations

from primes.naive import first_n

# Not `from typing import TYPE_CHECKING`: importing typing would add to every start-up.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from primes.registry import (
        ALIASES,
        Implementation,
        ImplementationUnavailable,
        get,
        implementation,
        implementations,
        names,
        unavailable,
    )

__all__ = [
    "ALIASES",
    "Implementation",
    "ImplementationUnavailable",
    "first_n",
    "get",
    "implementation",
    "implementations",
    "names",
    "unavailable",
]


def __getattr__(name: str) -> object:
    # The registry loads lazily: `primes-fast 5000` is timed as a whole process, and its
    # start-up should be the interpreter's and the extension's, not the registry's imports.
    if name in __all__:
        from primes import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'primes' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The lazy names too, so tab completion (and `dir(primes)`) finds `get` and `names`.
    return sorted({*globals(), *__all__})
