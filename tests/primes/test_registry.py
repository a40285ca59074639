"""The registry, the talk's import lines and console scripts, and the build itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from child_python import run_python

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


def test_dir_lists_what_the_package_loads_lazily() -> None:
    # Tab completion (a notebook's, IPython's) asks dir(); the registry's names load lazily.
    listed = dir(primes)
    assert {"get", "names", "implementations", "unavailable", "first_n"} <= set(listed)
    assert set(primes.__all__) <= set(listed)
    assert listed == sorted(listed)


def _module_raising(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raising: str) -> str:
    """A module, importable by its returned name, whose import runs `raising`."""
    name = f"fake_{abs(hash(raising))}"
    (tmp_path / f"{name}.py").write_text(raising + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


#: What llvmlite raises when the dynamic loader cannot map its library (numba's import).
LLVMLITE_WITHOUT_MEMORY = (
    "raise OSError(\"Could not find/load shared object file 'libllvmlite.so' from any "
    "candidate location:\\n  /venv/lib/python3.11/site-packages/llvmlite/binding/"
    'libllvmlite.so: failed to map segment from shared object")'
)
#: numpy's advice around the loader's error.
NUMPY_WITHOUT_MEMORY = (
    'raise ImportError("\\nIMPORTANT: PLEASE READ THIS FOR ADVICE ON HOW TO SOLVE THIS ISSUE!'
    "\\n\\nImporting the numpy C-extensions failed.\\n\\nOriginal error was: /venv/numpy.libs/"
    'libscipy_openblas64_.so: failed to map segment from shared object\\n")'
)


@pytest.mark.parametrize(
    ("raising", "cause"),
    [
        (LLVMLITE_WITHOUT_MEMORY, "libllvmlite.so: failed to map segment from shared object"),
        (NUMPY_WITHOUT_MEMORY, "libscipy_openblas64_.so: failed to map segment from shared object"),
        ("raise MemoryError", "MemoryError"),
    ],
    ids=["llvmlite-oserror", "numpy-advice", "memoryerror"],
)
def test_an_import_without_memory_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raising: str, cause: str
) -> None:
    module = _module_raising(tmp_path, monkeypatch, raising)
    impl = primes.Implementation("numba-ghost", "numba", "ghost", module)
    with pytest.raises(primes.ImplementationUnavailable) as raised:
        impl.load()
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(
        f"numba-ghost: cannot import {module}: not enough memory to load it ({cause}); "
        "this process can allocate at most "
    ), message


def test_an_import_failing_otherwise_keeps_its_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _module_raising(tmp_path, monkeypatch, "raise OSError('libfoo.so: no such file')")
    impl = primes.Implementation("rust-ghost", "rust", "ghost", module)
    assert impl.unavailable_reason() == (
        f"rust-ghost: cannot import {module} (OSError: libfoo.so: no such file); run `make build`"
    )


ENDS_THE_PROCESS = """
import resource, sys
sys.path.insert(0, sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, resource.RLIM_INFINITY))
import primes
impl = primes.Implementation(
    "numba-ghost", "numba", "ghost", "fatal", ends_process_without_memory=True
)
print(impl.unavailable_reason())
"""

#: OpenBLAS, loaded by numpy, ends the process with exit(1) when it cannot allocate.
OPENBLAS_EXITS = """
import os, sys
sys.stderr.write("OpenBLAS error: Memory allocation still failed after 10 retries, giving up.\\n")
os._exit(1)
"""
#: LLVM, compiling numba's kernel at the first call, aborts.
LLVM_ABORTS = """
import os, sys
def first_n(count):
    sys.stderr.write("LLVM ERROR: out of memory\\nBuffer allocation failed\\n")
    sys.stderr.flush()
    os.abort()
"""


#: With a little less room (the child's), the import fails by raising first; with this
#: process's, it would go on to OpenBLAS's exit.
RAISES_FIRST_WITH_LESS_ROOM = """
import os, resource, sys
if resource.getrlimit(resource.RLIMIT_AS)[0] < 8 * 2**30:
    raise MemoryError
os._exit(1)
"""
#: numba's first call, loading its cached kernel, imports more of numba; with memory short,
#: C code there fails without setting an exception, which Python reports as a SystemError.
FIRST_CALL_FAILS_SILENTLY = """
def first_n(count):
    raise SystemError("error return without exception set")
"""


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        (RAISES_FIRST_WITH_LESS_ROOM, "MemoryError"),
        (FIRST_CALL_FAILS_SILENTLY, "SystemError: error return without exception set"),
        (
            OPENBLAS_EXITS,
            "OpenBLAS error: Memory allocation still failed after 10 retries, giving up.",
        ),
        (LLVM_ABORTS, "LLVM ERROR: out of memory"),
    ],
    ids=[
        "raises-first-with-less-room",
        "first-call-systemerror",
        "import-exits",
        "first-call-aborts",
    ],
)
def test_a_load_that_would_end_the_process_is_tried_in_a_child_first(
    tmp_path: Path, source: str, cause: str
) -> None:
    (tmp_path / "fatal.py").write_text(source)
    done = run_python(ENDS_THE_PROCESS, str(tmp_path))
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith(
        f"numba-ghost: cannot import fatal: not enough memory to load it ({cause}); "
        "this process can allocate at most"
    ), done.stdout


def test_the_talks_import_lines() -> None:
    code = (
        "from primes import first_n\n"
        "from primes._lib import first_n as first_n_fast\n"
        "print(first_n(10) == first_n_fast(10) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29])"
    )
    out = run_python(code, check=True)
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
    out = run_python(code, check=True, cwd=REPO)
    path = Path(out.stdout.strip())
    assert path.name == "cython.py"
    assert path.parent.name == "site-packages"
