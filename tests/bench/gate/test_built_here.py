"""built_here: which of the head's builds a base may take instead of compiling them, decided on
a small fixture repository (no base is built)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.gate import base_build, built_here


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def kinds(found: list[built_here.Kind]) -> list[str]:
    return [kind.distribution for kind in found]


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A checkout with each kind's sources committed, built after (every stamp newer)."""
    repo = tmp_path / "checkout"
    files = {
        "Makefile": "build:\n",
        "requirements/dev.lock": "cython==3.1.0\n",
        "Cargo.toml": "[workspace]\n",
        "rust/core/src/lib.rs": "// core\n",
        "pure/primes/naive.py": "# naive\n",
        "pure/primes/contract.py": "# contract\n",
        "cython/src/primes_cython/sieve.pyx": "# sieve\n",
        "alternatives/setup.py": "# setup\n",
        "README.md": "docs\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    (repo / ".gitignore").write_text("/.venv/\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    venv = repo / ".venv"
    venv.mkdir()
    built = max(p.stat().st_mtime_ns for p in repo.rglob("*") if p.is_file()) + 10**9
    for kind in built_here.KINDS:
        (repo / kind.target).touch()
        os.utime(repo / kind.target, ns=(built, built))
    return repo, git(repo, "rev-parse", "HEAD")


def test_every_kind_is_taken_when_nothing_but_the_docs_changed(repo: tuple[Path, str]) -> None:
    checkout, commit = repo
    (checkout / "README.md").write_text("more docs\n")
    found = built_here.reusable(commit, checkout, checkout / ".venv")
    assert kinds(found) == ["primes", "primes-cython", "primes-alternatives"]


@pytest.mark.parametrize(
    ("changed", "left"),
    [
        ("cython/src/primes_cython/sieve.pyx", ["primes", "primes-alternatives"]),
        ("rust/core/src/lib.rs", ["primes-cython", "primes-alternatives"]),
        # naive.py is the Rust kind's (pure/ is packaged with it) and the alternatives' source.
        ("pure/primes/naive.py", ["primes-cython"]),
        ("Makefile", []),
        ("requirements/dev.lock", []),
    ],
)
def test_a_changed_source_keeps_its_kinds_from_being_taken(
    repo: tuple[Path, str], changed: str, left: list[str]
) -> None:
    checkout, commit = repo
    path = checkout / changed
    path.write_text(path.read_text() + "# changed\n")
    git(checkout, "commit", "-qam", "head")
    # The head's build is newer than the change: only the differing sources say no.
    for kind in built_here.KINDS:
        os.utime(checkout / kind.target)
    assert kinds(built_here.reusable(commit, checkout, checkout / ".venv")) == left


def test_an_untracked_source_file_counts_as_a_difference(repo: tuple[Path, str]) -> None:
    checkout, commit = repo
    (checkout / "cython" / "src" / "primes_cython" / "wheel.pyx").write_text("# new\n")
    for kind in built_here.KINDS:
        os.utime(checkout / kind.target)
    assert "primes-cython" not in kinds(built_here.reusable(commit, checkout, checkout / ".venv"))


def test_a_head_build_older_than_its_sources_is_not_taken(repo: tuple[Path, str]) -> None:
    checkout, commit = repo
    # Touched after the build, same content: make would rebuild, so the build may be stale.
    sieve = checkout / "cython" / "src" / "primes_cython" / "sieve.pyx"
    later = (checkout / ".venv" / ".cython-built").stat().st_mtime_ns + 10**9
    os.utime(sieve, ns=(later, later))
    found = kinds(built_here.reusable(commit, checkout, checkout / ".venv"))
    assert found == ["primes", "primes-alternatives"]


def test_nothing_is_taken_from_a_venv_that_is_not_the_checkouts(repo: tuple[Path, str]) -> None:
    checkout, commit = repo
    assert built_here.reusable(commit, checkout, checkout / "elsewhere") == []


@pytest.mark.parametrize(
    ("taken", "made_first"),
    [
        # Rust built before the Cython stamp is made; the alternatives (after it) by make build.
        (["primes-cython"], [".venv/.deps", ".venv/.rust-built"]),
        # Nothing needs building before Rust's stamp: only the venv's dependencies.
        (["primes", "primes-alternatives"], [".venv/.deps"]),
    ],
)
def test_the_base_builds_in_the_makefiles_order_around_what_it_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[str], made_first: list[str]
) -> None:
    made: list[list[str]] = []
    linked: list[str] = []
    kinds = [kind for kind in built_here.KINDS if kind.distribution in taken]

    def link(kind: built_here.Kind, venv: Path) -> bool:
        linked.append(kind.distribution)
        return True

    def make(source: Path, log: Path, toolchain: object, targets: Sequence[str]) -> None:
        made.append(list(targets))

    monkeypatch.setattr(built_here, "link", link)
    monkeypatch.setattr(base_build, "_make", make)
    (tmp_path / "src" / ".venv").mkdir(parents=True)
    base_build._take_built_here(tmp_path, kinds, {"python": "p"}, progress=False)
    assert linked == taken
    # Make ran only for what comes before a taken kind; each stamp is newer than what it follows.
    assert made[0] == made_first
    stamps = [(tmp_path / "src" / k.target).stat().st_mtime_ns for k in kinds]
    assert stamps == sorted(stamps)
