"""The HTML report renders in a real browser: headless Chromium opens it, and we check what it saw.

Selenium drives Debian's `chromium` through Debian's `chromedriver` (package chromium-driver), both
named by path: Selenium then never runs its selenium-manager, which would download a driver, and
nothing but Debian's mirrors and PyPI is reachable here. What the browser saw while loading comes
from chromedriver's logs: the DevTools network events ("performance") and the console ("browser").

Skipped, saying why, where Debian's `chromium` or `chromium-driver` package is not installed.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fake_run import run_folder
from selenium.common.exceptions import WebDriverException
from selenium.webdriver import Chrome, ChromeOptions, ChromeService
from selenium.webdriver.common.selenium_manager import SeleniumManager

import optional_tools
from bench.paths import REPO
from bench.report.__main__ import main as report_main

RESULTS = REPO / "results" / "reference"
CHROMIUM = optional_tools.CHROMIUM
CHROMEDRIVER = optional_tools.CHROMEDRIVER

# As root Chromium refuses to start without --no-sandbox. In a closed network the other flags
# stop its background connections to Google's services, whose refusals would read as failures.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    optional_tools.needs("chromium", optional_tools.chromium()),
    optional_tools.needs("chromedriver", optional_tools.chromedriver()),
]

# The talk's own figures, which the report's two talk tables show beside ours.
TALK_FIGURES = ("411.3", "33.2", "37.0", "38.1")

# A 1x1 PNG, to build pages whose outcome is known.
_PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
# An image that loads (a data URL) but does not decode: "not a png".
_NOT_A_PNG = "data:image/png;base64,bm90IGEgcG5n"

# What the page is made of, gathered inside the page once it has loaded.
_INSPECT = """return (() => {
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
})();"""


@dataclass
class PageReport:
    """Everything the browser said while loading the page, and what the page contains."""

    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    content: dict[str, Any] = field(default_factory=dict)

    @property
    def external_requests(self) -> list[str]:
        """Requests that would need something besides the page's own file."""
        return [u for u in self.requests if not u.startswith(("data:", "file:", "about:"))]

    def read_network_log(self, entries: list[dict[str, Any]]) -> None:
        """chromedriver's performance log: one DevTools event per entry, as JSON."""
        urls: dict[str, str] = {}
        for entry in entries:
            event = json.loads(entry["message"])["message"]
            method, params = event["method"], event.get("params", {})
            if method == "Network.requestWillBeSent":
                urls[params["requestId"]] = params["request"]["url"]
                self.requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                url = urls.get(params["requestId"], f"request {params['requestId']}")
                self.failed.append(f"{url[:100]}: {params.get('errorText', 'failed')}")
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                self.failed.append(
                    f"{params['response']['url'][:100]}: HTTP {params['response']['status']}"
                )

    def read_console_log(self, entries: list[dict[str, Any]]) -> None:
        """chromedriver's browser log: console.error, uncaught exceptions and Chromium's own
        "Failed to load resource" lines all arrive as SEVERE."""
        self.errors += [entry["message"] for entry in entries if entry["level"] == "SEVERE"]


def _version(program: Path) -> str:
    try:
        run = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"{program} (--version failed: {err})"
    return run.stdout.strip() or f"{program} (--version printed nothing)"


def _no_selenium_manager(*args: object, **kwargs: object) -> dict[str, str]:
    raise AssertionError(
        f"Selenium would run selenium-manager (which downloads drivers) with {args}: "
        "the chromedriver path must reach ChromeService"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Chrome]:
    """One Chromium for the module; every page starts from a blank tab and an empty cache."""
    options = ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SeleniumManager, "binary_paths", _no_selenium_manager)
        try:
            driver = Chrome(options=options, service=ChromeService(str(CHROMEDRIVER)))
        except WebDriverException as err:
            # A failure, not a skip: a chromedriver that cannot drive this Chromium must be seen.
            why = f"{err}\n{err.__cause__}" if err.__cause__ else str(err)
            pytest.fail(
                f"Selenium {version('selenium')} could not start {_version(CHROMIUM)} "
                f"through {_version(CHROMEDRIVER)}:\n{why}"
            )
    try:
        yield driver
    finally:
        driver.quit()


