"""Where the committed run's raw files are, for tests that damage a copy of them: found by
their manifest under results/, whatever the layout of results/ (one run, or one per machine),
never in a scratch run's folder."""

from __future__ import annotations

from pathlib import Path

from bench import paths
from bench.raw import layout


def raw_dir() -> Path:
    """The committed raw directory (results/raw when there is one, else the first
    results/**/raw in name order); a path without a manifest when nothing is committed,
    so a test skipping on `(raw_dir() / "manifest.json").exists()` skips."""
    direct = paths.RESULTS / "raw"
    if (direct / layout.MANIFEST).exists():
        return direct
    found = sorted(
        manifest.parent
        for manifest in paths.RESULTS.glob(f"**/raw/{layout.MANIFEST}")
        if "scratch" not in manifest.relative_to(paths.RESULTS).parts
    )
    return found[0] if found else direct
