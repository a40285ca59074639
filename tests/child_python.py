"""A fresh interpreter for the tests that need one: a process limit, a crash or an import
that must not touch the test process."""

from __future__ import annotations

import subprocess
import sys
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
