"""Every optional tool a test may use, looked up here and nowhere else.

`make test` passes on a machine with only python3, cargo and a C compiler: a test that needs one
of these tools skips, saying which and how to get it, where it is absent. With
`PRIMES_TESTS_HIDE_TOOLS=1` every lookup reports the tool absent, whatever the machine has:
`.ci/run` runs the tests that use this module a second time that way (and with the tools off
PATH), so a test whose expectation depends on a tool being present fails in CI, not on the next
machine. `tests/test_optional_tools.py` fails when a test looks a tool up any other way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TypeVar

import pytest

from bench.paths import HYPERFINE
from bench.timers.primesieve_c import HEADER as PRIMESIEVE_HEADER
from bench.timers.primesieve_c import PrimesieveC, PrimesieveUnavailable

HIDE_ENV = "PRIMES_TESTS_HIDE_TOOLS"

Found = TypeVar("Found")

#: Debian's Chromium and its ChromeDriver, which Selenium drives in the HTML report's browser test.
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: tool -> how to get it, for the skip reasons.
HOW_TO_GET = {
    "pypy3": "apt-get install pypy3",
    "valgrind": "apt-get install valgrind; .ci/run installs it",
    "chromium": "apt-get install chromium; .ci/run installs it",
    "chromedriver": "apt-get install chromium-driver; .ci/run installs it",
    "hyperfine": "make hyperfine",
    "libprimesieve": "make peers",
}


def hidden() -> bool:
    """Whether this run pretends that no optional tool is installed."""
    return os.environ.get(HIDE_ENV, "") not in ("", "0")


def _on_path(program: str) -> Path | None:
    if hidden():
        return None
    found = shutil.which(program)
    return None if found is None else Path(found)


def _file(path: Path) -> Path | None:
    return None if hidden() or not path.exists() else path


def pypy3() -> Path | None:
    return _on_path("pypy3")


def valgrind() -> Path | None:
    return _on_path("valgrind")


def chromium() -> Path | None:
    return _file(CHROMIUM)


def chromedriver() -> Path | None:
    return _file(CHROMEDRIVER)


def hyperfine() -> Path | None:
    """The pinned hyperfine the Makefile builds into .tools/."""
    return _file(HYPERFINE)


def primesieve_header() -> Path | None:
    """libprimesieve-dev's header, whose type enum the ctypes binding reads."""
    return _file(PRIMESIEVE_HEADER)


def libprimesieve() -> PrimesieveC | None:
    """primesieve's C library, opened through ctypes."""
    if hidden():
        return None
    try:
        return PrimesieveC()
    except PrimesieveUnavailable:
        return None


def reason(tool: str) -> str:
    why = f"{HIDE_ENV} is set" if hidden() else "not installed"
    return f"no {tool} ({why}; {HOW_TO_GET[tool]})"


def needs(tool: str, found: object | None) -> pytest.MarkDecorator:
    """A skip mark for a test that needs `tool`, given what its lookup found."""
    return pytest.mark.skipif(found is None, reason=reason(tool))


def require(tool: str, found: Found | None) -> Found:
    """Skip the running test when `tool` was not found; else what its lookup found."""
    if found is None:
        pytest.skip(reason(tool))
    return found
