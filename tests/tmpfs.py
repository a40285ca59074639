"""A small tmpfs for the tests of full and read-only disks: real ENOSPC and EROFS, not mocks."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at `folder` (made here) with `options`, unmounted afterwards; the test
    is skipped, saying why, where this process may not mount one."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({options}) here: {done.stderr.strip() or 'needs root'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
