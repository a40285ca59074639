"""`primes.names()` lists an optional implementation by whether its dependencies are installed,
without importing them: the gate, the driver and `make peers` ask it in processes of their own."""

from __future__ import annotations

import sys

import pytest
from child_python import run_python

import primes


def test_names_imports_no_dependency() -> None:
    code = (
        "import sys, primes; primes.names()\n"
        "print(sorted(m for m in ('numpy', 'numba', 'primesieve') if m in sys.modules))"
    )
    done = run_python(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")


def _optional(*requires: str) -> primes.Implementation:
    return primes.Implementation(
        "numba-ghost", "numba", "ghost", "json", optional=True, requires=requires
    )


def test_an_optional_one_is_installed_when_every_module_it_requires_is_found() -> None:
    assert _optional("json", "sqlite3").installed()
    assert not _optional("json", "no_such_module_anywhere").installed()
    assert not _optional("no_such_package.sub").installed()


def test_a_blocked_module_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # What tests and users do to hide a module: None in sys.modules makes its import fail.
    monkeypatch.setitem(sys.modules, "blocked_dependency", None)
    assert not _optional("blocked_dependency").installed()


def test_every_optional_one_requires_its_dependencies_and_names_agrees_with_loading() -> None:
    # Where the dependencies load (this test process), listed is loadable and unlisted is
    # not: a `requires` naming the wrong module would list an unloadable one, or hide one.
    listed = set(primes.names())
    for impl in primes.implementations():
        if impl.optional:
            assert impl.requires, f"{impl.name} is optional but requires nothing"
            loads = impl.unavailable_reason() is None
            assert (impl.name in listed) == loads, (impl.name, impl.unavailable_reason())
