"""A results directory as an earlier run left it, and a way to compare it before and after."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def tree() -> Callable[[Path], dict[str, str]]:
    """Every file under a directory, by relative path, with its text."""

    def snapshot(root: Path) -> dict[str, str]:
        return {
            str(path.relative_to(root)): path.read_text()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    return snapshot


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A results directory from an earlier run, plus a neighbour that is not ours."""
    out = tmp_path / "results"
    (out / "raw").mkdir(parents=True)
    (out / "raw" / "old.json").write_text("old raw")
    (out / "REPORT.md").write_text("old report")
    (out / "annotate").mkdir()
    (out / "annotate" / "index.html").write_text("someone else's")
    return out


@pytest.fixture
def run_bench() -> Callable[..., Path]:
    """`python -m bench ARGS --out OUT` from the repository root, as make runs it; returns
    OUT/raw once the run succeeded."""
    import subprocess
    import sys

    from bench.paths import REPO

    def run(out: Path, *args: str) -> Path:
        done = subprocess.run(
            [sys.executable, "-m", "bench", *args, "--out", str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return out / "raw"

    return run
