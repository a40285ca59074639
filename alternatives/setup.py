"""Compile the unchanged pure/primes/naive.py twice: by mypyc and by Cython.

Each compiled module needs a name of its own, so the file is copied byte for byte into the
package first, as naive_mypyc.py and naive_cython.py (generated, never committed; the copies
are installed beside the compiled modules, which Python imports first, and a test checks
they still equal pure/primes/naive.py). The copies import what naive.py imports:
`primes.contract`, which mypyc type-checks against: found in ../pure when MYPYPATH names it
(`make build` does, so this build need not wait for the Rust one), else in the installed `primes`
distribution. Reads ../pure, so it builds from this checkout, not from an sdist.
"""

import shutil
from pathlib import Path

from Cython.Build import cythonize
from mypyc.build import mypycify
from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent
NAIVE = HERE.parent / "pure" / "primes" / "naive.py"
PACKAGE = Path("src") / "primes_alternatives"

# The flags of cython/setup.py: -O3, NDEBUG and no debug info, no -march=native.
RELEASE_FLAGS = ["-O3", "-DNDEBUG", "-g0"]


def copy_of_naive(module: str) -> str:
    """The path, relative to this folder, of a fresh byte-identical copy of naive.py."""
    target = PACKAGE / f"{module}.py"
    shutil.copyfile(NAIVE, HERE / target)
    return str(target)


cython_extensions = cythonize(
    [
        Extension(
            "primes_alternatives.naive_cython",
            [copy_of_naive("naive_cython")],
            extra_compile_args=RELEASE_FLAGS,
        )
    ],
    # Only the language level, as a user compiling a .py file would: no Cython types. Cython
    # still reads the file's own annotations (`primes: list[int]` becomes an exact list of
    # Python ints); every number stays a Python int object.
    compiler_directives={"language_level": 3},
)

# mypyc's own flags already say -O3 (opt_level); NDEBUG and no debug info are added as for
# Cython, so both compiled copies are built alike. mypy reads the copy's type hints and mypyc
# compiles with them: that is all "compile it with mypyc" asks of the code.
mypyc_extensions = mypycify([copy_of_naive("naive_mypyc")], opt_level="3", debug_level="0")
for extension in mypyc_extensions:
    extension.extra_compile_args = [*extension.extra_compile_args, "-DNDEBUG", "-g0"]

setup(ext_modules=[*cython_extensions, *mypyc_extensions])
