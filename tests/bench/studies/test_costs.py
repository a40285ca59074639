"""The costs study: its map covers the registry, lines are counted as pygount counts code, and
builds are timed in scratch copies that leave the source untouched."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import threading
import time
from collections.abc import Generator
from pathlib import Path

import process_state
import pytest
from child_python import python_stand_in

import primes
from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw import costs as raw_costs
from bench.raw import layout
from bench.report.sections import costs as costs_section
from bench.studies import builds, costs
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools

# --- The map ---------------------------------------------------------------------------------


def test_every_registered_implementation_is_in_the_costs_map() -> None:
    missing = [impl.name for impl in primes.implementations() if costs.group_of(impl.name) is None]
    assert not missing, (
        f"registered but not in the costs map: {', '.join(missing)}; add each to its group's "
        "`implementations` in GROUPS (bench/studies/costs.py), with the file of its algorithm"
    )


def test_every_registered_implementation_s_files_exist() -> None:
    absent = [
        f"{impl.name}: {path}"
        for impl in primes.implementations()
        if (group := costs.group_of(impl.name)) is not None
        for path in group.implementations[impl.name].files
        if not (REPO / path).is_file()
    ]
    assert not absent, (
        f"the costs map names files that do not exist: {'; '.join(absent)}; correct the paths "
        "in GROUPS (bench/studies/costs.py)"
    )


def test_no_implementation_is_in_two_groups() -> None:
    names = [name for group in costs.GROUPS for name in group.implementations]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_build_s_files_are_in_the_repository() -> None:
    for group in costs.GROUPS:
        if group.build is None or not (REPO / group.build.directory).exists():
            continue  # a distribution another change adds is reported as "not found"
        assert (REPO / group.build.touched).is_file(), group.key
        assert all((REPO / path).exists() for path in group.build.copied), group.key


# --- Counting lines --------------------------------------------------------------------------

RUST = """\
//! Module docs.

use crate::x;

/// Item docs.
pub fn f(a: u32) -> u32 {
    // a comment
    a + 1
}

