"""`python -m bench.gate ARGS` from the repository root, as the gate's tests run it."""

from __future__ import annotations

import subprocess
import sys

from bench.paths import REPO


def gate(
    *args: str, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.gate", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=env,
    )
