"""The machine, toolchain and build being measured, so numbers can be compared (or not) with
another run's: the benchmark driver writes it as `environment.json`, the gate keeps a flat view
of it in its baseline."""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.metadata
import os
import platform
import shlex
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import cpuinfo  # type: ignore[import-untyped]  # py-cpuinfo2 ships no type information

from bench.paths import REPO, shown

#: The instruction-set extensions that implementations here (or numpy) dispatch on at run time.
INTERESTING_CPU_FLAGS = ("sse4_2", "avx", "avx2", "bmi2", "avx512f", "neon", "asimd", "sve")


def first_line(argv: list[str], cwd: Path | None = None) -> str | None:
    """The first line a command prints, or None if it cannot run or fails."""
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, check=False, cwd=cwd, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    lines = done.stdout.strip().splitlines()
    return lines[0].strip() if lines else None


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def cpu() -> dict[str, Any]:
    # py-cpuinfo runs CPUID in a child process: about 0.2 s, paid once per run of the driver
    # and once per measurement of the gate.
    found = cpuinfo.get_cpu_info()
    flags = set(found.get("flags", ()))
    governor = Path("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
    return {
        "machine": platform.machine(),
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "model": found.get("brand_raw") or platform.processor() or None,
        "physical_cores": _physical_cores(),
        "flags_of_interest": [flag for flag in INTERESTING_CPU_FLAGS if flag in flags],
        "frequency_governor": governor.read_text().strip() if governor.exists() else None,
    }


def _physical_cores() -> int | None:
    """Cores, not hardware threads: py-cpuinfo only counts the latter. Linux lists each logical
    CPU's hyperthread siblings; every core has one such set. None elsewhere."""
    siblings = Path("/sys/devices/system/cpu").glob("cpu[0-9]*/topology/thread_siblings_list")
    return len({path.read_text() for path in siblings}) or None


def operating_system() -> dict[str, Any]:
    pretty = None
    os_release = Path("/etc/os-release")
    if os_release.exists():
        for line in os_release.read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip().strip('"')
    memory = None
    with contextlib.suppress(AttributeError, ValueError, OSError):
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "system": platform.system(),
        "kernel": platform.release(),
        "distribution": pretty,
        "platform": platform.platform(),
        "memory_bytes": memory,
    }


def _pyo3_version(repo: Path) -> str | None:
    try:
        lock = tomllib.loads((repo / "Cargo.lock").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    for package in lock.get("package", []):
        if package.get("name") == "pyo3":
            return str(package.get("version"))
    return None


def _cython_release_flags(repo: Path) -> list[str] | None:
    """RELEASE_FLAGS as cython/setup.py states them (read, not executed: running setup.py
    would build)."""
    try:
        tree = ast.parse((repo / "cython" / "setup.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "RELEASE_FLAGS" for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            return [str(flag) for flag in value]
    return None


def _build_profile(module: str) -> str | None:
    try:
        return str(importlib.import_module(module).BUILD_PROFILE)
    except (ImportError, AttributeError):
        return None


def build(repo: Path) -> dict[str, Any]:
    try:
        cargo = tomllib.loads((repo / "Cargo.toml").read_text(encoding="utf-8"))
        release_profile = cargo.get("profile", {}).get("release", {})
    except (OSError, tomllib.TOMLDecodeError):
        release_profile = None
    try:
        maturin = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
        maturin_profile = maturin.get("tool", {}).get("maturin", {}).get("profile")
    except (OSError, tomllib.TOMLDecodeError):
        maturin_profile = None
    return {
        "rust": {
            "BUILD_PROFILE": _build_profile("primes._lib"),
            "maturin_profile": maturin_profile,
            "cargo_profile_release": release_profile,
            "RUSTFLAGS": os.environ.get("RUSTFLAGS"),
        },
        "cython": {
            "BUILD_PROFILE": _build_profile("primes_cython.naive"),
            "extra_compile_args": _cython_release_flags(repo),
            "python_cflags": sysconfig.get_config_var("CFLAGS"),
            "CFLAGS": os.environ.get("CFLAGS"),
        },
    }


def toolchain(python: Path, hyperfine: Path, repo: Path = REPO) -> dict[str, Any]:
    compiler = sysconfig.get_config_var("CC") or "cc"
    return {
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        # Relative to the repository (`.venv/bin/python`): committed results name no clone's path.
        "python_executable": shown(python, repo),
        "rustc": first_line(["rustc", "--version"], cwd=repo),
        "cargo": first_line(["cargo", "--version"], cwd=repo),
        "c_compiler": first_line([*shlex.split(compiler), "--version"]),
        "pyo3": _pyo3_version(repo),
        "maturin": _package_version("maturin"),
        "cython": _package_version("Cython"),
        "hyperfine": first_line([str(hyperfine), "--version"]),
        "pytest": _package_version("pytest"),
        "pytest_benchmark": _package_version("pytest-benchmark"),
        "numpy": _package_version("numpy"),
        "matplotlib": _package_version("matplotlib"),
    }


def git(repo: Path) -> dict[str, Any]:
    commit = first_line(["git", "rev-parse", "HEAD"], cwd=repo)
    try:
        status = subprocess.run(
            # results/ is this run's own output: re-measuring over a committed run is not a
            # change to what is measured.
            ["git", "status", "--porcelain", "--", ".", ":(exclude)results"],
            capture_output=True,
            text=True,
            check=True,
            cwd=repo,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": commit, "dirty": None, "changes": []}
    return {"commit": commit, "dirty": bool(status), "changes": status[:50]}


def collect(python: Path, hyperfine: Path, repo: Path = REPO) -> dict[str, Any]:
    return {
        "cpu": cpu(),
        "os": operating_system(),
        "toolchain": toolchain(python, hyperfine, repo),
        "build": build(repo),
        "git": git(repo),
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
