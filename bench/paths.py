"""Where things are: the repository and the folders the harness reads and writes.

The one place the repository root is computed; everything else asks here.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "results"
#: Tools the Makefile installs into the repository (the pinned hyperfine).
TOOLS_BIN = REPO / ".tools" / "bin"
HYPERFINE = TOOLS_BIN / "hyperfine"
#: Build output outside the Python packages (the C yardstick).
TARGET = REPO / "target"


def relative_to_repo(path: Path, repo: Path = REPO) -> Path:
    """`path` relative to `repo` when it lies inside it, else `path` unchanged.

    A command run from the repository root names its program this way (`.venv/bin/primes`, as
    the slides do), so the raw files it is recorded in do not say where this clone lives. The
    last part is not resolved: a venv's `python` is a symlink out of the repository.
    """
    for candidate in (path, path.parent.resolve() / path.name):
        if candidate.is_relative_to(repo):
            return candidate.relative_to(repo)
    return path


def shown(path: Path, repo: Path = REPO) -> str:
    """`path` as a raw file records it: relative inside the repository, `~/...` under the home
    directory, otherwise as it is (`/usr/bin/python3` says nothing about this machine)."""
    inside = relative_to_repo(path, repo)
    if inside is not path:
        return str(inside)
    home = Path.home()
    if home != Path("/") and path.is_relative_to(home):
        return f"~/{path.relative_to(home)}"
    return str(path)


def without_repo(text: str, repo: Path = REPO) -> str:
    """`text` (a tool's log line, a recorded command line) with the repository's absolute path
    taken out: `/…/clone/.venv/bin/python` becomes `.venv/bin/python`, the root itself `.`."""
    # Not inside a longer path that contains it (`/home/work/main`, `/work/main2`).
    root = r"(?<![\w./-])" + re.escape(str(repo))
    return re.sub(root + r"(?![\w.-])", ".", re.sub(root + "/", "", text))
