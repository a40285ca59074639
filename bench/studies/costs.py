"""What each choice costs besides speed: source lines (counted by pygount), cold and incremental
build time of each extension, the size of each built extension, and the toolchain each needs.

`GROUPS` is the map from implementations to their source files: a group is a family that shares
code, a build and a toolchain (a language, or a distribution of alternatives). Adding an
implementation is one line in its group; adding a distribution to build is one group with a
`BuildSpec`. A registered implementation missing from the map fails a test, and a run lists it
as "not in the costs map" rather than leaving it out.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import re
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.environment import first_line
from bench.progress import Task
from bench.raw import layout
from bench.raw.costs import (
    UNLISTED,
    Build,
    CostsFile,
    Extension,
    Group,
    SourceCount,
    SourceFile,
    Tool,
)
from bench.raw.manifest import StudyRecord
from bench.studies.base import StudyContext
from bench.studies.builds import BuildSpec, Running, in_turns, measure_steps, record
from bench.timers.threads import usable_cpus

#: How files are assigned to rows; the report quotes it.
RULE = (
    "an implementation's row counts its algorithm's own file (Rust's without its "
    "`#[cfg(test)]` tests), and what a group's implementations share (argument checks, the "
    "PyO3 binding, Cython's `_shared.pxd`, type stubs, the build script) is counted once, in "
    "the group's row; build settings (`Cargo.toml`, `pyproject.toml`) are not counted"
)

QUICK_REASON = "not measured in a quick run (make bench measures it)"

#: (version, problem) of a tool on this machine.
Probe = Callable[[], tuple[str | None, str | None]]


@dataclass(frozen=True)
class Own:
    """An implementation's own files (relative to the repository root)."""

    files: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class ToolSpec:
    name: str
    probe: Probe


@dataclass(frozen=True)
class GroupSpec:
    key: str
    title: str
    implementations: Mapping[str, Own]
    #: Files every implementation of the group uses; shell patterns allowed (`*.pyi`).
    shared: tuple[str, ...] = ()
    build: BuildSpec | None = None
    tools: tuple[ToolSpec, ...] = ()
    note: str = ""


def _version(text: str | None) -> str | None:
    """The first version number in a tool's `--version` line: "rustc 1.95.0 (…)" -> "1.95.0"."""
    found = re.search(r"\d+\.\d+(?:\.\d+)?", text or "")
    return found.group(0) if found else None


def _command(*argv: str) -> Probe:
    def probe() -> tuple[str | None, str | None]:
        version = _version(first_line(list(argv)))
        return (version, None) if version else (None, f"`{' '.join(argv)}` found no version")

    return probe


def _package(name: str) -> Probe:
    def probe() -> tuple[str | None, str | None]:
        try:
            return importlib.metadata.version(name), None
        except importlib.metadata.PackageNotFoundError:
            return None, f"{name} is not installed in the venv"

    return probe


