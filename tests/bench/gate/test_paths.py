"""One build's instruction count does not depend on the path it is reached from.

The interpreter's start-up allocates its paths, and their lengths used to shape the heap the
measured call found: rust-wheel's count moved by 5.9% between two clones of one commit. Here the
same build is reached through links of very different lengths, as two checkouts would be, and
is staged at one path length; test_switch.py counts it from both (sharing its switched count).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.gate import instructions

VENV = Path(sys.executable).parent.parent

needs_venv = pytest.mark.skipif(
    not (VENV / "pyvenv.cfg").is_file(), reason="the tests do not run from a virtual environment"
)


def reached_from(tmp_path: Path, folder: str) -> str:
    """This checkout's interpreter, reached through a link at tmp_path/folder/venv."""
    link = tmp_path / folder / "venv"
    link.parent.mkdir(parents=True)
    link.symlink_to(VENV, target_is_directory=True)
    return str(link / "bin" / Path(sys.executable).name)


LONG = "a folder with spaces and ünïcødé, " * 4  # over 100 characters, one path component


@needs_venv
def test_the_stage_has_one_path_length_whatever_the_checkouts(tmp_path: Path) -> None:
    seen = []
    for folder in ("s", LONG):
        with instructions.staged(reached_from(tmp_path, folder)) as (python, probe, stage):
            seen.append((len(python), len(probe), len(str(stage))))
            done = subprocess.run(
                [
                    python,
                    "-s",
                    "-P",
                    "-c",
                    "import sys, primes; print(sys.prefix, primes.__file__)",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            prefix, module = done.stdout.split()
            # The interpreter sees the stage, not the checkout: every path below it alike.
            assert prefix == str(stage / instructions.STAGE_ENV)
            assert module.startswith(prefix + "/")
        assert not stage.exists()
    assert seen[0] == seen[1]