#[cfg(test)]
mod helpers;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one() {
        assert_eq!(f(1), 2);
    }
}
"""


def test_rust_tests_are_left_out() -> None:
    text, removed = costs.without_rust_tests(RUST)
    assert removed == 2
    assert text.rstrip() == RUST[: RUST.index("#[cfg(test)]")].rstrip()


def _write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return name


def test_code_lines_leave_out_comments_docstrings_and_blank_lines(tmp_path: Path) -> None:
    python = _write(
        tmp_path,
        "m.py",
        '''\
        """Module docstring,
        on two lines."""

        # a comment
        def f(x: int) -> int:
            """Docstring."""
            y = x + 1  # trailing comment: still code

            return y
        ''',
    )
    cython = _write(
        tmp_path,
        "m.pyx",
        """\
        # cython: boundscheck=False
        cdef int g(int n) nogil:
            # comment
            return n * 2
        """,
    )
    rust = _write(tmp_path, "m.rs", RUST)
    # Counted by hand: f's def, `y = …` and `return y`; cdef and return; use, fn and a + 1
    # (to pygount a line of brackets alone, such as `}`, is not code).
    assert costs.count_file(tmp_path, python) == raw_costs.SourceFile("m.py", 3)
    assert costs.count_file(tmp_path, cython) == raw_costs.SourceFile("m.pyx", 2)
    assert costs.count_file(tmp_path, rust) == raw_costs.SourceFile(
        "m.rs", 3, "2 #[cfg(test)] items"
    )


def test_a_missing_file_is_said_to_be_missing(tmp_path: Path) -> None:
    found = costs.count_file(tmp_path, "absent.rs")
    assert (found.code, found.problem) == (None, "not found")


def test_an_expected_implementation_not_yet_written_is_a_row_saying_so(tmp_path: Path) -> None:
    counted = {c.subject: c for c in costs.sources(REPO, {"pure-naive", "made-up-impl"})}
    assert counted["pure-naive"].registered
    assert counted["pure-naive"].code is not None and counted["pure-naive"].code > 0
    assert not counted["rust-naive"].registered  # not in the set given
    assert counted["made-up-impl"].group == raw_costs.UNLISTED
    assert "not in the costs map" in counted["made-up-impl"].note


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ("rustc 1.95.0 (59807616e 2026-04-14)", "1.95.0"),
        ("cc (Debian 12.2.0-14+deb12u1) 12.2.0", "12.2.0"),
        ("something 3.1", "3.1"),
        ("no version here", None),
        (None, None),
    ],
)
def test_versions_are_the_first_version_number(line: str | None, version: str | None) -> None:
    assert costs._version(line) == version


# --- Extensions ------------------------------------------------------------------------------


def test_extension_sizes_are_the_installed_files() -> None:
    site = Path(sysconfig.get_paths()["platlib"])
    (rust,) = site.glob("primes/_lib*.so")
    found = costs.extensions(
        [
            ("rust-naive", "primes._lib", "rust"),
            ("rust-trial", "primes._lib", "rust"),
            ("pure-naive", "primes.naive", "pure"),
            ("gone", "primes.no_such_module", "x"),
        ]
    )
    by_module = {e.module: e for e in found}
    assert by_module["primes._lib"].implementations == ("rust-naive", "rust-trial")
    assert by_module["primes._lib"].bytes == rust.stat().st_size
    stripped = by_module["primes._lib"].without_debug_info
    assert stripped is not None and 0 < stripped <= rust.stat().st_size
    assert by_module["primes.naive"].bytes is None  # Python source: nothing built
    assert by_module["primes.naive"].file == "primes/naive.py"
    assert by_module["primes.no_such_module"].problem == "not installed"


# --- Builds ----------------------------------------------------------------------------------


def _repo(tmp_path: Path, setup: str) -> Path:
    """A git repository holding one setuptools distribution in `pkg/`."""
    repo = tmp_path / "repo"
    (repo / "pkg" / "fake").mkdir(parents=True)
    (repo / "pkg" / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "fake"\nversion = "1.0"\n'
    )
    (repo / "pkg" / "setup.py").write_text(setup)
    (repo / "pkg" / "fake" / "__init__.py").write_text("X = 1\n")
    (repo / ".gitignore").write_text("pkg/ignored.txt\n")
    (repo / "pkg" / "ignored.txt").write_text("build output\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


SPEC = builds.BuildSpec("setuptools", "pkg", ("pkg",), "pkg/fake/__init__.py")


def _state(repo: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in repo.rglob("*") if ".git" not in p.parts}


def _measure(
    repo: Path,
    *,
    cold: int,
    incremental: int,
    spec: builds.BuildSpec = SPEC,
    python: Path = Path(sys.executable),
) -> raw_costs.Build:
    """Times the build of `spec` in `repo` with `python` (this interpreter), reporting nowhere."""
    steps = builds.measure_steps(
        "fake",
        spec,
        repo=repo,
        python=python,
        bin_dir=Path(sys.executable).parent,
        cold=cold,
        incremental=incremental,
        task=NullReporter().task("", 0),
    )
    return builds.in_turns([steps], at_once=1)[0]


@pytest.mark.slow
def test_a_build_is_timed_in_a_copy_and_leaves_the_source_untouched(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "from setuptools import setup\nsetup()\n")
    before = _state(repo)
    found = _measure(repo, cold=1, incremental=1)
    assert found.problem is None
    assert found.cold is not None and len(found.cold.wall) == len(found.cold.cpu) == 1
    assert found.incremental is not None and len(found.incremental.wall) == 1
    assert found.wheel_bytes is not None and found.wheel_bytes > 0
    assert _state(repo) == before
    assert found.command[:4] == ("python", "-m", "pip", "wheel")


#: Stands in for the interpreter: `-m pip wheel ... --wheel-dir DIR .` writes a wheel and logs
#: where it ran and the touched file's modification time, in a few ms instead of pip's second.
FAKE_PIP = """import os, sys
from pathlib import Path
wheels = Path(sys.argv[sys.argv.index("--wheel-dir") + 1])
wheels.mkdir(parents=True, exist_ok=True)
(wheels / "fake-1.0-py3-none-any.whl").write_bytes(b"wheel")
touched = Path("fake/__init__.py").stat().st_mtime_ns
with open({log!r}, "a") as log:
    log.write(f"{{os.getcwd()}} {{touched}}\\n")