def _c_compiler() -> tuple[str | None, str | None]:
    """The compiler setuptools uses for extensions (CPython's CC), as `gcc 12.2.0`."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    line = first_line([*compiler, "--version"])
    version = _version(line)
    if version is None:
        return None, f"`{' '.join(compiler)} --version` found no version"
    name = "clang" if "clang" in (line or "") else Path(compiler[0]).name
    return f"{name} {version}", None


def _python() -> tuple[str | None, str | None]:
    return sys.version.split()[0], None


PYTHON = ToolSpec("Python", _python)
C_COMPILER = ToolSpec("C compiler", _c_compiler)
CYTHON = ToolSpec("Cython", _package("Cython"))
SETUPTOOLS = ToolSpec("setuptools", _package("setuptools"))

GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "pure",
        "pure Python",
        {
            "pure-naive": Own(("pure/primes/naive.py",)),
            "pure-trial": Own(("pure/primes/trial.py",)),
            "pure-sieve": Own(("pure/primes/sieve.py",)),
        },
        shared=("pure/primes/contract.py",),
        tools=(PYTHON,),
    ),
    GroupSpec(
        "cython",
        "Cython",
        {
            "cython-naive": Own(("cython/src/primes_cython/naive.pyx",)),
            "cython-trial": Own(("cython/src/primes_cython/trial.pyx",)),
            "cython-sieve": Own(("cython/src/primes_cython/sieve.pyx",)),
            "cython-wheel": Own(("cython/src/primes_cython/wheel.pyx",)),
        },
        shared=(
            "cython/src/primes_cython/_shared.pxd",
            "cython/src/primes_cython/*.pyi",
            "cython/setup.py",
        ),
        build=BuildSpec(
            "setuptools + Cython", "cython", ("cython",), "cython/src/primes_cython/naive.pyx"
        ),
        tools=(C_COMPILER, CYTHON, SETUPTOOLS),
    ),
    GroupSpec(
        "rust",
        "Rust",
        {
            "rust-naive": Own(("rust/core/src/naive.rs",)),
            "rust-naive-simd": Own(("rust/core/src/naive_simd.rs",)),
            "rust-trial": Own(("rust/core/src/trial.rs",)),
            "rust-sieve": Own(("rust/core/src/sieve.rs",)),
            "rust-wheel": Own(("rust/core/src/wheel.rs",)),
        },
        shared=(
            "rust/core/src/lib.rs",
            "rust/core/src/error.rs",
            "rust/binding/src/lib.rs",
            "pure/primes/_lib.pyi",
        ),
        build=BuildSpec(
            "maturin",
            ".",
            ("Cargo.toml", "Cargo.lock", "pyproject.toml", "README.md", "rust", "pure"),
            "rust/core/src/naive.rs",
        ),
        tools=(
            ToolSpec("rustc", _command("rustc", "--version")),
            ToolSpec("cargo", _command("cargo", "--version")),
            ToolSpec("maturin", _package("maturin")),
        ),
    ),
    GroupSpec(
        "alternatives",
        "mypyc, untyped Cython",
        {
            "mypyc-naive": Own(("pure/primes/naive.py",), "`pure-naive`'s file, compiled as it is"),
            "cython-untyped-naive": Own(
                ("pure/primes/naive.py",), "`pure-naive`'s file, compiled as it is"
            ),
        },
        shared=("alternatives/setup.py", "alternatives/src/primes_alternatives/compiled.py"),
        build=BuildSpec(
            "mypyc + Cython", "alternatives", ("alternatives", "pure"), "pure/primes/naive.py"
        ),
        tools=(ToolSpec("mypy (mypyc)", _package("mypy")), C_COMPILER, CYTHON, SETUPTOOLS),
    ),
    GroupSpec(
        "numba",
        "numba",
        {"numba-naive": Own(("alternatives/src/primes_alternatives/numba_naive.py",))},
        tools=(ToolSpec("numba", _package("numba")), ToolSpec("llvmlite", _package("llvmlite"))),
        note="nothing to build ahead: numba compiles at the first call and caches it on disk",
    ),
    GroupSpec(
        "numpy",
        "NumPy",
        {"numpy-sieve": Own(("pure/primes/peers/numpy_sieve.py",))},
        tools=(ToolSpec("numpy", _package("numpy")),),
    ),
    GroupSpec(
        "primesieve",
        "primesieve",
        {"primesieve": Own(("pure/primes/peers/primesieve.py",), "a wrapper of a C++ library")},
        tools=(ToolSpec("primesieve", _package("primesieve")),),
        note="the C++ library's own code is not counted; it builds against libprimesieve-dev",
    ),
)


def group_of(name: str) -> GroupSpec | None:
    return next((group for group in GROUPS if name in group.implementations), None)


def _group_key(name: str) -> str:
    group = group_of(name)
    return group.key if group is not None else UNLISTED


# --- Source lines -------------------------------------------------------------------------

_CFG_TEST = re.compile(r"^\s*#\[cfg\(test\)\]\s*$")


def without_rust_tests(text: str) -> tuple[str, int]:
    """`text` without its `#[cfg(test)]` items (a `mod tests { … }`, a `mod x;`), and how
    many there were. Braces are counted per line: enough for rustfmt-formatted code whose
    test modules hold no unbalanced brace in a string."""
    kept: list[str] = []
    lines = text.splitlines(keepends=True)
    removed = 0
    index = 0
    while index < len(lines):
        if not _CFG_TEST.match(lines[index]):
            kept.append(lines[index])
            index += 1
            continue
        removed += 1
        index += 1
        depth = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            depth += line.count("{") - line.count("}")
            if depth <= 0 and (line.rstrip().endswith(("}", ";"))):
                break
    return "".join(kept), removed


def count_file(repo: Path, relative: str) -> SourceFile:
    """pygount's code lines of one file: not comments, docstrings or blank lines."""
    import pygount  # type: ignore[import-untyped]  # no type information; imported here, not
    # at the top: the report imports this package without the study's tools

    path = repo / relative
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SourceFile(relative, problem="not found")
    except (OSError, UnicodeDecodeError) as err:
        return SourceFile(relative, problem=f"cannot read: {err}")
    left_out = ""
    if path.suffix == ".rs":
        text, removed = without_rust_tests(text)
        left_out = f"{removed} #[cfg(test)] item{'s' * (removed != 1)}" if removed else ""
    analysis = pygount.SourceAnalysis.from_file(
        str(path), "costs", encoding="utf-8", file_handle=io.StringIO(text)
    )
    if analysis.state != pygount.SourceState.analyzed:
        detail = f" ({analysis.state_info})" if analysis.state_info else ""
        return SourceFile(relative, problem=f"pygount: {analysis.state.name}{detail}")
    return SourceFile(relative, analysis.code_count, left_out)


