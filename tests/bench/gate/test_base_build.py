"""The base build's process tree ends with the gate, and concurrent gates share one base: real
processes, real `make`, real `flock`s, in seconds (no real base is built here)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from child_python import python_stand_in
from process_state import alive, wait_for

from bench.gate import base_build
from bench.paths import REPO

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


# A build whose grandchildren outlive make unless someone kills them: two `sleep`s in the
# background of a shell recipe, each writing its pid first.
MAKEFILE = textwrap.dedent(
    """\
    build:
    \tsh -c 'echo $$$$ > pids/a; exec sleep 300' & sh -c 'echo $$$$ > pids/b; exec sleep 300' & wait
    """
)

# The gate's own code path for the base build, in a process the test can kill -9.
BUILDER = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    from bench.gate import base_build
    source = Path(sys.argv[1])
    base_build._make(source, source / "build.log", {"python": sys.executable})
    """
)


@needs_make
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killing_the_gate_ends_the_whole_base_build(tmp_path: Path, how: signal.Signals) -> None:
    (tmp_path / "Makefile").write_text(MAKEFILE)
    (tmp_path / "pids").mkdir()
    gate = subprocess.Popen([sys.executable, "-c", BUILDER, str(tmp_path)], cwd=REPO)
    pid_files = [tmp_path / "pids" / name for name in ("a", "b")]
    started = wait_for(lambda: all(f.exists() and f.read_text().strip() for f in pid_files), 30)
    assert started, (tmp_path / "build.log").read_text()
    pids = [int(f.read_text()) for f in pid_files]
    assert all(alive(pid) for pid in pids)
    gate.send_signal(how)
    gate.wait(timeout=30)
    try:
        assert wait_for(lambda: not any(alive(pid) for pid in pids), 10), (
            f"the build's processes outlived the gate ({how.name})"
        )
    finally:
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@needs_make
def test_a_build_that_ends_leaves_no_watchdog_and_reports_its_status(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("build:\n\t@echo built; exit 3\n")
    before = {p.name for p in Path("/proc").iterdir() if p.name.isdigit()}
    with pytest.raises(base_build.BaseBuildError, match=r"failed \(exit status 2\)"):
        base_build._make(tmp_path, tmp_path / "build.log", {"python": sys.executable})
    assert "built" in (tmp_path / "build.log").read_text()
    after = {p.name for p in Path("/proc").iterdir() if p.name.isdigit()}
    mine = [
        pid for pid in after - before if alive(int(pid)) and str(os.getpid()) == _parent(int(pid))
    ]
    assert mine == [], "a watchdog or the build outlived the build"


def _parent(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
    except (FileNotFoundError, IndexError):
        return ""


# --- one base at a time, never evicted in use ---------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "base"
    folder.mkdir()
    monkeypatch.setattr(base_build, "CACHE", folder)
    monkeypatch.setattr(base_build, "KEEP", 1)
    monkeypatch.setattr(base_build, "_remove", lambda f: shutil.rmtree(f))
    return folder


def fake_base(cache: Path, commit: str, *, stamped: bool = True, age: float = 0) -> Path:
    folder = cache / commit
    folder.mkdir()
    if stamped:
        (folder / base_build.STAMP).write_text(json.dumps({"commit": commit}))
        then = time.time() - age
        os.utime(folder / base_build.STAMP, (then, then))
    return folder


HOLD = textwrap.dedent(
    """\
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_SH if sys.argv[2] == "shared" else fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(60)
    """
)


def hold(path: Path, mode: str) -> subprocess.Popen[str]:
    """Another process (another gate) holding `path`'s flock until killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), mode], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_eviction_spares_bases_in_use_or_being_built(cache: Path) -> None:
    keep = fake_base(cache, "k" * 40)
    measured = fake_base(cache, "m" * 40, age=300)
    building = fake_base(cache, "b" * 40, stamped=False)  # no stamp yet: a build in progress
    killed = fake_base(cache, "x" * 40, stamped=False)  # no stamp, nobody holds it
    old = fake_base(cache, "o" * 40, age=600)
    holders = [
        hold(cache / f"{measured.name}{base_build.USE_LOCK}", "shared"),
        hold(cache / f"{building.name}{base_build.BUILD_LOCK}", "exclusive"),
    ]
    try:
        base_build._evict(keep=keep)
    finally:
        for holder in holders:
            holder.kill()
            holder.wait()
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == sorted(
        [keep.name, measured.name, building.name]
    )
    assert not killed.exists() and not old.exists()


def test_a_second_gate_waits_for_the_build_in_progress_and_reuses_it(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commit = "c" * 40
    monkeypatch.setattr(base_build, "resolve", lambda ref: commit)
    monkeypatch.setattr(base_build, "_toolchain", lambda: {"python": "p"})
    monkeypatch.setattr(base_build, "_damage", lambda folder, promised: None)
    builds: list[str] = []
    monkeypatch.setattr(base_build, "_build_into", lambda *args: builds.append("built"))
    # The first gate's build: it holds the build lock, then finishes (writes its stamp).
    first = hold(cache / f"{commit}{base_build.BUILD_LOCK}", "exclusive")
    (cache / commit).mkdir()

    def finish() -> None:
        stamp = {"commit": commit, "python": "p", "implementations": ["rust-naive"]}
        (cache / commit / base_build.STAMP).write_text(json.dumps(stamp))
        first.kill()
        first.wait()

    import threading

    timer = threading.Timer(1.0, finish)
    timer.start()
    try:
        started = time.monotonic()
        second = base_build.build("HEAD")
        waited = time.monotonic() - started
        # It holds the base as in use until it exits: no other gate can evict it meanwhile.
        assert not evictable(cache, commit)
    finally:
        timer.join()
        base_build.release()
    assert evictable(cache, commit)
    assert second.reused and builds == []
    assert waited >= 0.9
    assert "waiting for it, to reuse its build" in capsys.readouterr().err


def evictable(cache: Path, commit: str) -> bool:
    fd = os.open(cache / f"{commit}{base_build.USE_LOCK}", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


# --- a damaged cached base is built again, once -------------------------------------------------


def base_with_python(cache: Path, commit: str, promised: list[str]) -> Path:
    """A cached base whose interpreter is this checkout's (a wrapper script)."""
    folder = fake_base(cache, commit)
    stamp = {"commit": commit, "python": "p", "implementations": promised}
    (folder / base_build.STAMP).write_text(json.dumps(stamp))
    python = folder / "src" / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python_stand_in(python)
    return folder


def test_the_damage_check_loads_what_the_stamp_promises(cache: Path) -> None:
    folder = base_with_python(cache, "d" * 40, ["rust-naive", "pure-sieve"])
    assert base_build._damage(folder, ["rust-naive", "pure-sieve"]) is None
    assert base_build._damage(folder, ["rust-naive", "rust-imaginary"]) == (
        "rust-imaginary is not available"
    )
    assert base_build._damage(folder, None) == (
        "built.json lists no implementations (made by an older gate)"
    )
    (folder / "src" / ".venv" / "bin" / "python").unlink()
    assert str(base_build._damage(folder, ["rust-naive"])).endswith("bin/python is missing")


def test_a_damaged_cached_base_is_rebuilt_once_saying_so(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commit = "e" * 40
    base_with_python(cache, commit, ["rust-naive", "rust-imaginary"])
    monkeypatch.setattr(base_build, "resolve", lambda ref: commit)
    monkeypatch.setattr(base_build, "_toolchain", lambda: {"python": "p"})
    builds: list[str] = []
    monkeypatch.setattr(base_build, "_build_into", lambda *args: builds.append(args[2]))
    try:
        built = base_build.build("HEAD")
    finally:
        base_build.release()
    assert not built.reused and builds == [commit]
    assert (
        f"perf-gate: the cached base {commit[:12]} is damaged (rust-imaginary is not "
        "available); building it again"
    ) in capsys.readouterr().err.splitlines()


# --- the first base's cargo folder starts from the head's ---------------------------------------


def test_the_bases_cargo_folder_starts_as_a_copy_of_the_heads_once(tmp_path: Path) -> None:
    head = tmp_path / "target" / "release"
    (head / "deps").mkdir(parents=True)
    (head / "deps" / "libsyn-0123.rlib").write_bytes(b"compiled once")
    (head / "libprimes.so").symlink_to("deps/libsyn-0123.rlib")
    bases = tmp_path / "perf-gate" / "cargo"
    bases.mkdir(parents=True)
    assert base_build.seed_cargo(head, bases)
    copied = bases / "release" / "deps" / "libsyn-0123.rlib"
    assert copied.read_bytes() == b"compiled once"
    # A copy, not a link: cargo writing into the bases' folder cannot change the head's build.
    assert copied.stat().st_ino != (head / "deps" / "libsyn-0123.rlib").stat().st_ino
    assert (bases / "release" / "libprimes.so").readlink() == Path("deps/libsyn-0123.rlib")
    assert [p.name for p in bases.iterdir()] == ["release"]
    # Once: what the bases' cargo has built since is never replaced.
    copied.write_bytes(b"built for a base")
    assert not base_build.seed_cargo(head, bases)
    assert copied.read_bytes() == b"built for a base"


def test_no_head_build_seeds_nothing(tmp_path: Path) -> None:
    bases = tmp_path / "cargo"
    bases.mkdir()
    assert not base_build.seed_cargo(tmp_path / "absent" / "release", bases)
    assert list(bases.iterdir()) == []
