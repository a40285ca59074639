"""The Makefile in a checkout whose path has a space, and the interpreter .venv was made with.

Each test copies the Makefile, with empty stand-ins for the files its rules name, to
`with space/p` under tmp_path and runs make there: `make help`, dry runs (`make -n`), and the one
rule that makes .venv (`python -m venv --without-pip`, under a second) — never pip, cargo or a
build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.paths import REPO

MAKE = shutil.which("make")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(MAKE is None, reason="make is not on PATH")]

#: Files the rules name as prerequisites, and the folders the Makefile searches for sources.
STAND_INS = [
    "Cargo.toml",
    "Cargo.lock",
    "pyproject.toml",
    "requirements/dev.lock",
    "requirements/installer.lock",
    "bench/timers/c_ref/naive.c",
    "bench/timers/c_ref/naive.h",
    "pure/primes/naive.py",
    "pure/primes/contract.py",
]
SOURCE_FOLDERS = ["rust", "pure", "cython", "alternatives"]
#: What the outer make (`make test`) and the caller's shell must not pass on to the make under test.
INHERITED = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES", "PYTHON", "VIRTUAL_ENV"}
STAMP = Path(".venv/.python")
#: This interpreter, as the Makefile identifies one: real path and version.
IDENTITY = f"{os.path.realpath(sys.executable)} {sys.version.split()[0]}"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "with space" / "p"
    root.mkdir(parents=True)
    shutil.copy(REPO / "Makefile", root / "Makefile")
    for folder in SOURCE_FOLDERS:
        (root / folder).mkdir()
    for name in STAND_INS:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).touch()
    return root


def make(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    assert MAKE is not None
    clean = {k: v for k, v in os.environ.items() if k not in INHERITED}
    return subprocess.run(
        [MAKE, "--no-print-directory", *args],
        cwd=root,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def written_beside(root: Path) -> list[str]:
    """Anything the run created next to the checkout (a path split at its space lands there)."""
    above = root.parent.parent
    return sorted(str(p.relative_to(above)) for p in above.rglob("*") if root not in p.parents)


def test_help_is_the_same_from_a_path_with_a_space(checkout: Path) -> None:
    here = make(checkout, "help")
    assert here.returncode == 0, here.stderr
    assert here.stderr == ""
    assert here.stdout == make(REPO, "help").stdout


def test_a_dry_run_of_every_target_quotes_the_checkouts_path(checkout: Path) -> None:
    targets = [line.split()[0] for line in make(checkout, "help").stdout.splitlines()]
    assert {"venv", "build", "test", "bench", "perf-check", "c-ref", "hyperfine"} <= set(targets)
    done = make(checkout, "-n", *targets, f"PYTHON={sys.executable}")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no "overriding recipe", no circular dependency, no shell error
    path = str(checkout)
    pieces = done.stdout.split(path)
    assert len(pieces) > 1, "the dry run should name the checkout's absolute path somewhere"
    unquoted = [line for line in pieces[:-1] if not line.endswith('"')]
    assert unquoted == [], f"{path} unquoted after: {unquoted}"
    assert written_beside(checkout) == ["with space", "with space/p"]
    assert not (checkout / ".venv").exists()
    assert not (checkout / "space").exists()


@pytest.mark.parametrize("given", ["command line", "environment"])
def test_a_python_that_does_not_exist_stops_make_with_one_line(checkout: Path, given: str) -> None:
    wrong = "python3.99-no-such-interpreter"
    if given == "command line":
        done = make(checkout, "venv", f"PYTHON={wrong}")
    else:
        done = make(checkout, "venv", env={"PYTHON": wrong})
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"PYTHON={wrong} is not found" in lines[0]
    assert "Python 3.11+" in lines[0]
    assert not (checkout / ".venv").exists()


def test_a_python_that_does_not_run_stops_make_with_one_line(checkout: Path) -> None:
    false = shutil.which("false")
    assert false is not None
    done = make(checkout, "venv", f"PYTHON={false}")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"PYTHON={false} does not run" in lines[0]


def test_the_venv_records_its_interpreter_and_another_one_remakes_it(checkout: Path) -> None:
    python = f"PYTHON={sys.executable}"
    stamp = checkout / STAMP
    made = make(checkout, str(STAMP), python)
    assert made.returncode == 0, made.stderr
    assert (checkout / ".venv/bin/python").exists()
    assert stamp.read_text() == IDENTITY + "\n"

    # The same interpreter again: nothing is made, the record keeps its time.
    before = stamp.stat().st_mtime_ns
    again = make(checkout, str(STAMP), python)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert stamp.stat().st_mtime_ns == before

    # PYTHON unset keeps whatever .venv exists, whoever made it.
    stamp.write_text("/elsewhere/bin/python3.11 3.11.0\n")
    kept = make(checkout, str(STAMP))
    assert (kept.returncode, kept.stderr) == (0, "")
    assert stamp.read_text() == "/elsewhere/bin/python3.11 3.11.0\n"

    # PYTHON naming another interpreter says so and makes .venv again with it.
    remade = make(checkout, str(STAMP), python)
    assert remade.returncode == 0, remade.stderr
    assert (
        "make: .venv was made with /elsewhere/bin/python3.11 (3.11.0), "
        f"but PYTHON={sys.executable} is {os.path.realpath(sys.executable)} "
        f"({sys.version.split()[0]}): recreating .venv with it"
    ) in remade.stderr
    assert stamp.read_text() == IDENTITY + "\n"
    assert stamp.stat().st_mtime_ns > before

    # A .venv from before the record gets one from its own interpreter, dated like .venv, so
    # nothing that depends on it is rebuilt.
    stamp.unlink()
    legacy = make(checkout, str(STAMP))
    assert (legacy.returncode, legacy.stderr) == (0, "")
    assert stamp.read_text() == IDENTITY + "\n"
    assert stamp.stat().st_mtime_ns == (checkout / ".venv/pyvenv.cfg").stat().st_mtime_ns
    assert written_beside(checkout) == ["with space", "with space/p"]


def test_a_venv_without_a_working_interpreter_is_made_again(checkout: Path) -> None:
    (checkout / ".venv/bin").mkdir(parents=True)
    (checkout / ".venv/bin/python").symlink_to(checkout / "no-such-python")
    done = make(checkout, str(STAMP), f"PYTHON={sys.executable}")
    assert done.returncode == 0, done.stderr
    assert "make: .venv has no working interpreter: recreating it" in done.stderr
    assert (checkout / STAMP).read_text() == IDENTITY + "\n"