def _expand(repo: Path, patterns: tuple[str, ...]) -> list[str]:
    """Patterns as the files they match (sorted); a plain path is kept even when absent."""
    found: list[str] = []
    for pattern in patterns:
        if any(char in pattern for char in "*?["):
            found += sorted(str(p.relative_to(repo)) for p in repo.glob(pattern) if p.is_file())
        else:
            found.append(pattern)
    return found


def sources(repo: Path, registered: set[str]) -> list[SourceCount]:
    counted: list[SourceCount] = []
    for group in GROUPS:
        if group.shared:
            files = tuple(count_file(repo, path) for path in _expand(repo, group.shared))
            counted.append(SourceCount(group.key, "shared", group.key, files))
        for name, own in group.implementations.items():
            files = tuple(count_file(repo, path) for path in own.files)
            counted.append(
                SourceCount(name, "implementation", group.key, files, name in registered, own.note)
            )
    for name in sorted(registered - {n for g in GROUPS for n in g.implementations}):
        counted.append(
            SourceCount(
                name,
                "implementation",
                UNLISTED,
                note="not in the costs map (`GROUPS` in bench/studies/costs.py)",
            )
        )
    return counted


# --- Built extensions ----------------------------------------------------------------------


def extensions(names: list[tuple[str, str, str]]) -> list[Extension]:
    """The installed file of each (implementation, module, group), one entry per module."""
    modules: dict[str, tuple[str, list[str]]] = {}
    for name, module, group in names:
        modules.setdefault(module, (group, []))[1].append(name)
    return [_extension(module, group, tuple(impls)) for module, (group, impls) in modules.items()]


def _extension(module: str, group: str, implementations: tuple[str, ...]) -> Extension:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as err:
        return Extension(module, group, implementations, problem=f"not installed: {err}")
    if spec is None or spec.origin is None:
        return Extension(module, group, implementations, problem="not installed")
    origin = Path(spec.origin)
    shown = "/".join([*module.split(".")[:-1], origin.name])
    if origin.suffix != ".so":  # Python source: nothing was built
        return Extension(module, group, implementations, shown)
    size = origin.stat().st_size
    stripped, problem = _without_debug_info(origin)
    return Extension(module, group, implementations, shown, size, stripped, problem)


