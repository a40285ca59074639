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