def full_page_png(driver: Chrome) -> bytes:
    """The whole of the open page, not only the viewport, as PNG."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    return base64.b64decode(shot["data"])


def open_in_chromium(
    driver: Chrome, page: Path, width: int = 1280, height: int = 900
) -> PageReport:
    """Load a local page in a blank tab with an empty cache and return what happened."""
    seen = PageReport(page.resolve().as_uri())
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    # Whatever the blank tab logged is not the page's.
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(seen.url)  # returns once the page's load event has fired
    seen.content = driver.execute_script(_INSPECT)
    seen.read_network_log(driver.get_log("performance"))
    seen.read_console_log(driver.get_log("browser"))
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


def test_the_harness_sees_a_broken_page(browser: Chrome, tmp_path: Path) -> None:
    """Guards the checks below against passing vacuously: each kind of failure is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>broken</title><h1>Broken</h1>"
        f'<img src="{_PIXEL}" width="20"><img src="missing.png">'
        '<img src="http://example.invalid/plot.png"><script>notDefined()</script>'
        f'<img src="{_NOT_A_PNG}">'
    )
    seen = open_in_chromium(browser, page)
    problems = "\n".join(load_problems(seen))
    assert re.search(r"^failed to load: file://\S*/missing\.png: ", problems, re.MULTILINE)
    assert f"image did not decode: {_NOT_A_PNG}" in problems
    assert "needs the network: http://example.invalid/plot.png" in problems
    assert "Uncaught ReferenceError: notDefined is not defined" in problems
    assert seen.content["images"][0]["natural"] == [1, 1]


def test_the_harness_passes_a_sound_page(browser: Chrome, tmp_path: Path) -> None:
    page = tmp_path / "sound.html"
    page.write_text(
        "<!DOCTYPE html><title>sound</title><h1>Sound</h1>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
        f'<img src="{_PIXEL}" width="20">'
        '<svg width="10" height="10"><rect width="5" height="5"/></svg>'
    )
    seen = open_in_chromium(browser, page)
    assert load_problems(seen) == []
    assert seen.content["tables"] == [{"rows": 2, "columns": 2, "text": "a\tb\n1\t2"}]
    assert len(seen.content["svgs"]) == 1
    assert seen.content["images"][0]["shown"] == [20, 20]
    assert full_page_png(browser).startswith(b"\x89PNG")


def check_report(browser: Chrome, page: Path, screenshot_dir: Path | None) -> PageReport:
    """Load a report and check it; on a failure, a screenshot of the whole page is saved in
    `screenshot_dir` for a human to look at (a long report takes seconds to capture)."""
    seen = open_in_chromium(browser, page)
    try:
        check_report_content(page, seen)
    except AssertionError as failure:
        if screenshot_dir is not None:
            shot = screenshot_dir / "screenshot.png"
            shot.write_bytes(full_page_png(browser))
            failure.add_note(f"screenshot: {shot}")
        raise
    return seen


def check_report_content(page: Path, seen: PageReport) -> None:
    problems = load_problems(seen)
    assert not problems, f"{page}:\n" + "\n".join(problems)
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


# Ways to damage the committed report, each with what check_report must then say.
DAMAGES: dict[str, tuple[Callable[[str], str], str]] = {
    "a plot that does not decode": (
        lambda html: re.sub(r'(<img src="data:image/svg\+xml;base64,)[^"]*', r"\1PD94bWwg", html),
        "image did not decode: data:image/svg+xml;base64,PD94bWwg",
    ),
    "no plot": (lambda html: re.sub(r"<img[^>]*>", "", html), "the report shows no plot"),
    "no environment section": (
        lambda html: html.replace(">Environment</h2>", ">Machine</h2>"),
        "no environment section",
    ),
    "a talk figure gone": (
        lambda html: html.replace("411.3", "411.9"),
        "the talk's figures ['411.3'] are in no table",
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_the_report_checks_fail_on_a_damaged_report(
    browser: Chrome, tmp_path: Path, damage: str
) -> None:
    """Guards check_report against passing vacuously: a copy of the committed report with one
    thing broken fails, saying what."""
    report = RESULTS / "report.html"
    if not report.exists():
        pytest.skip(f"{report.relative_to(REPO)} does not exist yet (make report writes it)")
    damage_html, expected = DAMAGES[damage]
    html = report.read_text(encoding="utf-8")
    damaged = tmp_path / "report.html"
    damaged.write_text(damage_html(html), encoding="utf-8")
    assert damaged.read_text(encoding="utf-8") != html, f"{damage}: the report did not change"
    with pytest.raises(AssertionError, match=re.escape(expected)):
        check_report(browser, damaged, screenshot_dir=None)


def test_the_committed_report_renders(browser: Chrome, tmp_path: Path) -> None:
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
def test_a_freshly_generated_report_renders(browser: Chrome, tmp_path: Path) -> None:
    """The report script's output, written away from results/, is self-contained. The run is
    made up (`fake_run.quiet`: every plot, the talk tables, the environment): the published
    run's own page is checked above, and test_readme holds it to what the code writes."""
    raw = run_folder(tmp_path / "run") / "raw"
    out = tmp_path / "out"
    # `python -m bench.report --raw RAW --out OUT`'s main, here: the same files, without a
    # child importing the report code and matplotlib again.
    with contextlib.redirect_stdout(io.StringIO()):
        assert report_main(["--raw", str(raw), "--out", str(out)]) == 0
    assert len(list((out / "plots").glob("*.svg"))) == 4
    browser_dir = tmp_path / "browser"
    browser_dir.mkdir()
    check_report(browser, out / "report.html", browser_dir)
