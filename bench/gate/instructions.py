"""Instruction counts of one `first_n(count)` call, from valgrind's callgrind.

Each implementation is run by `probe.py` under callgrind, which splits the profile at marker
calls: the part holding `first_n(count)` minus the part holding `first_n(0)` is the call's own
cost, whatever the language, with no symbol of the code under test to depend on (the Rust
extension is stripped, and pure Python has none).

One build's count must not depend on where it is checked out. The interpreter allocates its
paths (sys.prefix, sys.path, every module's file name) at start-up, so their lengths shape the
heap the measured call finds. Every measurement therefore reaches the interpreter and the probe
through a fresh folder whose path has one fixed length (`staged`): /tmp/perf-gate-XXXXXXXX/env
links to the build's virtual environment, and the probe is copied beside it. The base's build
(deep under target/perf-gate/base/) and the head's checkout, in any clone, look alike from inside.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.gate import artifact_paths
from bench.gate.children import Children
from bench.timers.errors import MeasurementError

PROBE = Path(__file__).with_name("probe.py")
#: The probe's exit status when it cannot switch callgrind's instrumentation on (probe.py).
SWITCH_UNAVAILABLE = 75
#: Where the probe can switch instrumentation on after start-up (it then runs uninstrumented).
SWITCHABLE = platform.machine() in ("x86_64", "AMD64")

INSTALL_HINT = (
    "valgrind is not installed; the gate counts instructions with its callgrind tool.\n"
    "Install it, then re-run:\n"
    "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y valgrind\n"
    "  Fedora/RHEL:   sudo dnf install -y valgrind\n"
    "  Arch:          sudo pacman -S valgrind\n"
    "(valgrind runs on Linux only; CI installs it in .ci/run.)"
)

# -s: no user site-packages; -P: neither the script's folder nor the cwd on sys.path.
# Not -I/-E: they would also ignore PYTHONHASHSEED, and a random hash seed changes dict and set
# layouts, hence the counts. The environment is built from scratch instead
# (see `child_environment`).
PYTHON_FLAGS = ("-s", "-P")
HASH_SEED = "0"
# The processes never look at their cwd; a fixed one removes even the possibility.
WORKING_DIRECTORY = "/"

#: The probe calls os.getppid() to split callgrind's profile into parts (see probe.py).
MARKER = "getppid"
#: One dump per marker call: start-up, then an uncounted and a counted call each of
#: first_n(count // 2), first_n(count) and first_n(0). Shutdown goes to the final dump, not read.
PROBE_PARTS = 7
HALF, FULL, EMPTY = 2, 4, 6
#: How a count is taken, recorded with a baseline: counts taken another way are not compared.
METHOD = (
    "probe 3: staged paths, an uncounted call before each counted one, instrumented from the "
    "end of start-up"
)
#: Where measurements are staged: a fixed folder, not $TMPDIR, whose length varies by user.
STAGE_PARENT = Path("/tmp")
#: The stage's link to the build's virtual environment.
STAGE_ENV = "env"
#: The stage's folder for bytecode compiled from the staged sources.
PYCACHE = "pyc"

_SUMMARY = re.compile(r"^summary:\s*(\d+)\s*$", re.MULTILINE)


class ValgrindMissing(RuntimeError):
    """valgrind is not on PATH."""


@dataclass(frozen=True)
class InstructionCount:
    name: str
    count: int
    #: Instructions of `first_n(count)` alone: the median of `runs`.
    instructions: int
    #: One figure per repetition, so the spread between runs of one build is on record.
    runs: tuple[int, ...]
    #: Instructions of `first_n(count // 2)` alone, from the same runs (median).
    half: int


@dataclass(frozen=True)
class _Run:
    full: int
    half: int


#: The two profile parts a call's cost comes from, kept for callgrind_annotate or KCachegrind.
@dataclass(frozen=True)
class Profiles:
    full: Path  # the part holding first_n(count)
    empty: Path  # the part holding first_n(0)


def find_valgrind() -> str:
    path = shutil.which("valgrind")
    if path is None:
        raise ValgrindMissing(INSTALL_HINT)
    return path


def valgrind_version(valgrind: str) -> str:
    out = subprocess.run([valgrind, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def child_environment(stage: Path | None = None) -> dict[str, str]:
    """The measured processes' whole environment; with `stage`, bytecode kept under it.

    Nothing inherited: PYTHON* variables, locale and the environment's size stay the same
    from one shell, user or CI runner to the next. One thread per pool: numpy's OpenBLAS
    threads spin at import, and their share of the count changed by millions between runs.
    """
    environment = {
        "PYTHONHASHSEED": HASH_SEED,
        "LC_ALL": "C",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    if stage is not None:
        # The .pyc files pip wrote at install hold the path the venv was installed at, whose
        # length varies by checkout; loading them allocates those paths. Bytecode compiled
        # afresh under the stage, from the staged sources, holds paths of one length.
        environment["PYTHONPYCACHEPREFIX"] = str(stage / PYCACHE)
    return environment


@contextlib.contextmanager
def staged(python: str) -> Iterator[tuple[str, str, Path]]:
    """(interpreter, probe, folder), reached through a new folder of fixed path length.

    The folder is /tmp/perf-gate-XXXXXXXX (eight random characters), or the same under the
    temporary folder where /tmp cannot be written; it is removed afterwards. A virtual
    environment's interpreter is reached as env/bin/python through a link to its root, so
    sys.prefix and every path below it have the same length whichever folder it was built in.
    """
    parent = STAGE_PARENT if os.access(STAGE_PARENT, os.W_OK | os.X_OK) else None
    with tempfile.TemporaryDirectory(prefix="perf-gate-", dir=parent) as tmp:
        folder = Path(tmp)
        probe = folder / PROBE.name
        shutil.copyfile(PROBE, probe)
        executable = Path(python)
        root = executable.parent.parent
        if (root / "pyvenv.cfg").is_file():
            (folder / STAGE_ENV).symlink_to(root.absolute(), target_is_directory=True)
            name = "python" if (root / "bin" / "python").exists() else executable.name
            staged_python = folder / STAGE_ENV / "bin" / name
        else:  # an interpreter outside a virtual environment finds its prefix by itself
            staged_python = folder / "python"
            staged_python.symlink_to(executable.absolute())
        yield str(staged_python), str(probe), folder


def _run(
    children: Children, command: list[str], what: str, stage: Path, *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    try:
        done = children.run(command, cwd=WORKING_DIRECTORY, env=child_environment(stage))
    except OSError as err:  # e.g. a script whose #! line names a path with a space
        raise MeasurementError(
            f"{what} could not start: {err.strerror or err}: {command[0]}"
        ) from err
    if check:
        _check(done, what)
    return done


def _check(done: subprocess.CompletedProcess[str], what: str) -> None:
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise MeasurementError(f"{what} failed (exit status {done.returncode}):\n{tail}")


def _callgrind_command(
    valgrind: str, stage: tuple[str, str, Path], name: str, count: int, out_file: Path, switch: bool
) -> list[str]:
    python, probe, _ = stage
    return [
        valgrind,
        "--tool=callgrind",
        f"--callgrind-out-file={out_file}",
        f"--dump-before={MARKER}",
        "--dump-line=no",
        *(["--instr-atstart=no"] if switch else []),
        python,
        *PYTHON_FLAGS,
        probe,
        name,
        str(count),
        *(["--switch"] if switch else []),
    ]


def _callgrind_run(
    children: Children,
    valgrind: str,
    stage: tuple[str, str, Path],
    name: str,
    count: int,
    keep: Path | None,
) -> _Run:
    """Instructions of first_n(count) and first_n(count // 2), each minus first_n(0).

    Instrumented only from the end of start-up where the probe can switch it on (see probe.py),
    else from the start: the parts read then find the heap a little otherwise (about 0.5% at
    most), so the two ways are kept apart (count_cache.machine_inputs).
    """
    _, _, out_dir = stage
    out_file = out_dir / f"callgrind.{name}.{os.urandom(4).hex()}.out"
    what = f"callgrind run of {name} at count {count}"
    try:
        command = _callgrind_command(valgrind, stage, name, count, out_file, SWITCHABLE)
        done = _run(children, command, what, out_dir, check=False)
        if done.returncode == SWITCH_UNAVAILABLE and SWITCHABLE:
            _remove_parts(out_dir, out_file)
            command = _callgrind_command(valgrind, stage, name, count, out_file, False)
            done = _run(children, command, what, out_dir, check=False)
        _check(done, what)
        # Dumps go to out_file.1, .2, ... in order; the final one, at exit, to out_file itself.
        parts = sorted(out_dir.glob(f"{out_file.name}.*"), key=lambda p: int(p.suffix[1:]))
        totals = [_summary(part) for part in parts]
        if keep is not None and len(parts) == PROBE_PARTS:
            keep.mkdir(parents=True, exist_ok=True)
            profiles = kept_profiles(keep, name)
            parts[FULL].replace(profiles.full)
            parts[EMPTY].replace(profiles.empty)
            for kept in (profiles.full, profiles.empty):
                artifact_paths.scrub(kept)
    finally:
        _remove_parts(out_dir, out_file)
    if len(totals) != PROBE_PARTS:
        raise MeasurementError(
            f"{name}: expected {PROBE_PARTS} profile parts split at {MARKER}(), got "
            f"{len(totals)}; something else in the process calls {MARKER}()"
        )
    full, half = totals[FULL] - totals[EMPTY], totals[HALF] - totals[EMPTY]
    if min(full, half) <= 0:
        raise MeasurementError(
            f"{name}: first_n({count}) or first_n({count // 2}) cost no more instructions "
            "than first_n(0)"
        )
    return _Run(full, half)


def _remove_parts(out_dir: Path, out_file: Path) -> None:
    for path in [*out_dir.glob(f"{out_file.name}.*"), out_file]:
        path.unlink(missing_ok=True)


def kept_profiles(folder: Path, name: str) -> Profiles:
    return Profiles(folder / f"{name}.count.callgrind.out", folder / f"{name}.zero.callgrind.out")


def _summary(path: Path) -> int:
    match = _SUMMARY.search(path.read_text())
    if match is None:
        raise MeasurementError(f"no 'summary:' line in callgrind's output {path.name}")
    return int(match.group(1))


@dataclass(frozen=True)
class Side:
    """One build to count: its interpreter, each name's count, where to keep one run's profiles."""

    python: str
    counts: Mapping[str, int]
    keep: Path | None = None


def measure(
    counts: Mapping[str, int],
    *,
    python: str,
    valgrind: str,
    repeat: int = 1,
    jobs: int = 2,
    keep: Path | None = None,
) -> dict[str, InstructionCount]:
    """Instructions of `first_n(counts[name])` for each name, `repeat` processes each.

    With `keep`, the profile parts of one run per name are moved there (see `kept_profiles`).
    """
    return measure_sides([Side(python, counts, keep)], valgrind=valgrind, repeat=repeat, jobs=jobs)[
        0
    ]


class Reuse(Protocol):
    """Counts kept by their inputs (count_store.Store): found there, they are not counted."""

    def key(self, name: str, count: int, files: Sequence[str], roots: Mapping[Path, str]) -> str:
        """The digest of what a count of `name` at `count`, loading `files`, depends on; a file
        below one of `roots` is named by the root's label and its path below it."""
        ...

    def load(self, key: str, name: str, keep: Path) -> InstructionCount | None:
        """The count kept under `key`, its profiles copied to `keep`, or None."""
        ...

    def save(self, key: str, counted: InstructionCount, profiles: Path) -> None:
        """Keep `counted` with its profiles (in `profiles`) under `key`."""
        ...


#: Where a count came from, when it was not counted for its own side in this run.
KEPT = "kept"
SHARED = "shared"


@dataclass(frozen=True)
class Counted:
    #: Each side's counts, in the order of the sides.
    counts: list[dict[str, InstructionCount]]
    #: Each side's counts not counted for it in this run: name -> KEPT (found in the kept
    #: counts: the same files were counted before) or SHARED (another side in this run has
    #: the same files; counted once for both).
    reused: list[dict[str, str]]
    #: Each side's count-store keys (see `Reuse.key`), by name; empty without a store.
    keys: list[dict[str, str]] = field(default_factory=list)


def measure_sides(
    sides: Sequence[Side], *, valgrind: str, repeat: int = 1, jobs: int = 2
) -> list[dict[str, InstructionCount]]:
    """`measure` for several builds at once, `jobs` processes at a time over all of them."""
    return count_sides(sides, valgrind=valgrind, repeat=repeat, jobs=jobs).counts


def count_sides(
    sides: Sequence[Side],
    *,
    valgrind: str,
    repeat: int = 1,
    jobs: int = 2,
    reuse: Reuse | None = None,
    children: Children | None = None,
) -> Counted:
    """Every side's counts, `jobs` processes at a time over all of them; with `reuse`, a count
    whose inputs were counted before is read back, and one whose inputs equal another side's is
    counted once (each side must then have `keep`). With `children`, another thread can end the
    counting (`Children.stop`): it then raises MeasurementError.

    Each build has its own stage. Every warm-up run ends before any counted run starts, so no
    counted run finds a .pyc missing; counts do not depend on how many run at once.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    children = Children() if children is None else children
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        try:
            stages = [stack.enter_context(staged(side.python)) for side in sides]
            return _measure_staged(children, pool, sides, stages, valgrind, repeat, reuse)
        except BaseException:
            # Leaving early (Ctrl-C, SIGTERM, a failed run): the pool would otherwise wait for
            # every running process and start the queued ones before the stages are removed.
            pool.shutdown(wait=False, cancel_futures=True)
            children.stop()
            raise


@dataclass(frozen=True)
class _WarmUp:
    files: list[str]
    seconds: float


def _warm_up(children: Children, stage: tuple[str, str, Path], name: str, count: int) -> _WarmUp:
    """The discarded first run (it compiles the stage's .pyc files), natively, at the count
    measured: which files the process loads, and how long it took."""
    started = time.perf_counter()
    done = _run(
        children,
        [stage[0], *PYTHON_FLAGS, stage[1], name, str(count), "--files"],
        f"warm-up run of {name}",
        stage[2],
    )
    seconds = time.perf_counter() - started
    try:
        files = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        files = None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise MeasurementError(f"warm-up run of {name}: no list of loaded files on its output")
    return _WarmUp(files, seconds)


@dataclass
class _Plan:
    """What a run counts, and what it takes from kept counts or from another side instead."""

    counts: list[dict[str, InstructionCount]]
    reused: list[dict[str, str]]
    keys: dict[tuple[int, str], str]
    #: Per key, the side and name counted for it in this run.
    counter: dict[str, tuple[int, str]]
    to_count: list[tuple[int, str, int]]


def _plan(
    sides: Sequence[Side],
    stages: list[tuple[str, str, Path]],
    warmed: Mapping[tuple[int, str], _WarmUp],
    reuse: Reuse | None,
) -> _Plan:
    plan = _Plan([{} for _ in sides], [{} for _ in sides], {}, {}, [])
    for i, side in enumerate(sides):
        for name, count in side.counts.items():
            if reuse is None or side.keep is None:
                plan.to_count.append((i, name, count))
                continue
            stage = stages[i][2]
            venv = Path(side.python).parent.parent.resolve()
            roots = {stage / STAGE_ENV: "venv", venv: "venv", stage: "stage"}
            key = plan.keys[i, name] = reuse.key(name, count, warmed[i, name].files, roots)
            kept = reuse.load(key, name, side.keep)
            if kept is not None:
                plan.counts[i][name] = kept
                plan.reused[i][name] = KEPT
            elif key in plan.counter:
                plan.reused[i][name] = SHARED
            else:
                plan.counter[key] = (i, name)
                plan.to_count.append((i, name, count))
    # Longest first (by the warm-up's time), so no long count starts last on an idle pool.
    plan.to_count.sort(key=lambda job: -warmed[job[0], job[1]].seconds)
    return plan


def _measure_staged(
    children: Children,
    pool: ThreadPoolExecutor,
    sides: Sequence[Side],
    stages: list[tuple[str, str, Path]],
    valgrind: str,
    repeat: int,
    reuse: Reuse | None,
) -> Counted:
    warm_ups = {
        (i, name): pool.submit(_warm_up, children, stages[i], name, count)
        for i, side in enumerate(sides)
        for name, count in side.counts.items()
    }
    warmed = {job: f.result() for job, f in warm_ups.items()}
    plan = _plan(sides, stages, warmed, reuse)
    if reuse is not None and plan.to_count:
        # A first run can leave what the counted run then reads instead of making it: numba
        # compiles its function in a new venv and keeps it, and a run that finds it kept loads
        # fewer files. A second uncounted run lists what the counted run will load, so its
        # files may name a count kept or taken for the other side.
        again = {
            (i, name): pool.submit(_warm_up, children, stages[i], name, count)
            for i, name, count in plan.to_count
        }
        rewarmed = {job: f.result() for job, f in again.items()}
        if any(rewarmed[job].files != warmed[job].files for job in rewarmed):
            plan = _plan(sides, stages, {**warmed, **rewarmed}, reuse)
    futures = {
        (i, name): [
            pool.submit(_callgrind_run, children, valgrind, stages[i], name, count,
                        sides[i].keep if run == 0 else None)
            for run in range(repeat)
        ]
        for i, name, count in plan.to_count
    }  # fmt: skip
    for (i, name), runs in futures.items():
        counted = _median(name, sides[i].counts[name], [run.result() for run in runs])
        plan.counts[i][name] = counted
        keep = sides[i].keep
        if reuse is not None and keep is not None:
            reuse.save(plan.keys[i, name], counted, keep)
    for i, side_reused in enumerate(plan.reused):
        for name, how in side_reused.items():
            if how == SHARED:
                j, same = plan.counter[plan.keys[i, name]]
                plan.counts[i][name] = plan.counts[j][same]
                keep, source = sides[i].keep, sides[j].keep
                assert keep is not None and source is not None
                _copy_profiles(kept_profiles(source, same), kept_profiles(keep, name))
    return Counted(
        [{n: plan.counts[i][n] for n in side.counts} for i, side in enumerate(sides)],
        plan.reused,
        [{n: key for (j, n), key in plan.keys.items() if j == i} for i in range(len(sides))],
    )


def _copy_profiles(source: Profiles, target: Profiles) -> None:
    target.full.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source.full, target.full)
    shutil.copyfile(source.empty, target.empty)


def _median(name: str, count: int, runs: list[_Run]) -> InstructionCount:
    return InstructionCount(
        name,
        count,
        statistics.median_low(run.full for run in runs),
        tuple(run.full for run in runs),
        statistics.median_low(run.half for run in runs),
    )


def spread(runs: Iterable[int]) -> float:
    """(max - min) / min over repeated runs: 0.0 when every run gave the same count."""
    values = list(runs)
    low = min(values)
    return (max(values) - low) / low if low else 0.0
