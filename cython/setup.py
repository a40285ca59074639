"""Build the Cython extensions with release flags, whatever the caller's environment says."""

import os

from Cython.Build import cythonize
from setuptools import Extension, setup

# The four modules are independent: translated and compiled on every core at once. Only the
# wall time changes; each module gets the same flags and the same C as one at a time.
CORES = os.cpu_count() or 1

# -O3 is what CPython's own extension flags use; stated here so the build never depends on
# them. NDEBUG drops C asserts. No -march=native: the wheel must run on any x86-64. -g0 undoes
# the -g in CPython's flags: GCC's code does not depend on -g (the modules' disassembly is the
# same), and the debug info was a quarter of the compile time.
RELEASE_FLAGS = ["-O3", "-DNDEBUG", "-g0"]

extensions = [
    Extension(
        f"primes_cython.{algorithm}",
        [f"src/primes_cython/{algorithm}.pyx"],
        extra_compile_args=RELEASE_FLAGS,
    )
    for algorithm in ("naive", "trial", "sieve", "wheel")
]

setup(
    ext_modules=cythonize(
        extensions,
        # The per-file directives in each .pyx are the ones that matter; these are a floor.
        compiler_directives={"language_level": 3},
        nthreads=CORES,
    ),
    options={"build_ext": {"parallel": CORES}},
)
