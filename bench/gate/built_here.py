"""A base's extensions taken from the head's build when they are built from the same sources.

A first base build compiles the Rust extension, the Cython extensions and the alternatives
(mypyc, Cython) again, minutes of work, although most commits change none of their sources. Each
is one installed distribution, made by one Makefile target from a known set of files. When the
base commit's files of a kind are the head's (its sources, and the Makefile and the lock that
say how and with which compilers' versions it is built), and the head's build of that kind is
newer than every one of those files, the base's venv gets the head's installed files as hard
links and the Makefile's stamp for it: its `make build` then builds only the rest. The
interpreter, rustc and C compiler are this run's, as they are for the base's own build.

What the base then measures is the head's build of that code: byte for byte the same files, so
the count store (count_store.py) counts it once for both sides.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.gate import shared_venv
from bench.paths import REPO

#: Files every kind's build reads: the recipe and the pinned build tools.
COMMON = ("Makefile", "requirements/dev.lock")


@dataclass(frozen=True)
class Kind:
    #: The Makefile's target, a stamp file in the checkout.
    target: str
    #: The distribution it installs into the venv.
    distribution: str
    #: Every file or folder its build reads, besides COMMON.
    sources: tuple[str, ...]


#: In the Makefile's order: the alternatives are built after (and against) `primes`.
KINDS = (
    Kind(
        ".venv/.rust-built",
        "primes",
        ("Cargo.toml", "Cargo.lock", "pyproject.toml", "rust-toolchain.toml", "rust", "pure"),
    ),
    Kind(".venv/.cython-built", "primes-cython", ("cython",)),
    Kind(
        ".venv/.alternatives-built",
        "primes-alternatives",
        ("alternatives", "pure/primes/naive.py", "pure/primes/contract.py"),
    ),
)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )


def _same_sources(repo: Path, commit: str, paths: Sequence[str]) -> bool:
    """The working tree holds exactly `commit`'s files under `paths` (tracked files equal, no
    untracked file that a build's `find` would pick up)."""
    if _git(repo, "diff", "--quiet", commit, "--", *paths).returncode != 0:
        return False
    others = _git(repo, "ls-files", "--others", "--exclude-standard", "--", *paths)
    return others.returncode == 0 and not others.stdout.strip()


def _fresh(repo: Path, target: Path, paths: Sequence[str]) -> bool:
    """The stamp `target` is newer than each file under `paths` (make would not rebuild)."""
    try:
        built = target.stat().st_mtime_ns
    except OSError:
        return False
    listed = _git(
        repo, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *paths
    )
    if listed.returncode != 0:
        return False
    for name in filter(None, listed.stdout.split("\0")):
        try:
            if (repo / name).stat().st_mtime_ns > built:
                return False
        except FileNotFoundError:
            continue  # deleted in the working tree: git diff already compared that
    return True


def reusable(commit: str, repo: Path = REPO, head: Path | None = None) -> list[Kind]:
    """The kinds whose build the head's venv (`head`, this process's by default) holds for
    `commit`'s very sources, in the checkout `repo`."""
    head = Path(sys.prefix) if head is None else head
    if head != repo / ".venv" or head == Path(sys.base_prefix):
        return []
    return [
        kind
        for kind in KINDS
        if _same_sources(repo, commit, paths := (*COMMON, *kind.sources))
        and _fresh(repo, repo / kind.target, paths)
    ]


def link(kind: Kind, venv: Path) -> bool:
    """The head's installed `kind` hard-linked into `venv` (a base's); False when it could not
    be (then nothing of it is left there and make builds it)."""
    head = Path(sys.prefix)
    site = Path(sysconfig.get_path("purelib")).relative_to(head)
    found = [
        d
        for d in importlib.metadata.distributions(path=[str(head / site)])
        if shared_venv.canonical(d.metadata["Name"] or "") == kind.distribution
    ]
    files = found[0].files if len(found) == 1 else None
    if files is None:
        return False
    placed: list[Path] = []
    try:
        for file in files:
            origin = Path(os.path.normpath(head / site / file))
            if origin.is_relative_to(head) and origin.is_file():
                target = venv / origin.relative_to(head)
                shared_venv.place(origin, target, bytes(head), bytes(venv.absolute()))
                placed.append(target)
    except OSError:
        for target in placed:
            target.unlink(missing_ok=True)
        return False
    return True
