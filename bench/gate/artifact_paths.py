"""The callgrind outputs the gate keeps (and CI uploads) without the paths that say where it ran.

callgrind writes the command it ran (`cmd:`) and every object and source file (`ob=`, `fl=`,
`cob=`, ...) by its absolute path: the checkout's folder, and the interpreter's home, often
under the user's home directory (pyenv). A kept file names the repository's root as `.`-relative
paths (`.venv/lib/...`, `target/perf-gate/base/...`), the home directory as `~`; the file names
and everything under those roots stay, so the breakdown's grouping (by file name) and
callgrind_annotate read the same profile.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.paths import REPO, without_repo


def without_home(text: str, home: Path) -> str:
    """`/home/ann/.pyenv/...` -> `~/.pyenv/...`; not inside a longer path (`/x/home/ann`)."""
    if home == Path("/"):
        return text
    return re.sub(r"(?<![\w./-])" + re.escape(str(home)) + r"(?=/|\s|$)", "~", text)


def scrub(path: Path, *, repo: Path = REPO, home: Path | None = None) -> None:
    """Rewrite the callgrind output at `path` in place, the repository and home made relative."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    text = without_home(without_repo(text, repo), Path.home() if home is None else home)
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
