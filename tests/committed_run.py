"""Where the published run's raw files are, for tests that read or damage a copy of them."""

from __future__ import annotations

from pathlib import Path

from bench import paths


def raw_dir() -> Path:
    """results/reference/raw/: a path without a manifest when nothing is published yet, so a
    test skipping on `(raw_dir() / "manifest.json").exists()` skips."""
    return paths.REFERENCE / "raw"
