"""The base of a comparison: a git ref checked out in a worktree and built like the head.

`--against REF` measures REF's build and this checkout's build on one machine in one job, so
no committed figure from another CPU or toolchain is needed. The base is built by its own
Makefile (`make build`: a virtual environment with its pinned dependencies, both extensions
in release mode), with this run's interpreter and the cargo and C compiler on PATH, and kept
under target/perf-gate/base/COMMIT: a second run against the same commit builds nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import environment as driver_environment
from bench.paths import REPO, TARGET

CACHE = TARGET / "perf-gate" / "base"
#: One cargo target folder for every base: a new base commit recompiles only what changed.
CARGO_TARGET = TARGET / "perf-gate" / "cargo"
#: What a cached build was made with; another toolchain means building again.
STAMP = "built.json"
LOG = "build.log"
#: A base build is ~600 MB (its own venv with the pinned dependencies): the most recently
#: used few are kept, older ones removed.
KEEP = 3


class BaseBuildError(RuntimeError):
    """REF is not a commit here, or its build failed."""


@dataclass(frozen=True)
class BaseBuild:
    ref: str
    commit: str
    #: The base's own interpreter: its .venv, holding its `primes` and `primes_cython`.
    python: Path
    #: True when the cache already held this build.
    reused: bool

    @property
    def short(self) -> str:
        return self.commit[:12]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
    )


def resolve(ref: str) -> str:
    """The full commit REF names, or BaseBuildError saying why not."""
    done = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        hint = (
            " (this clone is shallow: fetch more history, e.g. `git fetch --unshallow`, "
            "or check out with fetch-depth: 0)"
            if shallow
            else ""
        )
        raise BaseBuildError(f"{ref!r} is not a commit in this repository{hint}")
    return done.stdout.strip()


def _interpreter() -> str:
    """The interpreter this run's venv was made from, for the base's own venv."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _toolchain() -> dict[str, str]:
    return {
        "python": _interpreter(),
        "python_version": sys.version.split()[0],
        "rustc": driver_environment.first_line(["rustc", "--version"]) or "unavailable",
        "cc": driver_environment.first_line(["cc", "--version"]) or "unavailable",
    }


def _cached(folder: Path, commit: str, toolchain: dict[str, str]) -> bool:
    try:
        stamp = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return False
    python = folder / "src" / ".venv" / "bin" / "python"
    return stamp == {"commit": commit, **toolchain} and python.exists()


def _remove(folder: Path) -> None:
    if folder.exists():
        _git("worktree", "remove", "--force", str(folder / "src"))
        shutil.rmtree(folder, ignore_errors=True)
    # A folder deleted by hand leaves git's record of the worktree behind.
    _git("worktree", "prune")


def _make(source: Path, log: Path, toolchain: dict[str, str]) -> None:
    env = {**os.environ, "CARGO_TARGET_DIR": str(CARGO_TARGET)}
    # The head's venv must not leak into the base's build (maturin and pip follow it).
    env.pop("VIRTUAL_ENV", None)
    with log.open("w") as out:
        done = subprocess.run(
            ["make", "-C", str(source), "build", f"PYTHON={toolchain['python']}"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        tail = "\n".join(log.read_text().strip().splitlines()[-15:])
        raise BaseBuildError(
            f"`make build` of the base failed (exit status {done.returncode}); "
            f"full log: {log}\n{tail}"
        )


def build(ref: str, *, progress: bool = True) -> BaseBuild:
    """REF built in release mode, from the cache when it holds this commit and toolchain."""
    commit = resolve(ref)
    folder = CACHE / commit
    toolchain = _toolchain()
    python = folder / "src" / ".venv" / "bin" / "python"
    if _cached(folder, commit, toolchain):
        (folder / STAMP).touch()  # most recently used
        return BaseBuild(ref, commit, python, reused=True)
    _remove(folder)
    folder.mkdir(parents=True)
    if progress:
        print(
            f"perf-gate: building the base {ref} ({commit[:12]}) in {folder} "
            f"(log: {folder / LOG}); cached for the next run...",
            file=sys.stderr,
        )
    added = _git("worktree", "add", "--detach", str(folder / "src"), commit)
    if added.returncode != 0:
        raise BaseBuildError(f"git worktree add failed: {added.stderr.strip()}")
    _make(folder / "src", folder / LOG, toolchain)
    (folder / STAMP).write_text(json.dumps({"commit": commit, **toolchain}, indent=2) + "\n")
    _evict(keep=folder)
    return BaseBuild(ref, commit, python, reused=False)


def _evict(keep: Path) -> None:
    """Remove all but the KEEP most recently used base builds (never `keep`)."""

    def last_used(folder: Path) -> float:
        stamp = folder / STAMP
        return stamp.stat().st_mtime if stamp.exists() else 0.0

    folders = sorted((f for f in CACHE.iterdir() if f.is_dir()), key=last_used, reverse=True)
    for old in folders[KEEP:]:
        if old != keep:
            _remove(old)
