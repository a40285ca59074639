"""A base build's venv starts with hard links to the head's installed copy of each dependency
the base pins at the same version, and nothing else."""

from __future__ import annotations

import ensurepip
import importlib
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from bench.gate import base_build, shared_venv

in_a_venv = pytest.mark.skipif(
    sys.prefix == sys.base_prefix, reason="the tests run outside a venv: nothing to share"
)


def test_the_lock_pins_are_read_by_canonical_name() -> None:
    lock = (
        "# comment\n"
        "Py_CPUInfo2==9.0.0 \\\n"
        "    --hash=sha256:00\n"
        "    # via -r requirements/dev.in\n"
        "rich==15.0.0 ; python_version >= '3.8' \\\n"
        "    --hash=sha256:11\n"
    )
    assert shared_venv._PIN.findall(lock) == [("Py_CPUInfo2", "9.0.0"), ("rich", "15.0.0")]


def test_no_lock_pins_nothing(tmp_path: Path) -> None:
    assert shared_venv.pins(tmp_path / "absent.lock") == {}
    assert shared_venv.seed(tmp_path, base_build._interpreter()) == 0
    assert not (tmp_path / ".venv").exists()


def test_the_base_pins_its_peers_too_but_nothing_without_a_lock(tmp_path: Path) -> None:
    # After `make peers` the head offers primesieve; a base seeded without it counted it as
    # new on every perf-check --against, which then could not pass.
    (tmp_path / "requirements").mkdir()
    (tmp_path / shared_venv.PEERS).write_text("primesieve==2.3.4 \\\n    --hash=sha256:00\n")
    assert shared_venv.base_pins(tmp_path) == {}
    (tmp_path / shared_venv.LOCK).write_text("numpy==2.2.6 \\\n    --hash=sha256:11\n")
    assert shared_venv.base_pins(tmp_path) == {"numpy": "2.2.6", "primesieve": "2.3.4"}


@in_a_venv
def test_only_the_same_pinned_versions_are_linked_and_scripts_name_the_new_venv(
    tmp_path: Path,
) -> None:
    linked_version = importlib.metadata.version("Cython")
    (tmp_path / "requirements").mkdir()
    (tmp_path / shared_venv.LOCK).write_text(
        f"Cython=={linked_version} \\\n    --hash=sha256:00\n"
        "rich==0.0.1 \\\n    --hash=sha256:11\n"  # not the head's version: left to pip
    )
    assert shared_venv.seed(tmp_path, base_build._interpreter()) == 1
    python = tmp_path / ".venv" / "bin" / "python"
    versions = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m, sys;"
         "print(m.version('Cython'));"
         "print(any(d.metadata['Name'] == 'rich' for d in m.distributions()))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert versions == [linked_version, "False"]
    # The package's files are the head's, shared: the same inode, no copy.
    head_file = Path(importlib.import_module("Cython").__file__ or "")
    base_file = next((tmp_path / ".venv").glob("lib/*/site-packages/Cython/__init__.py"))
    assert head_file.stat().st_ino == base_file.stat().st_ino
    # The console script is a copy that runs the base's interpreter, not the head's.
    script = (tmp_path / ".venv" / "bin" / "cython").read_text()
    assert str(python.absolute()) in script
    assert sys.prefix not in script
    done = subprocess.run(
        [str(tmp_path / ".venv" / "bin" / "cython"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and linked_version in done.stdout + done.stderr
    # pip is the head's, linked (the version `python -m venv` would unpack), and runs as the
    # base's: the base's make installs its lock with it.
    pip = subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=False
    )
    assert pip.returncode == 0, pip.stderr
    assert pip.stdout.startswith(f"pip {ensurepip.version()} from {tmp_path / '.venv'}")
    head_pip = Path(importlib.import_module("pip").__file__ or "")
    base_pip = next((tmp_path / ".venv").glob("lib/*/site-packages/pip/__init__.py"))
    assert head_pip.stat().st_ino == base_pip.stat().st_ino
