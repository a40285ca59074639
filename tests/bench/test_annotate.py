"""`make annotate`'s committed pages are current and machine-independent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import annotate
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


def test_a_module_cython_cannot_translate_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "src" / "broken"
    package.mkdir(parents=True)
    (package / "__init__.py").touch()
    (package / "bad.pyx").write_text("def f(:\n    pass\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        annotate.main(["--source-root", str(tmp_path / "src"), "--out", str(tmp_path / "out")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "annotate: cython -a broken/bad.pyx: 1 error(s), printed above"
    assert "Traceback" not in err
