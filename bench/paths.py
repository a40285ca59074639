"""Where things are: the repository and the folders the harness reads and writes.

The one place the repository root is computed; everything else asks here.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "results"
#: Tools the Makefile installs into the repository (the pinned hyperfine).
TOOLS_BIN = REPO / ".tools" / "bin"
HYPERFINE = TOOLS_BIN / "hyperfine"
#: Build output outside the Python packages (the C yardstick).
TARGET = REPO / "target"
