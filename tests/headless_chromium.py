"""Open a page in headless Chromium and report what the browser saw, over the DevTools protocol.

The protocol runs over `--remote-debugging-pipe` (NUL-separated JSON on file descriptors 3 and 4),
so nothing beyond the standard library is needed and no port is opened.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

CHROMIUM = Path("/usr/bin/chromium")

# Headless as root in a closed network: without the background-networking flags Chromium keeps
# trying to reach Google's services, and those refused connections would read as failed loads.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

# What the page is made of, gathered inside the page once it has loaded.
_INSPECT = """(() => {
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
})()"""


class ChromiumError(RuntimeError):
    pass


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


class _Pipe:
    """One DevTools connection: numbered commands out, responses and events back."""

    def __init__(self, to_browser: int, from_browser: int) -> None:
        self._out = to_browser
        self._in = from_browser
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        reply = self._wait(lambda m: m.get("id") == self._next_id, f"the reply to {method}")
        if "error" in reply:
            raise ChromiumError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def wait_for_event(self, method: str, timeout: float, since: int = 0) -> dict[str, Any]:
        """The first `method` event after the first `since` events, waiting if none came yet."""
        for event in self.events[since:]:
            if event.get("method") == method:
                return event
        return self._wait(lambda m: m.get("method") == method, method, timeout)

    def _wait(self, wanted: Any, what: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise ChromiumError(f"Chromium did not send {what} within {timeout:.0f} s")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise ChromiumError(f"Chromium exited before sending {what}")
            self._buffer += chunk


def open_page(
    page: Path, profile_dir: Path, width: int = 1280, height: int = 900, timeout: float = 60.0
) -> PageReport:
    """Load a local page in a fresh headless Chromium and return what happened.

    `profile_dir` must be a new, empty directory: a fresh profile per run keeps earlier runs'
    caches and settings out of the result.
    """
    url = page.resolve().as_uri()
    to_read, to_browser = os.pipe()
    from_browser, to_write = os.pipe()

    def connect_pipe() -> None:
        # Chromium reads commands from fd 3 and writes replies to fd 4. Copy both out of the
        # way first, so that neither dup2 can overwrite the other's source.
        high = [os.dup(fd) for fd in (to_read, to_write)]
        os.dup2(high[0], 3)
        os.dup2(high[1], 4)

    log = (profile_dir / "chromium.log").open("wb")
    browser = subprocess.Popen(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={profile_dir}",
            f"--window-size={width},{height}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        pass_fds=(3, 4),
        preexec_fn=connect_pipe,
    )
    os.close(to_read)
    os.close(to_write)
    pipe = _Pipe(to_browser, from_browser)
    report = PageReport(url)
    try:
        target = pipe.send("Target.createTarget", {"url": "about:blank"})
        session = pipe.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            pipe.send(f"{domain}.enable", session=session)
        # Events from before the navigation (about:blank's own load) must not count.
        since = len(pipe.events)
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_for_event("Page.loadEventFired", timeout, since)
        evaluated = pipe.send(
            "Runtime.evaluate", {"expression": _INSPECT, "returnByValue": True}, session=session
        )
        report.content = evaluated["result"]["value"]
        shot = pipe.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True},
            session=session,
        )
        report.screenshot = base64.b64decode(shot["data"])
        _read_events(pipe.events, report)
        # Chromium may close the pipe before it answers.
        with contextlib.suppress(ChromiumError):
            pipe.send("Browser.close")
    except ChromiumError as err:
        _stop(browser, to_browser, from_browser, log)
        tail = (profile_dir / "chromium.log").read_text(errors="replace").splitlines()[-15:]
        raise ChromiumError("\n".join([str(err), "--- end of chromium's log ---", *tail])) from err
    _stop(browser, to_browser, from_browser, log)
    return report


def _stop(
    browser: subprocess.Popen[bytes], to_browser: int, from_browser: int, log: IO[bytes]
) -> None:
    # Closing the pipe ends a headless Chromium; one that hangs anyway is killed.
    os.close(to_browser)
    os.close(from_browser)
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
        browser.wait()
    log.close()


def _read_events(events: list[dict[str, Any]], report: PageReport) -> None:
    urls: dict[str, str] = {}
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
            report.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            url = urls.get(params["requestId"], "?")
            reason = params.get("blockedReason") or params.get("errorText", "")
            report.failed.append(f"{url[:100]}: {reason}")
        elif method == "Network.responseReceived":
            status = params["response"].get("status", 0)
            if status >= 400:
                report.failed.append(f"{params['response']['url'][:100]}: HTTP {status}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            report.errors.append(details.get("exception", {}).get("description", details["text"]))
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            report.errors.append(" ".join(str(a.get("value", "")) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            report.errors.append(params["entry"]["text"])
