"""The HTML report renders in a real browser: headless Chromium opens it, and we check what it saw.

Skipped, saying why, where Debian's `chromium` package is not installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import headless_chromium as chromium
import pytest

from bench.paths import REPO

RESULTS = REPO / "results"

pytestmark = pytest.mark.skipif(
    not chromium.CHROMIUM.exists(),
    reason=f"no headless browser: {chromium.CHROMIUM} is absent (apt-get install chromium)",
)

# The talk's own figures, which the report's two talk tables show beside ours.
TALK_FIGURES = ("411.3", "33.2", "37.0", "38.1")

# A 1x1 PNG, to build pages whose outcome is known.
_PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def open_in_chromium(page: Path, tmp_path: Path) -> chromium.PageReport:
    profile = tmp_path / "profile"
    profile.mkdir()
    seen = chromium.open_page(page, profile)
    # Kept for a human to look at when a check fails.
    (tmp_path / "screenshot.png").write_bytes(seen.screenshot)
    return seen


def load_problems(seen: chromium.PageReport) -> list[str]:
    """Everything that went wrong while the page loaded, as readable lines."""
    problems = [f"failed to load: {failure}" for failure in seen.failed]
    problems += [f"needs the network: {url[:100]}" for url in seen.external_requests]
    problems += [f"error: {error}" for error in seen.errors]
    for image in seen.content["images"]:
        if not image["complete"] or image["natural"][0] == 0:
            problems.append(f"image did not decode: {image['src']}")
        elif image["shown"][0] == 0:
            problems.append(f"image is not displayed: {image['src']}")
    return problems


def test_the_harness_sees_a_broken_page(tmp_path: Path) -> None:
    """Guards the checks below against passing vacuously: each kind of failure is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>broken</title><h1>Broken</h1>"
        f'<img src="{_PIXEL}" width="20"><img src="missing.png">'
        '<img src="http://example.invalid/plot.png"><script>notDefined()</script>'
    )
    seen = open_in_chromium(page, tmp_path)
    problems = "\n".join(load_problems(seen))
    assert "missing.png" in problems
    assert "needs the network: http://example.invalid/plot.png" in problems
    assert "notDefined" in problems
    assert seen.content["images"][0]["natural"] == [1, 1]


def test_the_harness_passes_a_sound_page(tmp_path: Path) -> None:
    page = tmp_path / "sound.html"
    page.write_text(
        "<!DOCTYPE html><title>sound</title><h1>Sound</h1>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
        f'<img src="{_PIXEL}" width="20">'
        '<svg width="10" height="10"><rect width="5" height="5"/></svg>'
    )
    seen = open_in_chromium(page, tmp_path)
    assert load_problems(seen) == []
    assert seen.content["tables"] == [{"rows": 2, "columns": 2, "text": "a\tb\n1\t2"}]
    assert len(seen.content["svgs"]) == 1
    assert seen.screenshot.startswith(b"\x89PNG")


def check_report(page: Path, tmp_path: Path) -> chromium.PageReport:
    seen = open_in_chromium(page, tmp_path)
    shot = tmp_path / "screenshot.png"
    assert load_problems(seen) == [], f"{page} (screenshot: {shot})"
    content = seen.content
    assert content["title"], "the report has no <title>"

    tables = content["tables"]
    assert len(tables) >= 2, f"expected the talk tables at least, found {len(tables)} tables"
    for table in tables:
        assert table["rows"] >= 2 and table["columns"] >= 2, f"a table is empty:\n{table['text']}"
    table_text = "\n".join(table["text"] for table in tables)
    missing = [figure for figure in TALK_FIGURES if figure not in table_text]
    assert not missing, f"the talk's figures {missing} are in no table"

    plots = [image for image in content["images"] if image["shown"][0] >= 100]
    plots += [svg for svg in content["svgs"] if svg["shown"][0] >= 100]
    assert plots, "the report shows no plot (no image or SVG at least 100 px wide)"
    headings = " ".join(content["headings"]).lower()
    assert "environment" in headings, f"no environment section among {content['headings']}"
    return seen


def test_the_committed_report_renders(tmp_path: Path) -> None:
    report = RESULTS / "report.html"
    if not report.exists():
        pytest.skip(f"{report.relative_to(REPO)} does not exist yet (make report writes it)")
    seen = check_report(report, tmp_path)
    # Links to other committed files (the Cython annotations, REPORT.md) must resolve.
    broken = []
    for href in seen.content["links"]:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        if not (report.parent / parts.path).exists():
            broken.append(href)
    assert not broken, f"links to files that do not exist: {broken}"


@pytest.mark.slow
def test_a_freshly_generated_report_renders(tmp_path: Path) -> None:
    """The report script's output, written away from results/, is self-contained."""
    raw = RESULTS / "raw"
    if not raw.is_dir():
        pytest.skip("needs results/raw/ (make bench writes it)")
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "bench.report", "--raw", str(raw), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    browser_dir = tmp_path / "browser"
    browser_dir.mkdir()
    check_report(out / "report.html", browser_dir)