def _without_debug_info(path: Path) -> tuple[int | None, str | None]:
    """The size of `path` after `strip --strip-debug` (into a scratch copy)."""
    with tempfile.TemporaryDirectory(prefix="bench-costs-strip-") as scratch:
        out = Path(scratch) / path.name
        try:
            done = subprocess.run(
                ["strip", "--strip-debug", "-o", str(out), str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            return None, "strip (binutils) is not installed: size without debug info not measured"
        if done.returncode != 0:
            return None, f"strip --strip-debug failed: {done.stderr.strip()[:200]}"
        return out.stat().st_size, None


# --- The study -------------------------------------------------------------------------------


def groups(registered: set[str]) -> list[Group]:
    found = [
        Group(
            spec.key,
            spec.title,
            tuple(spec.implementations),
            tuple(Tool(tool.name, *tool.probe()) for tool in spec.tools),
            spec.note,
        )
        for spec in GROUPS
    ]
    unlisted = tuple(sorted(registered - {n for g in GROUPS for n in g.implementations}))
    if unlisted:
        found.append(Group(UNLISTED, "not in the costs map", unlisted))
    return found


def _builds(
    ctx: StudyContext, study: StudyRecord, task: Task, builds: list[tuple[str, BuildSpec]]
) -> tuple[list[Build], int]:
    """Each distribution's builds as the plan asks (none in a quick run), and how many ran at
    once."""
    repeats = ctx.config.plan.cost_builds
    if repeats is None:
        return [record(key, spec, problem=QUICK_REASON) for key, spec in builds], 1
    at_once = max(1, min(repeats.at_once, len(usable_cpus())))
    running = Running()
    # GROUPS lists the longest build (Cython's) first; the others' builds take turns beside it.
    jobs = [
        measure_steps(
            key,
            spec,
            repo=ctx.config.tools.repo,
            python=ctx.config.tools.python,
            bin_dir=ctx.config.tools.bin,
            cold=repeats.cold,
            incremental=repeats.incremental,
            task=task,
            running=running,
        )
        for key, spec in builds
    ]
    found = in_turns(jobs, at_once=at_once, running=running)
    for done in found:
        if done.problem:
            study.notes.append(f"{done.title} build: {done.problem}")
            ctx.reporter.log(f"[yellow]{done.title} build:[/yellow] {done.problem}")
            # The steps of a build that did not happen, so the bar ends full.
            timed = [t for t in (done.cold, done.incremental) if t is not None]
            task.advance(repeats.total - sum(len(t.wall) for t in timed))
    return found, at_once


class CostsStudy:
    name = layout.COSTS
    title = "What each choice costs besides speed"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes

        study = StudyRecord(self.name, self.title)
        repo = ctx.config.tools.repo
        registered = {impl.name: impl for impl in primes.implementations()}
        builds = [(g.key, g.build) for g in GROUPS if g.build is not None]
        repeats = ctx.config.plan.cost_builds
        steps = 2 + (len(builds) * repeats.total if repeats else 0)
        task = ctx.task(self.title, total=steps)
        task.status("source lines (pygount)")
        counted = sources(repo, set(registered))
        task.advance()
        task.status("extension sizes, toolchain versions")
        installed = extensions(
            [(name, impl.module, _group_key(name)) for name, impl in registered.items()]
        )
        found_groups = groups(set(registered))
        task.advance()
        built, at_once = _builds(ctx, study, task, builds)
        path = CostsFile(
            quick=ctx.config.quick,
            counter=f"pygount {importlib.metadata.version('pygount')}",
            rule=RULE,
            groups=tuple(found_groups),
            sources=tuple(counted),
            builds=tuple(built),
            extensions=tuple(installed),
            builds_at_once=at_once,
        ).write(ctx.raw)
        study.files.append(str(path.relative_to(ctx.raw)))
        return study


STUDY = CostsStudy()
