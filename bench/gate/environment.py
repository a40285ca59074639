"""What a measurement depends on, recorded beside it so a baseline's diff shows where it came from.

Instruction counts change with the interpreter, the compilers and valgrind; time ratios also
change with the CPU. Differences are reported, and wall-clock ratios are not compared across
CPUs or interpreters at all.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: Keys whose change can move instruction counts without any change to the code under test.
#: CPU features do: rust-naive-simd and numpy pick their code paths at run time.
INSTRUCTION_KEYS = ("python", "machine", "cpu_flags", "rustc", "cc", "valgrind")
#: Keys whose change makes wall-clock ratios incomparable.
WALL_CLOCK_KEYS = ("python", "machine", "cpu")


def _output(command: list[str]) -> str | None:
    """The command's stdout, or None if it cannot run or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _first_line(command: list[str]) -> str:
    lines = (_output(command) or "").strip().splitlines()
    return lines[0] if lines else "unavailable"


#: The instruction-set extensions that implementations here dispatch on.
_CPU_FLAGS = ("sse4_2", "avx", "avx2", "bmi2", "avx512f", "asimd", "sve")


def _cpuinfo(key: str) -> str | None:
    """The first value of `key` in /proc/cpuinfo, None off Linux."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == key:
                return value.strip()
    except OSError:
        pass
    return None


def _cpu_flags() -> str:
    flags = set((_cpuinfo("flags") or _cpuinfo("Features") or "").split())
    return " ".join(flag for flag in _CPU_FLAGS if flag in flags) or "none known"


def collect(valgrind_version: str, repository: Path) -> dict[str, str]:
    commit = _first_line(["git", "-C", str(repository), "rev-parse", "HEAD"])
    status = _output(["git", "-C", str(repository), "status", "--porcelain"])
    return {
        "python": f"{platform.python_implementation()} {sys.version.split()[0]} "
        f"({platform.python_compiler()})",
        "machine": platform.machine(),
        "os": platform.platform(),
        "cpu": _cpuinfo("model name") or platform.processor() or "unknown",
        "cpu_flags": _cpu_flags(),
        "cpus": str(os.cpu_count()),
        "rustc": _first_line(["rustc", "--version"]),
        "cc": _first_line(["cc", "--version"]),
        "valgrind": valgrind_version,
        "commit": commit + (" (uncommitted changes)" if status else ""),
    }


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
