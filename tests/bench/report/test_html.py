"""The HTML report renders in a real browser: headless Chromium opens it, and we check what it saw.

Playwright drives Debian's `chromium` package (`executable_path`), never a browser of its own:
`playwright install` downloads, and nothing but Debian's mirrors and PyPI is reachable here.
Playwright 1.65 is built against Chromium 159; Debian's 156 speaks a protocol close enough for
everything used below (`chromium --version` and the Playwright version are in any launch failure).

Skipped, saying why, where Debian's `chromium` package is not installed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Request, Response, sync_playwright
from playwright.sync_api import Error as PlaywrightError

import optional_tools
from bench.paths import REPO

RESULTS = REPO / "results" / "reference"
CHROMIUM = optional_tools.CHROMIUM

# As root Chromium refuses to start without --no-sandbox. In a closed network the other flags
# stop its background connections to Google's services, whose refusals would read as failures.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = optional_tools.needs("chromium", optional_tools.chromium())

# The talk's own figures, which the report's two talk tables show beside ours.
TALK_FIGURES = ("411.3", "33.2", "37.0", "38.1")

# A 1x1 PNG, to build pages whose outcome is known.
_PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)

# What the page is made of, gathered inside the page once it has loaded.
_INSPECT = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3')].map((h) => h.textContent.trim()),
    tables: [...document.querySelectorAll('table')].map((t) => ({
      rows: t.rows.length,
      columns: t.rows.length ? Math.max(...[...t.rows].map((r) => r.cells.length)) : 0,
      text: t.innerText,
    })),
    images: [...document.images].map((i) => ({
      src: i.currentSrc.slice(0, 60),
      complete: i.complete,
      natural: [i.naturalWidth, i.naturalHeight],
      shown: box(i),
    })),
    svgs: [...document.querySelectorAll('svg')].filter((s) => !s.parentElement.closest('svg'))
      .map((s) => ({ shown: box(s) })),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    text: document.body ? document.body.innerText : '',
  };
}"""


@dataclass
class PageReport:
    """Everything the browser said while loading the page, and what the page contains."""

    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    content: dict[str, Any] = field(default_factory=dict)
    screenshot: bytes = b""

    @property
    def external_requests(self) -> list[str]:
        """Requests that would need something besides the page's own file."""
        return [u for u in self.requests if not u.startswith(("data:", "file:", "about:"))]

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_request_failed(self, request: Request) -> None:
        self.failed.append(f"{request.url[:100]}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url[:100]}: HTTP {response.status}")

    def on_page_error(self, error: PlaywrightError) -> None:
        self.errors.append(error.stack or f"{error.name}: {error.message}")

    def on_console(self, message: ConsoleMessage) -> None:
        # Chromium's own log ("Failed to load resource: ...") arrives here too.
        if message.type == "error":
            self.errors.append(message.text)


def _chromium_version() -> str:
    try:
        run = subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"{CHROMIUM} (--version failed: {err})"
    return run.stdout.strip() or f"{CHROMIUM} (--version printed nothing)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module; every page gets a fresh context (no shared cache)."""
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        except PlaywrightError as err:
            # A failure, not a skip: a Chromium too new or too old for this Playwright must be
            # seen (Playwright.chromium.connect_over_cdp is the fallback to try).
            pytest.fail(
                f"Playwright {version('playwright')} could not launch {_chromium_version()}:\n{err}"
            )
        yield launched
        launched.close()


def open_in_chromium(
    browser: Browser, page: Path, tmp_path: Path, width: int = 1280, height: int = 900
) -> PageReport:
    """Load a local page in a fresh context and return what happened."""
    seen = PageReport(page.resolve().as_uri())
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        tab.on("request", seen.on_request)
        tab.on("requestfailed", seen.on_request_failed)
        tab.on("response", seen.on_response)
        tab.on("pageerror", seen.on_page_error)
        tab.on("console", seen.on_console)
        tab.goto(seen.url, wait_until="load")
        seen.content = tab.evaluate(_INSPECT)
        # Kept for a human to look at when a check fails.
        seen.screenshot = tab.screenshot(path=tmp_path / "screenshot.png", full_page=True)
    finally:
        context.close()
    return seen


def load_problems(seen: PageReport) -> list[str]:
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


def test_the_harness_sees_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    """Guards the checks below against passing vacuously: each kind of failure is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>broken</title><h1>Broken</h1>"
        f'<img src="{_PIXEL}" width="20"><img src="missing.png">'
        '<img src="http://example.invalid/plot.png"><script>notDefined()</script>'
    )
    seen = open_in_chromium(browser, page, tmp_path)
    problems = "\n".join(load_problems(seen))
    assert "missing.png" in problems
    assert "needs the network: http://example.invalid/plot.png" in problems
    assert "notDefined" in problems
    assert seen.content["images"][0]["natural"] == [1, 1]


def test_the_harness_passes_a_sound_page(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "sound.html"
    page.write_text(
        "<!DOCTYPE html><title>sound</title><h1>Sound</h1>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
        f'<img src="{_PIXEL}" width="20">'
        '<svg width="10" height="10"><rect width="5" height="5"/></svg>'
    )
    seen = open_in_chromium(browser, page, tmp_path)
    assert load_problems(seen) == []
    assert seen.content["tables"] == [{"rows": 2, "columns": 2, "text": "a\tb\n1\t2"}]
    assert len(seen.content["svgs"]) == 1
    assert seen.screenshot.startswith(b"\x89PNG")


def check_report(browser: Browser, page: Path, tmp_path: Path) -> PageReport:
    seen = open_in_chromium(browser, page, tmp_path)
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


def test_the_committed_report_renders(browser: Browser, tmp_path: Path) -> None:
    report = RESULTS / "report.html"
    if not report.exists():
        pytest.skip(f"{report.relative_to(REPO)} does not exist yet (make report writes it)")
    seen = check_report(browser, report, tmp_path)
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
def test_a_freshly_generated_report_renders(browser: Browser, tmp_path: Path) -> None:
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
    check_report(browser, out / "report.html", browser_dir)
