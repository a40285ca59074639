"""Where things are: the repository and the folders the harness reads and writes.

The one place the repository root is computed; everything else asks here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "results"
#: The published run: the one README's verdict and the demo quote. Changed only by
#: `make publish` (`python -m bench.run.publish`), never by a run.
REFERENCE = RESULTS / "reference"
#: Where a full run writes: one directory per machine (`bench.run.machine.slug`), git-ignored.
MACHINES = RESULTS / "machines"
#: Other machines' runs, committed to be compared with the reference (`make publish BESIDE=1`):
#: one directory per machine, as under MACHINES. They never change README's verdict.
BESIDE = RESULTS / "beside"
#: Where a partial run writes without --out (git-ignored; `make bench-quick` writes here too).
SCRATCH = RESULTS / "scratch"
#: Tools the Makefile installs into the repository (the pinned hyperfine).
TOOLS_BIN = REPO / ".tools" / "bin"
HYPERFINE = TOOLS_BIN / "hyperfine"
#: Build output outside the Python packages (the C yardstick).
TARGET = REPO / "target"


def relative_to_repo(path: Path, repo: Path = REPO) -> Path:
    """`path` relative to `repo` when it lies inside it, else `path` unchanged.

    A command run from the repository root names its program this way (`.venv/bin/primes`, as
    the slides do), so the raw files it is recorded in do not say where this clone lives. The
    last part is not resolved: a venv's `python` is a symlink out of the repository.
    """
    for candidate in (path, path.parent.resolve() / path.name):
        if candidate.is_relative_to(repo):
            return candidate.relative_to(repo)
    return path


def shown(path: Path, repo: Path = REPO) -> str:
    """`path` as a raw file records it: relative inside the repository, `~/...` under the home
    directory, otherwise as it is (`/usr/bin/python3` says nothing about this machine)."""
    inside = relative_to_repo(path, repo)
    if inside is not path:
        return str(inside)
    home = Path.home()
    if home != Path("/") and path.is_relative_to(home):
        return f"~/{path.relative_to(home)}"
    return str(path)


def without_repo(text: str, repo: Path = REPO) -> str:
    """`text` (a tool's log line, a recorded command line) with the repository's absolute path
    taken out: `/…/clone/.venv/bin/python` becomes `.venv/bin/python`, the root itself `.`."""
    # Not inside a longer path that contains it (`/home/work/main`, `/work/main2`).
    root = r"(?<![\w./-])" + re.escape(str(repo))
    return re.sub(root + r"(?![\w.-])", ".", re.sub(root + "/", "", text))


# A machine's slug (`amd-epyc-2c-linux-x86_64-py3.11`) names its directory under MACHINES, so a
# run on another machine (or with fewer cores, or under another Python) never lands on top of
# this one's, and names its column when runs are compared. It is made of what the figures
# depend on: the CPU model, the cores the run could use (`taskset -c 0` makes a one-core
# machine), the operating system, the architecture and the Python (implementation, minor
# version), all as `environment.json` records them.

#: Words in CPU brand strings that say nothing about which CPU it is.
_NOISE = re.compile(
    r"\((?:r|tm|c)\)|\b(?:cpu|processor|with radeon graphics|\d+-core)\b|@.*$", re.IGNORECASE
)
_OS = {"darwin": "macos"}
_LONGEST_CPU = 40


def _word(text: str) -> str:
    """Lower-case letters, digits, dots, underscores and single hyphens."""
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-._") or "unknown"


def cpu_slug(model: str | None) -> str:
    """`Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz` -> `intel-xeon-gold-6148`."""
    if not model:
        return "unknown-cpu"
    slug = _word(_NOISE.sub(" ", model))
    return slug[:_LONGEST_CPU].rstrip("-.")


#: x86-64's micro-architecture levels (the psABI's), by the recorded flag that first needs them:
#: a virtual machine's CPU is often named only "AMD EPYC", whichever generation it runs on, and
#: the compiled code's speed depends on the level (rust-naive-simd's vector width).
_X86_LEVELS = (("avx512f", "v4"), ("avx2", "v3"), ("sse4_2", "v2"))


def isa_level(cpu: dict[str, Any]) -> str | None:
    """`x86_64-v3` for an x86-64 CPU whose recorded flags include AVX2 (not AVX-512); None
    where no flags were recorded or the machine is not x86-64."""
    machine, flags = cpu.get("machine"), cpu.get("flags_of_interest")
    if machine not in ("x86_64", "AMD64") or not flags:
        return None
    level = next((level for flag, level in _X86_LEVELS if flag in flags), "v1")
    return f"x86_64-{level}"


def python_slug(version: str | None, implementation: str | None = None) -> str:
    """`3.11.7` -> `py3.11`; another implementation than CPython is named (`pypy3.10`)."""
    if not version:
        return "unknown-python"
    minor = ".".join(version.split(".")[:2])
    prefix = "py" if implementation in (None, "CPython") else _word(implementation)
    return f"{prefix}{minor}"


def machine_slug(environment: dict[str, Any]) -> str:
    """The machine's slug from an `environment.json`'s contents (what is missing is `unknown`)."""
    cpu = environment.get("cpu") or {}
    system = str((environment.get("os") or {}).get("system") or "unknown")
    toolchain = environment.get("toolchain") or {}
    cores = cpu.get("usable_cores") or cpu.get("logical_cores")
    parts = [
        cpu_slug(cpu.get("model")),
        f"{cores}c" if cores else "unknown-cores",
        _OS.get(system.lower(), _word(system)),
        _word(isa_level(cpu) or str(cpu.get("machine") or "unknown")),
        python_slug(toolchain.get("python"), toolchain.get("python_implementation")),
    ]
    return "-".join(parts)


def stand_in(environment: dict[str, Any]) -> str | None:
    """For a run restricted to fewer cores than its machine has (`taskset -c 0`), what it stands
    in for: `one core of amd-epyc-2c-linux-x86_64-py3.11 (taskset), a stand-in for a second
    machine`; None for a run that could use every core (or did not record both counts)."""
    cpu = environment.get("cpu") or {}
    usable, logical = cpu.get("usable_cores"), cpu.get("logical_cores")
    if not usable or not logical or usable >= logical:
        return None
    whole = machine_slug({**environment, "cpu": {**cpu, "usable_cores": logical}})
    cores = "one core" if usable == 1 else f"{usable} cores"
    return f"{cores} of {whole} (taskset), a stand-in for a second machine"


def machine_label(environment: dict[str, Any]) -> str:
    """The machine in words, for a report's reader: its CPU, cores, system and Python (what was
    recorded of them), or what it stands in for (`stand_in`)."""
    restricted = stand_in(environment)
    if restricted:
        return restricted
    cpu = environment.get("cpu") or {}
    system = (environment.get("os") or {}).get("system")
    python = (environment.get("toolchain") or {}).get("python")
    cores = cpu.get("usable_cores") or cpu.get("logical_cores")
    parts = [
        cpu.get("model"),
        f"{cores} cores" if cores else None,
        " ".join(str(part) for part in (system, isa_level(cpu) or cpu.get("machine")) if part),
        f"Python {python}" if python else None,
    ]
    return ", ".join(str(part) for part in parts if part) or "an unknown machine"
