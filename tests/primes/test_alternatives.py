"""The alternatives to a rewrite are what they claim to be: pure/primes/naive.py compiled
unchanged by mypyc and Cython, and a numba kernel that compiles once and caches its code.

Their results, contract, Ctrl-C and threads are tested with every implementation (they are
registered); this checks how they were built.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from bench.paths import REPO
from oracle import first_primes

NAIVE = REPO / "pure" / "primes" / "naive.py"

#: Module -> the type its compiler gives a compiled function.
COMPILED = {
    "primes_alternatives.naive_mypyc": "builtin_function_or_method",
    "primes_alternatives.naive_cython": "cython_function_or_method",
}


@pytest.mark.parametrize("module_name", COMPILED)
def test_compiled_from_an_unchanged_copy_of_naive_py(module_name: str) -> None:
    module = importlib.import_module(module_name)
    compiled = Path(module.__file__ or "")
    # The extension, not the source copy installed beside it, is what Python imported.
    assert any(compiled.name.endswith(suffix) for suffix in EXTENSION_SUFFIXES), compiled
    assert type(module.first_n).__name__ == COMPILED[module_name]
    source = compiled.with_name(module_name.rpartition(".")[2] + ".py")
    assert source.read_bytes() == NAIVE.read_bytes(), f"{source} is not pure/primes/naive.py"


numba_naive = pytest.importorskip("primes_alternatives.numba_naive", reason="numba is missing")


def test_numba_kernel_releases_the_gil() -> None:
    # What lets two threads compute at once (test_threads checks their results).
    assert numba_naive._search.targetoptions.get("nogil") is True


def test_numba_slices_resume_where_they_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Slices of 1,000 trial divisions: hundreds of returns to Python for 3,000 primes.
    monkeypatch.setattr(numba_naive, "CHECK_EVERY", 1_000)
    assert numba_naive.first_n(3_000) == first_primes(3_000)
    # The candidate goes back to the kernel as uint64 every slice: one compiled version.
    assert len(numba_naive._search.signatures) == 1, numba_naive._search.signatures


CACHE_PROBE = """
import json
from primes_alternatives import numba_naive
numba_naive.first_n(100)
stats = numba_naive._search.stats
print(json.dumps({"hits": sum(stats.cache_hits.values()),
                  "misses": sum(stats.cache_misses.values())}))
"""


def test_a_second_process_loads_the_compiled_kernel_from_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}

    def run() -> dict[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", CACHE_PROBE], env=env, capture_output=True, check=True
        )
        stats: dict[str, int] = json.loads(out.stdout)
        return stats

    assert run() == {"hits": 0, "misses": 1}  # an empty cache: compiled, then written
    assert any(tmp_path.rglob("*.nbc")), "numba wrote no compiled code to NUMBA_CACHE_DIR"
    assert run() == {"hits": 1, "misses": 0}  # loaded, not compiled
