"""Every lookup of an optional tool in the tests goes through tests/optional_tools.py, so the run
with the tools hidden (.ci/run: scripts/without-optional-tools) reaches all of them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import optional_tools

TESTS = Path(__file__).parent

#: Ways a test could find out whether a tool is installed, other than through optional_tools.
LOOKUPS = re.compile(
    r"shutil\.which\(|find_library|find_valgrind\(|ctypes\.CDLL\(|PrimesieveC\("
    r"|/usr/bin/|/usr/include/|HYPERFINE\.exists|\.tools/bin|os\.access\("
)

#: Every other lookup in the tests, and why it may stay: (file, line's text) -> reason.
KNOWN = {
    (
        "scripts/test_every_script_is_run.py",
        'assert os.access(script, os.X_OK), f"{name} is not executable"',
    ): "the repository's own scripts' mode bits, no tool",
    ("test_makefile.py", 'MAKE = shutil.which("make")'): "make is required, not optional",
    ("test_makefile.py", 'false = shutil.which("false")'): "coreutils' false, always there",
    (
        "bench/demo/test_demo.py",
        'found = shutil.which(program, path=path) if "/" not in program else program',
    ): "the demo's own commands, in the repository",
    (
        "bench/gate/test_against.py",
        "valgrind = instructions.find_valgrind()",
    ): "after optional_tools.require('valgrind'): the product's lookup, under test",
    (
        "bench/run/test_recorded_argv.py",
        '(str(REPO / ".tools" / "bin" / "hyperfine"), ".tools/bin/hyperfine"),',
    ): "an argument as a manifest records it, never run",
    (
        "bench/run/test_recorded_argv.py",
        '(f"--hyperfine={REPO}/.tools/bin/hyperfine", "--hyperfine=.tools/bin/hyperfine"),',
    ): "an argument as a manifest records it, never run",
    (
        "bench/report/test_full_disk.py",
        'if os.geteuid() != 0 or shutil.which("mount") is None:',
    ): "whether this user may mount a small tmpfs (a fixture that skips saying so), no tool",
    (
        "bench/gate/test_base_build.py",
        "needs_make = pytest.mark.skipif("
        'shutil.which("make") is None, reason="make is not installed")',
    ): "make is required, not optional",
    (
        "bench/gate/test_usage.py",
        "found = shutil.which(tool)",
    ): "git and make, required, linked into a PATH without valgrind",
    (
        "bench/gate/test_completeness.py",
        'monkeypatch.setattr(instructions, "find_valgrind", lambda: "/usr/bin/valgrind")',
    ): "replaces the lookup with a fixed answer",
    (
        "bench/timers/test_primesieve_c.py",
        'PrimesieveC("libprimesieve-not-here.so.0")',
    ): "a library that exists nowhere",
    (
        "bench/studies/test_targets.py",
        'monkeypatch.setattr("bench.timers.primesieve_c.find_library", lambda: "libnot-here.so.0")',
    ): "replaces the lookup with a library that exists nowhere",
    (
        "bench/report/test_talk_pypy_row.py",
        '("env", "PYTHONPATH=pure", "/usr/bin/pypy3", "-m", "primes.cli", "5000"),',
    ): "made-up raw data naming a PyPy, never run",
    (
        "bench/gate/test_callgrind.py",
        '("/usr/bin/python3", "python"),',
    ): "made-up object paths, never looked up",
    (
        "bench/test_paths.py",
        'assert shown(Path("/usr/bin/python3"), REPO) == "/usr/bin/python3"',
    ): "how a path is shown, never looked up",
    (
        "bench/run/test_no_machine_paths.py",
        'assert manifest["argv"][manifest["argv"].index("--hyperfine") + 1]'
        ' == ".tools/bin/hyperfine"',
    ): "reads a path out of a manifest",
}


def _lookups() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(TESTS.rglob("*.py")):
        if path.name in {"optional_tools.py", Path(__file__).name}:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if LOOKUPS.search(line):
                found.add((path.relative_to(TESTS).as_posix(), line.strip()))
    return found


def test_every_tool_lookup_in_the_tests_goes_through_optional_tools() -> None:
    unknown = sorted(_lookups() - set(KNOWN))
    assert not unknown, (
        "look optional tools up through tests/optional_tools.py (so the masked run in .ci/run "
        "hides them), or list the line in KNOWN with the reason it is no lookup: "
        + "; ".join(f"{path}: {line}" for path, line in unknown)
    )


def test_the_known_list_holds_only_lines_that_are_still_there() -> None:
    assert set(KNOWN) <= _lookups(), sorted(set(KNOWN) - _lookups())


def test_the_pattern_catches_a_new_lookup() -> None:
    for line in (
        'if shutil.which("pypy3"):',
        'Path("/usr/bin/chromium").exists()',
        "lib = ctypes.CDLL(ctypes.util.find_library('primesieve'))",
        "if HYPERFINE.exists():",
    ):
        assert LOOKUPS.search(line), line


@pytest.mark.skipif(not optional_tools.hidden(), reason=f"{optional_tools.HIDE_ENV} is not set")
def test_the_masked_run_hides_every_tool() -> None:
    """In .ci/run's second run the tools are out of the tests' reach and off PATH."""
    assert optional_tools.pypy3() is None
    assert optional_tools.valgrind() is None
    assert optional_tools.chromium() is None
    assert optional_tools.chromedriver() is None
    assert optional_tools.hyperfine() is None
    assert optional_tools.libprimesieve() is None
    assert optional_tools.primesieve_header() is None
    for program in ("pypy3", "valgrind", "chromium", "chromedriver", "hyperfine"):
        assert shutil.which(program) is None, program


def test_a_hidden_tool_skips_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(optional_tools.HIDE_ENV, "1")
    assert optional_tools.valgrind() is None
    reason = optional_tools.reason("valgrind")
    assert reason.startswith("no valgrind (PRIMES_TESTS_HIDE_TOOLS is set;")
    with pytest.raises(pytest.skip.Exception, match="no valgrind"):
        optional_tools.require("valgrind", None)
