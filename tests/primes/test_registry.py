"""The registry, the talk's import lines and console scripts, and the build itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import primes
from bench.paths import REPO

BIN = Path(sys.executable).parent
TALK_NAMES = {"pure-naive", "cython-naive", "rust-naive"}


def test_the_talks_implementations_are_registered_and_built() -> None:
    assert set(primes.names()) >= TALK_NAMES
    for name in TALK_NAMES:
        assert primes.get(name)(5) == [2, 3, 5, 7, 11]


def test_only_optional_peers_may_be_unavailable() -> None:
    optional = {impl.name for impl in primes.implementations() if impl.optional}
    assert set(primes.unavailable()) <= optional, primes.unavailable()


def test_names_are_language_dash_algorithm() -> None:
    for impl in primes.implementations():
        if not impl.optional:
            assert impl.name == f"{impl.language}-{impl.algorithm}", (
                f"{impl.name!r} is registered with language {impl.language!r} and algorithm "
                f"{impl.algorithm!r}: name it {impl.language}-{impl.algorithm}, or give a new "
                "algorithm (a variant such as naive-simd) its own algorithm name"
            )


@pytest.mark.parametrize(
    ("alias", "name"), [("pure", "pure-naive"), ("cython", "cython-naive"), ("rust", "rust-naive")]
)
def test_aliases(alias: str, name: str) -> None:
    assert primes.get(alias) is primes.get(name)


def test_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(KeyError, match="rust-naive"):
        primes.get("fortran-naive")


def test_unbuilt_extension_is_reported_with_its_reason() -> None:
    ghost = primes.Implementation("rust-ghost", "rust", "ghost", "primes._no_such_extension")
    with pytest.raises(
        primes.ImplementationUnavailable, match=r"rust-ghost: cannot import.*make build"
    ):
        ghost.load()
    assert "cannot import primes._no_such_extension" in (ghost.unavailable_reason() or "")


def test_the_talks_import_lines() -> None:
    code = (
        "from primes import first_n\n"
        "from primes._lib import first_n as first_n_fast\n"
        "print(first_n(10) == first_n_fast(10) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize(
    "script", ["primes", "primes-fast", "primes-fast-rust", "primes-fast-cython"]
)
def test_console_scripts_print_the_list(script: str) -> None:
    out = subprocess.run([BIN / script, "7"], capture_output=True, text=True, check=True)
    assert out.stdout == "[2, 3, 5, 7, 11, 13, 17]\n"


def test_impl_option_picks_any_implementation(impl_name: str) -> None:
    out = subprocess.run(
        [BIN / "primes", "--impl", impl_name, "5"], capture_output=True, text=True, check=True
    )
    assert out.stdout == "[2, 3, 5, 7, 11]\n"


def test_list_shows_every_implementation_with_its_maximum() -> None:
    out = subprocess.run([BIN / "primes", "--list"], capture_output=True, text=True, check=True)
    for impl in primes.implementations():
        line = next(line for line in out.stdout.splitlines() if line.startswith(impl.name + " "))
        if impl.unavailable_reason() is not None:
            assert "no (" in line  # a short cell; the reason is printed below the table
        elif impl.max_count() >= sys.maxsize:
            assert line.endswith("unbounded")  # Python ints: only memory limits the count
        else:
            assert f"{impl.max_count():,}" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impl", "nope", "5"], "unknown implementation"),
        (["-3"], "non-negative"),
        (["--impl", "rust", "99999999999"], "largest supported count"),
        (["five"], "COUNT must be an integer"),
    ],
)
def test_cli_errors_are_messages_not_tracebacks(args: list[str], message: str) -> None:
    out = subprocess.run([BIN / "primes", *args], capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("module", ["primes._lib", "primes_cython.naive"])
def test_extensions_are_release_builds(module: str) -> None:
    # A debug build would make every benchmark meaningless.
    assert __import__(module, fromlist=["BUILD_PROFILE"]).BUILD_PROFILE == "release"


def test_the_cython_folder_does_not_shadow_cython() -> None:
    # With the repository root first on sys.path, `import cython` must still be the real one.
    code = "import cython; print(cython.__file__)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    path = Path(out.stdout.strip())
    assert path.name == "cython.py"
    assert path.parent.name == "site-packages"