"""


def test_each_cold_build_is_a_fresh_copy_and_each_rebuild_follows_a_touch(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path, "")
    log = tmp_path / "builds.log"
    script = tmp_path / "fake_pip.py"
    script.write_text(FAKE_PIP.format(log=str(log)))
    python = python_stand_in(tmp_path / "python", script)
    found = _measure(repo, cold=2, incremental=3, python=python)
    assert found.problem is None
    assert found.cold is not None and len(found.cold.wall) == len(found.cold.cpu) == 2
    assert found.incremental is not None and len(found.incremental.cpu) == 3
    assert found.wheel_bytes == len(b"wheel")
    builds_run = [line.rsplit(" ", 1) for line in log.read_text().splitlines()]
    folders = [folder for folder, _ in builds_run]
    touched = [int(mtime) for _, mtime in builds_run]
    assert len(builds_run) == 5
    assert folders[0] != folders[1] == folders[2] == folders[3] == folders[4]
    assert touched[1] < touched[2] < touched[3] < touched[4]


def test_the_copy_leaves_out_what_git_ignores(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "")
    builds._copy(repo, ("pkg",), tmp_path / "copy")
    copied = sorted(str(p.relative_to(tmp_path / "copy")) for p in (tmp_path / "copy").rglob("*"))
    assert copied == [
        "pkg",
        "pkg/fake",
        "pkg/fake/__init__.py",
        "pkg/pyproject.toml",
        "pkg/setup.py",
    ]


@pytest.mark.slow
def test_a_failed_build_is_recorded_with_its_reason_and_no_figures(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "raise SystemExit('error: this build is broken on purpose')\n")
    found = _measure(repo, cold=2, incremental=1)
    assert (found.cold, found.incremental, found.wheel_bytes) == (None, None, None)
    assert found.problem is not None
    assert found.problem.startswith("build failed: exit status 1: ")
    assert "broken on purpose" in found.problem
    assert str(tmp_path) not in found.problem


def test_a_distribution_not_in_the_checkout_is_not_found(tmp_path: Path) -> None:
    found = _measure(
        tmp_path,
        cold=1,
        incremental=1,
        spec=builds.BuildSpec("t", "alternatives", ("alternatives",), "alternatives/setup.py"),
    )
    assert found.problem == "not found: alternatives is not in this checkout"


def test_the_reason_is_the_backend_s_first_error() -> None:
    output = "\n".join(
        [
            "  Preparing metadata (pyproject.toml): finished with status 'error'",
            "  error: subprocess-exited-with-error",
            "  ╰─> [3 lines of output]",
            "      error[E0425]: cannot find value `x` in this scope",
            "      error: could not compile `primes-core` (lib) due to 1 previous error",
            "      [end of output]",
            "error: metadata-generation-failed",
        ]
    )
    assert builds.reason(output) == "error[E0425]: cannot find value `x` in this scope"


def test_the_reason_is_the_line_that_names_the_error() -> None:
    output = "\n".join(
        [
            "building...",
            "error: linking with `cc` failed: exit status: 1",
            "  error: subprocess-exited-with-error",
            "note: This error originates from a subprocess, and is likely not a problem with pip.",
        ]
    )
    assert builds.reason(output) == "error: linking with `cc` failed: exit status: 1"
    assert builds.reason("just one line\n") == "just one line"
    assert builds.reason("") == "(no output)"


# --- The study -------------------------------------------------------------------------------


def test_a_quick_run_counts_and_sizes_but_does_not_build(tmp_path: Path) -> None:
    config = RunConfig(
        implementations=("pure-naive", "rust-naive"),
        quick=True,
        studies=(layout.COSTS,),
        tools=Tools(Path(sys.executable), Path(sys.executable).parent, Path("/nonexistent")),
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    checker = Checker(Path(sys.executable), cwd=REPO)
    record = costs.STUDY.run(StudyContext(config, raw, tmp_path, checker, NullReporter()))
    assert record.files == [layout.COSTS_JSON]
    data = raw_costs.read(raw / layout.COSTS_JSON)
    assert data.quick
    assert {b.group for b in data.builds} == {g.key for g in costs.GROUPS if g.build}
    assert all(b.problem == costs.QUICK_REASON and b.cold is None for b in data.builds)
    assert {s.subject for s in data.sources} >= {i.name for i in primes.implementations()}
    assert data.counter.startswith("pygount ")


_BURN = (
    "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"
)


def _burner(seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", _BURN.format(seconds=seconds)])


def test_a_build_s_cpu_time_is_its_own_while_another_build_runs() -> None:
    # Builds run two at a time: the other build's processes, ending while this one runs,
    # must not count (the whole process's RUSAGE_CHILDREN would add them).
    other = _burner(0.15)
    this = _burner(0.3)
    assert other.wait(timeout=60) == 0
    status, usage = builds._reap(this, time.perf_counter() + 60)
    assert status == 0
    # Its own 0.3 s and its interpreter's start (about 0.02 s); with the other's, 0.47 or more.
    assert 0.28 <= usage.ru_utime + usage.ru_stime < 0.43


def test_a_build_past_its_deadline_is_stopped() -> None:
    child = _burner(60)
    status, _ = builds._reap(child, time.perf_counter() + 0.2)
    assert status is None
    assert child.returncode is not None and child.returncode < 0  # killed, and reaped


def test_the_report_says_when_builds_shared_the_machine() -> None:
    assert costs_section._at_once(1) == ""
    assert costs_section._at_once(2).startswith("The builds ran 2 at a time")
    assert "a CPU time is the build's own" in costs_section._at_once(2)


def test_stopping_the_builds_kills_those_under_way_and_starts_no_more() -> None:
    running = builds.Running()
    child = running.start([sys.executable, "-c", _BURN.format(seconds=60)])
    running.stop()
    status, _ = builds._reap(child, time.perf_counter() + 30)
    assert status is not None and status < 0  # killed long before its minute
    with pytest.raises(builds.BuildFailed, match="stopped before it started"):
        running.start([sys.executable, "-c", "pass"])


def _job(
    name: str,
    steps: int,
    log: list[str],
    busy: list[int],
    lock: threading.Lock,
    together: threading.Barrier | None = None,
) -> Generator[None, None, raw_costs.Build]:
    """A distribution's builds as `measure_steps` runs them: `steps` builds, a pause after each
    (the first build waits at `together` for another job's)."""
    for step in range(steps):
        with lock:
            busy[0] += 1
            busy[1] = max(busy[1], busy[0])
            log.append(f"{name}{step}")
        if together is not None and step == 0:
            together.wait(timeout=30)
        time.sleep(0.01)
        with lock:
            busy[0] -= 1
        yield
    spec = builds.BuildSpec(name, name, (name,), f"{name}/x")
    return builds.record(name, spec, problem=f"{steps} steps")


def test_the_distributions_take_turns_build_by_build_and_come_back_in_order() -> None:
    log: list[str] = []
    busy, lock = [0, 0], threading.Lock()
    jobs = [_job(n, s, log, busy, lock) for n, s in (("cython", 2), ("rust", 2), ("alt", 1))]
    found = builds.in_turns(jobs, at_once=1)
    # A rebuild waits behind the other distributions' cold builds instead of holding a lane.
    assert log == ["cython0", "rust0", "alt0", "cython1", "rust1"]
    assert [b.problem for b in found] == ["2 steps", "2 steps", "1 steps"]
    assert busy[1] == 1

    log.clear()
    busy[:] = [0, 0]
    # The first two cold builds run at once: each waits for the other (a third lane would not).
    together = threading.Barrier(2)
    jobs = [
        _job(n, s, log, busy, lock, together if n != "alt" else None)
        for n, s in (("cython", 2), ("rust", 2), ("alt", 2))
    ]
    found = builds.in_turns(jobs, at_once=2)
    assert [b.group for b in found] == ["cython", "rust", "alt"]
    assert sorted(log) == ["alt0", "alt1", "cython0", "cython1", "rust0", "rust1"]
    for name in ("cython", "rust", "alt"):
        assert log.index(f"{name}0") < log.index(f"{name}1")
    assert busy[1] == 2  # two at once, never three


_PARENT = """
import subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(grandchild.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("how", ["stopped", "past its deadline"])
def test_a_killed_build_takes_what_it_started_with_it(how: str, tmp_path: Path) -> None:
    # pip's build backend and its compilers are pip's children: killing pip alone left them
    # running, orphaned, after a Ctrl-C.
    out = tmp_path / "out"
    running = builds.Running()
    with out.open("wb") as sink:
        child = running.start([sys.executable, "-c", _PARENT], stdout=sink)
        assert process_state.wait_for(lambda: out.read_text().strip() != "", 30)
        grandchild = int(out.read_text())
        if how == "stopped":
            running.stop()
            status, _ = builds._reap(child, time.perf_counter() + 30)
        else:
            status, _ = builds._reap(child, time.perf_counter() + 0.2)
    assert status is None or status < 0
    assert process_state.wait_for(lambda: not process_state.alive(grandchild), 5)
