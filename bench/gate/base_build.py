"""The base of a comparison: a git ref checked out in a worktree and built like the head.

`--against REF` measures REF's build and this checkout's build on one machine in one job, so
no committed figure from another CPU or toolchain is needed. The base is built by its own
Makefile (`make build`: a virtual environment with its pinned dependencies, both extensions
in release mode), with this run's interpreter and the cargo and C compiler on PATH, and kept
under target/perf-gate/base/COMMIT: a second run against the same commit builds nothing.

Gates may run at once (two terminals, two CI jobs on one runner). Each base has two lock files
beside its folder, held with `flock` (the kernel drops them when a process dies, however it
dies): COMMIT.build.lock, exclusive while the base is checked or built, so a second gate waits
for a build in progress and then reuses it; and COMMIT.use.lock, shared for as long as a gate
measures the base, so eviction (which needs both, without waiting) never removes a base in use
or one still being built.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import environment as driver_environment
from bench.gate import built_here, shared_venv, tethered
from bench.paths import REPO, TARGET

CACHE = TARGET / "perf-gate" / "base"
#: One cargo target folder for every base: a new base commit recompiles only what changed.
CARGO_TARGET = TARGET / "perf-gate" / "cargo"
#: What a cached build was made with; another toolchain means building again.
STAMP = "built.json"
LOG = "build.log"
#: A base build is ~600 MB when its venv cannot share the head's dependencies (see
#: shared_venv), ~80 MB when it can: the most recently used few are kept, older ones removed.
KEEP = 3
BUILD_LOCK, USE_LOCK = ".build.lock", ".use.lock"
#: Shared locks on the bases this process measures: held until it exits.
_IN_USE: list[int] = []

#: Run by the base's own interpreter: every implementation the stamp promises must load.
_LOADS = """
import sys
import primes
listed = set(primes.names())
for name in sys.argv[1:]:
    if name not in listed:
        sys.exit(name + " is not available")
    try:
        primes.get(name)
    except Exception as err:
        sys.exit(str(err).splitlines()[0] if str(err) else type(err).__name__)
