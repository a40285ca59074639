"""What a measurement depends on, recorded beside it so a baseline's diff shows where it came from.

Instruction counts change with the interpreter, the compilers and valgrind; time ratios also
change with the CPU. Differences are reported, and wall-clock ratios are not compared across
CPUs or interpreters at all.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from collections.abc import Mapping
from pathlib import Path

from bench import environment as driver_environment
from bench.gate import instructions

#: Keys whose change can move instruction counts without any change to the code under test.
#: CPU features do: rust-naive-simd and numpy pick their code paths at run time. So do numba's
#: LLVM and the CPU it compiles for (numba-naive's code is made for this very CPU model). So does
#: the way the gate takes a count (`method`).
INSTRUCTION_KEYS = ("python", "machine", "cpu_flags", "rustc", "cc", "valgrind", "jit", "method")
#: Keys whose change makes wall-clock ratios incomparable.
WALL_CLOCK_KEYS = ("python", "machine", "cpu")
#: Instruction keys that concern only the implementations in these languages (registry's
#: `language`); every other key concerns every implementation. rustc compiles only the Rust
#: extension, cc only what is compiled from C here (Cython's and mypyc's output, primesieve's
#: binding), numba's LLVM only numba's kernel. CPU features concern all: glibc's memset and
#: memcpy, which every implementation calls, pick their code by them too.
KEY_LANGUAGES: dict[str, frozenset[str]] = {
    "rustc": frozenset({"rust"}),
    "cc": frozenset({"cython", "cython-untyped", "mypyc", "primesieve"}),
    "jit": frozenset({"numba"}),
}


def concerns(key: str, language: str | None) -> bool:
    """Whether a change of `key` can move the counts of an implementation in `language` (None:
    not registered here, so assume it can)."""
    languages = KEY_LANGUAGES.get(key)
    return languages is None or language is None or language in languages


def collect(valgrind_version: str, repository: Path) -> dict[str, str]:
    """The gate's flat view of what the benchmark driver's environment.json records."""
    cpu = driver_environment.cpu()
    git = driver_environment.git(repository)
    return {
        "python": f"{platform.python_implementation()} {sys.version.split()[0]} "
        f"({platform.python_compiler()})",
        "machine": platform.machine(),
        "os": platform.platform(),
        "cpu": cpu.get("model") or "unknown",
        "cpu_flags": " ".join(cpu.get("flags_of_interest", [])) or "none known",
        "cpus": str(os.cpu_count()),
        "rustc": driver_environment.first_line(["rustc", "--version"]) or "unavailable",
        "cc": driver_environment.first_line(["cc", "--version"]) or "unavailable",
        "valgrind": valgrind_version,
        "jit": jit(),
        "method": instructions.METHOD,
        "commit": (git["commit"] or "unavailable")
        + (" (uncommitted changes)" if git["dirty"] else ""),
    }


def jit() -> str:
    """numba's and llvmlite's versions and the CPU LLVM compiles numba-naive for."""
    try:
        from importlib.metadata import version

        from llvmlite import binding  # type: ignore[import-untyped]

        return (
            f"numba {version('numba')}, llvmlite {version('llvmlite')}, "
            f"LLVM host CPU {binding.get_host_cpu_name()}"
        )
    except ImportError:  # importlib.metadata.PackageNotFoundError is one too
        return "no numba"


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def differences(
    baseline: Mapping[str, str], current: Mapping[str, str], keys: tuple[str, ...]
) -> dict[str, tuple[str, str]]:
    """key -> (baseline, current) for the given keys that differ (absent counts as '?')."""
    return {
        key: (baseline.get(key, "?"), current.get(key, "?"))
        for key in keys
        if baseline.get(key, "?") != current.get(key, "?")
    }
