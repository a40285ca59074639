"""A fresh interpreter for the tests that need one: a process limit, a crash or an import
that must not touch the test process."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_python(
    code: str, *args: str, timeout: float = 60, check: bool = False, **options: Any
) -> subprocess.CompletedProcess[str]:
    """`python -c CODE ARGS` with this interpreter, its output captured as text; `options`
    go to subprocess.run (cwd, env)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
        **options,
    )


def python_stand_in(path: Path, script: Path | None = None) -> Path:
    """An executable at `path` that runs this interpreter (on `script`, if given) with the
    arguments it gets: a sh script, since a #! line cannot name an interpreter whose path has a
    space (a checkout's may)."""
    words = [sys.executable] + ([str(script)] if script is not None else [])
    path.write_text(f'#!/bin/sh\nexec {shlex.join(words)} "$@"\n')
    path.chmod(0o755)
    return path
