"""Timing a distribution's build the way `make build` does it (`pip install` of its folder, here
`pip wheel` so nothing is installed), in a scratch copy of the files it reads: cold (a fresh copy,
no build output anywhere) and incremental (one source file touched, then built again in the same
copy). Nothing in the repository, the venv or the user's caches changes."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.progress import Task
from bench.raw.costs import Build, Timing

#: Make's variables: under `make bench`, cargo would otherwise join make's jobserver.
_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "CARGO_MAKEFLAGS")
#: A build that takes longer than this is stuck (a cold Rust build takes about 20 s here).
TIMEOUT = 20 * 60
#: Where the wheels go inside a copy; the command records this name, not a machine path.
WHEELS = "wheels"


@dataclass(frozen=True)
class BuildSpec:
    #: What it builds, for people.
    title: str
    #: The folder `pip wheel` builds, relative to the repository root.
    directory: str
    #: Every path (relative to the root) the build reads; copied, tracked and untracked files
    #: alike, without anything git ignores (build output).
    copied: tuple[str, ...]
    #: The source file touched before each incremental rebuild.
    touched: str

    def command(self, python: str = "python", wheels: str = WHEELS) -> tuple[str, ...]:
        """The build command; by default as the raw file records it, with no machine path."""
        return (
            *(python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-cache-dir", "--wheel-dir", wheels, "."),
        )


class BuildFailed(Exception):
    """A build that did not finish; the message is its reason, in one line."""


class Running:
    """The builds under way in any thread, so that the thread that started them can stop them
    all (a Ctrl-C arrives in the main thread only): each is killed, and none starts after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._children: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def start(self, argv: Sequence[str], **options: Any) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._stopped:
                raise BuildFailed("stopped before it started")
            # A session of its own: a kill then reaches every process of the build (pip's
            # build backend, cargo, the C compiler), not pip alone, and the terminal's Ctrl-C
            # reaches the run, which stops the builds itself.
            child = subprocess.Popen(list(argv), start_new_session=True, **options)
            self._children.add(child)
            return child

    def finished(self, child: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._children.discard(child)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for child in self._children:
                kill_build(child)


def kill_build(child: subprocess.Popen[bytes]) -> None:
    """Kill a build started by `Running.start` and every process it started (a child that
    leads no process group of its own is killed alone)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def record(group: str, spec: BuildSpec, **found: object) -> Build:
    return Build(
        group=group,
        title=spec.title,
        command=spec.command(),
        directory=spec.directory,
        copied=spec.copied,
        touched=spec.touched,
        **found,  # type: ignore[arg-type]
    )


def measure_steps(
    group: str,
    spec: BuildSpec,
    *,
    repo: Path,
    python: Path,
    bin_dir: Path,
    cold: int,
    incremental: int,
    task: Task,
    running: Running | None = None,
) -> Generator[None, None, Build]:
    """`cold` fresh builds, then `incremental` rebuilds of the last copy after touching
    `spec.touched`; a build that fails is recorded with its reason and no figures. `running`
    keeps track of the build under way for whoever may have to stop it. One build per step:
    it pauses after each build (its copy kept) and returns the record at the end, so that
    another distribution's build can run in between (`in_turns` runs the steps)."""
    if cold < 1:
        raise ValueError("an incremental build needs a cold one before it")
    missing = [path for path in (spec.directory, spec.touched) if not (repo / path).exists()]
    if missing:
        return record(group, spec, problem=f"not found: {missing[0]} is not in this checkout")
    cold_times: list[tuple[float, float]] = []
    incremental_times: list[tuple[float, float]] = []
    wheel_bytes = None
    with tempfile.TemporaryDirectory(prefix=f"bench-costs-{group}-") as scratch:
        try:
            for attempt in range(cold):
                root = Path(scratch) / f"cold-{attempt}"
                _copy(repo, spec.copied, root)
                task.status(f"{spec.title}: cold build {attempt + 1} of {cold}")
                cold_times.append(_build(spec, root, python, bin_dir, running or Running()))
                wheel_bytes = sum(w.stat().st_size for w in (root / WHEELS).glob("*.whl"))
                task.advance()
                if attempt < cold - 1:
                    shutil.rmtree(root)  # a Rust target directory is hundreds of MB
                yield
            for attempt in range(incremental):
                os.utime(root / spec.touched)
                task.status(f"{spec.title}: rebuild {attempt + 1} of {incremental}")
                incremental_times.append(_build(spec, root, python, bin_dir, running or Running()))
                task.advance()
                yield
        except BuildFailed as err:
            return record(group, spec, problem=f"build failed: {err}")
    return record(
        group,
        spec,
        cold=_timing(cold_times),
        incremental=_timing(incremental_times),
        wheel_bytes=wheel_bytes,
    )


def in_turns(
    jobs: Sequence[Generator[None, None, Build]], *, at_once: int, running: Running | None = None
) -> list[Build]:
    """Run `jobs` (`measure_steps`), `at_once` steps at a time, each job's steps in order and
    the jobs taking turns: a worker that ends a step puts its job at the back of one queue and
    takes the front one. A distribution's rebuild then waits behind the others' cold builds
    instead of holding a worker: with Cython's builds beside Rust's then the alternatives',
    the three end in about 77 s, not 88 s. The records come back in the order of `jobs`.
    `running`, the jobs' builds under way: stopped on a Ctrl-C, so no build goes on, or
    starts, without the run."""
    queue = deque(enumerate(jobs))
    found: dict[int, Build] = {}
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return  # the jobs left are another worker's, one step each at most
                index, steps = queue.popleft()
            try:
                next(steps)
            except StopIteration as done:
                found[index] = done.value
                continue
            with lock:
                queue.append((index, steps))

    if at_once <= 1:
        worker()
    else:
        pool = ThreadPoolExecutor(max_workers=at_once)
        try:
            for future in [pool.submit(worker) for _ in range(at_once)]:
                future.result()
        except BaseException:
            if running is not None:
                running.stop()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return [found[index] for index in range(len(jobs))]


def _timing(times: Sequence[tuple[float, float]]) -> Timing | None:
    if not times:
        return None
    return Timing(tuple(wall for wall, _ in times), tuple(cpu for _, cpu in times))


def _copy(repo: Path, paths: Sequence[str], root: Path) -> None:
    """The files under `paths` that git tracks or would track, copied to `root` with their
    modification times (so a build tool sees the same ages as in the repository)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths],
            cwd=repo,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError) as err:
        raise BuildFailed(f"cannot list the files to copy with git: {err}") from None
    for name in filter(None, listed.split("\0")):
        source = repo / name
        if source.is_file():  # a tracked file deleted in the working tree is not copied
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    root.mkdir(parents=True, exist_ok=True)


def _environment(root: Path, bin_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _MAKE_VARIABLES}
    # maturin is found on PATH, as the Makefile puts the venv's bin first for `make build`.
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    # The copy's own target directory: a CARGO_TARGET_DIR in the caller's environment would
    # make a cold build warm. Offline: the dependencies' sources are already downloaded (by
    # `make build`), and a network fetch is not part of what is timed.
    env["CARGO_TARGET_DIR"] = str(root / "target")
    env["CARGO_NET_OFFLINE"] = "true"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _build(
    spec: BuildSpec, root: Path, python: Path, bin_dir: Path, running: Running
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (every process of the build, user + system) of one build.

    The CPU time is this build's own, taken from its process when it is reaped (`wait4`),
    so another build running at the same time in another thread does not add to it."""
    argv = spec.command(str(python), str(root / WHEELS))
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        try:
            child = running.start(
                argv,
                cwd=root / spec.directory,
                env=_environment(root, bin_dir),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        except OSError as err:
            raise BuildFailed(f"cannot run {argv[0]}: {err.strerror or err}") from None
        try:
            status, usage = _reap(child, start + TIMEOUT)
        except BaseException:
            kill_build(child)  # a Ctrl-C while this thread waits: the build ends with the run
            raise
        finally:
            running.finished(child)
        wall = time.perf_counter() - start
        if status is None:
            raise BuildFailed(f"still running after {TIMEOUT // 60} minutes, stopped")
        if status != 0:
            output.seek(0)
            said = output.read().decode("utf-8", errors="replace")
            # The raw file names no machine path: the copy and the venv are named by their role.
            why = reason(said)
            why = why.replace(str(root), "<copy>").replace(str(bin_dir.parent), "<venv>")
            raise BuildFailed(f"exit status {status}: {why}")
    return wall, max(usage.ru_utime + usage.ru_stime, 0.0)


def _reap(
    child: subprocess.Popen[bytes], deadline: float
) -> tuple[int | None, resource.struct_rusage]:
    """The child's exit status (None: killed at `deadline`) and the resources it and the
    descendants it waited for used."""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child.returncode, usage
        if time.perf_counter() > deadline:
            kill_build(child)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            return None, usage
        time.sleep(0.05)


def reason(output: str) -> str:
    """The line of a failed build's output that says why, at most 300 characters: the first
    line mentioning an error in what the build backend printed (pip quotes it between
    "[N lines of output]" and "[end of output]"; cargo's first error is the specific one),
    else the last such line outside it (pip ends with generic advice), else the last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    quoted: list[str] = []
    inside = False
    for line in lines:
        if line.endswith("lines of output]"):
            inside = True
        elif line == "[end of output]":
            inside = False
        elif inside:
            quoted.append(line)
    error = re.compile(r"\berror\b", re.IGNORECASE)
    generic = re.compile(r"subprocess-exited-with-error|originates from a subprocess|^note:")
    backend = [line for line in quoted if error.search(line)]
    errors = [line for line in lines if error.search(line) and not generic.search(line)]
    found = backend[:1] or errors[-1:] or lines[-1:] or ["(no output)"]
    return found[0][:300]
