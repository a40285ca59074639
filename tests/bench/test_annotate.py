"""`make annotate`'s committed pages are current and machine-independent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.paths import REPO

COMMITTED = REPO / "results" / "annotate"


def test_every_cython_module_has_a_current_annotation(tmp_path: Path) -> None:
    """Regenerated from today's .pyx files, the pages equal the committed ones byte for byte."""
    subprocess.run(
        [sys.executable, "-m", "bench.annotate", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    fresh = {path.name: path.read_bytes() for path in tmp_path.glob("*.html")}
    committed = {path.name: path.read_bytes() for path in COMMITTED.glob("*.html")}
    pyx = sorted((REPO / "cython" / "src").rglob("*.pyx"))
    assert len(fresh) == len(pyx) + 1, "one page per .pyx plus the index"
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, f"results/annotate/ is out of date ({', '.join(stale)}): run `make annotate`"


def test_the_pages_name_no_local_path() -> None:
    for page in COMMITTED.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert str(REPO) not in text, page.name
        assert str(Path.home()) not in text, page.name