"""


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

    @property
    def folder(self) -> Path:
        """The cached build's folder (its worktree is src/): the venv's, under the cache."""
        return self.python.parent.parent.parent.parent

    def stamp(self) -> dict[str, object] | None:
        """What the build was made with (built.json), None when it is not a cached build."""
        return _stamp(self.folder)


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


def _stamp(folder: Path) -> dict[str, object] | None:
    try:
        stamp = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def _same_build(stamp: dict[str, object], commit: str, toolchain: dict[str, str]) -> bool:
    return all(stamp.get(key) == value for key, value in {"commit": commit, **toolchain}.items())


def _damage(folder: Path, promised: list[str] | None) -> str | None:
    """What is wrong with a finished build, or None when everything it promises loads."""
    python = folder / "src" / ".venv" / "bin" / "python"
    if not python.exists():
        return f"{python} is missing"
    if promised is None:
        return "built.json lists no implementations (made by an older gate)"
    done = subprocess.run(
        [str(python), "-s", "-P", "-c", _LOADS, *promised],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return None


def _promised(stamp: dict[str, object]) -> list[str] | None:
    listed = stamp.get("implementations")
    if isinstance(listed, list) and all(isinstance(name, str) for name in listed):
        return listed
    return None


def registered(python: Path) -> list[str]:
    """What a build registers, asked of its own interpreter."""
    done = subprocess.run(
        [str(python), "-s", "-P", "-c", "import primes; print('\\n'.join(primes.names()))"],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BaseBuildError(f"the base's build does not import: {tail}")
    return done.stdout.split()


def _remove(folder: Path) -> None:
    if folder.exists():
        _git("worktree", "remove", "--force", str(folder / "src"))
        shutil.rmtree(folder, ignore_errors=True)
    # A folder deleted by hand leaves git's record of the worktree behind.
    _git("worktree", "prune")


def _head_cargo_target() -> Path:
    """Where this checkout's `make build` leaves cargo's release build (maturin follows
    CARGO_TARGET_DIR, else the workspace's target/)."""
    return Path(os.environ.get("CARGO_TARGET_DIR") or TARGET) / "release"


def seed_cargo(head: Path, bases: Path) -> bool:
    """Start the bases' cargo folder as a copy of the head's release build, once.

    A first base would otherwise compile every crate it depends on (syn, quote, pyo3's macros,
    ...) that the head compiled already, at the same versions. cargo's fingerprints decide what
    the copy can serve; what differs (the base's own crates, anything built for its interpreter)
    is compiled as before. A copy, not links: cargo and rustc may write into what they keep.
    """
    target = bases / "release"
    if target.exists() or not head.is_dir():
        return False
    partial = bases / f".release.{os.getpid()}.tmp"
    try:
        shutil.copytree(head, partial, symlinks=True)
        partial.rename(target)
    except OSError:
        return False  # another gate seeded it meanwhile, or no room: cargo builds it all
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return True


def _jobs() -> list[str]:
    """Two of make's targets at once, as `make test` builds: the Cython extensions (one
    compiler process at a time) beside the Rust one (whose LTO ends in one job), the
    alternatives after Rust. Each target's output is written whole when it ends."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return ["-j2", "--output-sync=target"] if (cores or 1) >= 2 else []


def _make(
    source: Path, log: Path, toolchain: dict[str, str], targets: Sequence[str] = ("build",)
) -> None:
    env = {**os.environ, "CARGO_TARGET_DIR": str(CARGO_TARGET)}
    # The head's venv must not leak into the base's build (maturin and pip follow it).
    env.pop("VIRTUAL_ENV", None)
    with log.open("a") as out:
        # Tethered: make, pip and cargo end with the gate, even after `kill -9` of the gate.
        status = tethered.run(
            ["make", "-C", str(source), *_jobs(), *targets, f"PYTHON={toolchain['python']}"],
            stdout=out,
            env=env,
        )
    if status != 0:
        tail = "\n".join(log.read_text().strip().splitlines()[-15:])
        raise BaseBuildError(
            f"`make build` of the base failed (exit status {status}); full log: {log}\n{tail}"
        )


def _take_built_here(
    folder: Path, kinds: Sequence[built_here.Kind], toolchain: dict[str, str], progress: bool
) -> None:
    """Each of `kinds` (built_here.reusable) linked from the head's build; the kinds before one
    that is taken are built first, in the Makefile's order, so that make sees the taken one's
    stamp as the newest and leaves it."""
    if not kinds:
        return
    source, venv = folder / "src", folder / "src" / ".venv"
    pending = [".venv/.deps"]
    taken = []
    for kind in built_here.KINDS:
        if kind not in kinds:
            pending.append(kind.target)
            continue
        _make(source, folder / LOG, toolchain, pending)
        pending = []
        if built_here.link(kind, venv):
            (source / kind.target).touch()
            taken.append(kind.distribution)
        else:
            pending.append(kind.target)
    if progress and taken:
        print(
            f"perf-gate: the base's {', '.join(taken)} taken from this checkout's build "
            "(hard links): the same sources, Makefile and lock, so not compiled again",
            file=sys.stderr,
        )


def _lock_file(commit: str, kind: str) -> int:
    return os.open(CACHE / f"{commit}{kind}", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


@contextlib.contextmanager
def _building(commit: str, progress: bool) -> Iterator[None]:
    """Hold COMMIT's build lock, waiting (and saying so) while another gate holds it."""
    fd = _lock_file(commit, BUILD_LOCK)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                print(
                    f"perf-gate: another gate is building or checking the base {commit[:12]}; "
                    "waiting for it, to reuse its build...",
                    file=sys.stderr,
                )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _use(commit: str) -> None:
    """Mark COMMIT's base in use by this process until it exits (see `release`)."""
    fd = _lock_file(commit, USE_LOCK)
    fcntl.flock(fd, fcntl.LOCK_SH)  # only an evicting gate holds it exclusively, for an instant
    _IN_USE.append(fd)


def release() -> None:
    """Let the bases this process used be evicted again (process exit does the same)."""
    while _IN_USE:
        os.close(_IN_USE.pop())


def _build_into(
    folder: Path, ref: str, commit: str, toolchain: dict[str, str], progress: bool
) -> None:
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
    linked = shared_venv.seed(folder / "src", toolchain["python"])
    if progress and linked:
        print(
            f"perf-gate: the base's venv starts with {linked} of this checkout's installed "
            "dependencies (hard links: pip installs only what its lock pins differently)",
            file=sys.stderr,
        )
    kinds = built_here.reusable(commit)
    CARGO_TARGET.mkdir(parents=True, exist_ok=True)
    # Not needed when the base takes the head's Rust extension (copying it takes a while).
    rust = built_here.KINDS[0]
    if rust not in kinds and seed_cargo(_head_cargo_target(), CARGO_TARGET) and progress:
        print(
            f"perf-gate: cargo's folder for bases starts as a copy of this checkout's "
            f"({_head_cargo_target()}): crates built there already are not compiled again",
            file=sys.stderr,
        )
    _take_built_here(folder, kinds, toolchain, progress)
    _make(folder / "src", folder / LOG, toolchain)
    names = registered(folder / "src" / ".venv" / "bin" / "python")
    problem = _damage(folder, names)
    if problem is not None:
        raise BaseBuildError(f"the base's fresh build does not load: {problem}")
    stamp = {"commit": commit, **toolchain, "implementations": names}
    (folder / STAMP).write_text(json.dumps(stamp, indent=2) + "\n")


def build(ref: str, *, progress: bool = True) -> BaseBuild:
    """REF built in release mode, from the cache when it holds this commit and toolchain.

    A cached build whose promised implementations no longer load (a file deleted, a library
    gone) is built again, once, saying so.
    """
    commit = resolve(ref)
    folder = CACHE / commit
    toolchain = _toolchain()
    python = folder / "src" / ".venv" / "bin" / "python"
    CACHE.mkdir(parents=True, exist_ok=True)
    with _building(commit, progress):
        stamp = _stamp(folder)
        reused = stamp is not None and _same_build(stamp, commit, toolchain)
        if stamp is not None and reused:
            problem = _damage(folder, _promised(stamp))
            if problem is not None:
                print(
                    f"perf-gate: the cached base {commit[:12]} is damaged ({problem}); "
                    "building it again",
                    file=sys.stderr,
                )
                reused = False
        if not reused:
            _build_into(folder, ref, commit, toolchain, progress)
        (folder / STAMP).touch()  # most recently used
        _use(commit)  # before the build lock goes: no moment an evicting gate could take it
    if not reused:
        _evict(keep=folder)
    return BaseBuild(ref, commit, python, reused=reused)


@contextlib.contextmanager
def _evictable(commit: str) -> Iterator[bool]:
    """True (holding both locks) when no gate builds, checks or measures COMMIT's base."""
    fds = [_lock_file(commit, BUILD_LOCK), _lock_file(commit, USE_LOCK)]
    try:
        try:
            for fd in fds:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        for fd in fds:
            os.close(fd)


def _evict(keep: Path) -> None:
    """Remove all but the KEEP most recently used base builds (never `keep`, nor one in use).

    A folder without a stamp that no gate holds is a build that was killed: removed first.
    """

    def last_used(folder: Path) -> float:
        stamp = folder / STAMP
        return stamp.stat().st_mtime if stamp.exists() else 0.0

    folders = sorted((f for f in CACHE.iterdir() if f.is_dir()), key=last_used, reverse=True)
    for old in folders[KEEP:]:
        if old == keep:
            continue
        with _evictable(old.name) as free:
            if free:
                _remove(old)
