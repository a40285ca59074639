"""A run records no machine path: the whole-process commands are run from the repository root
as the slides write them (`.venv/bin/primes 5000`), and every other path the tools print is
recorded relative to the repository or the raw directory."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import optional_tools
from bench.paths import HYPERFINE, REPO
from bench.raw import layout

VENV_INSIDE = Path(sys.prefix).absolute().is_relative_to(REPO)


@pytest.mark.slow
@optional_tools.needs("hyperfine", optional_tools.hyperfine())
@pytest.mark.skipif(not VENV_INSIDE, reason="the venv is outside the repository")
def test_no_raw_file_names_the_repository(tmp_path: Path, run_bench: Callable[..., Path]) -> None:
    out = tmp_path / "out"
    run_bench(
        out,
        "--quick",
        *("--impl", "rust-naive"),
        *("--study", "startup", "--study", "split", "--study", "sweep"),
        *("--counts", "100"),
        # Absolute on purpose, as the Makefile passes it: the manifest records it relative.
        *("--hyperfine", str(HYPERFINE)),
    )
    files = [path for path in (out / "raw").rglob("*") if path.is_file()]
    # Every kind of file that used to hold the path is there to be checked.
    names = {str(path.relative_to(out / "raw")) for path in files}
    assert {
        layout.MANIFEST,
        layout.ENVIRONMENT,
        layout.SWEEP_JSON,
        layout.SWEEP_LOG,
        layout.hyperfine_json(layout.STARTUP),
        layout.hyperfine_log(layout.SPLIT),
    } <= names
    leaking = sorted(str(p.relative_to(out)) for p in files if str(REPO) in p.read_text())
    assert leaking == []

    manifest = json.loads((out / "raw" / layout.MANIFEST).read_text())
    # hyperfine's export names each command (`--command-name`); the manifest keeps what ran.
    commands = [
        " ".join(command["argv"])
        for key in (layout.STARTUP, layout.SPLIT)
        for invocation in manifest["studies"][key]["hyperfine"]
        for command in invocation["commands"]
    ]
    assert ".venv/bin/python -c pass" in commands
    assert ".venv/bin/primes-fast 0" in commands
    assert ".venv/bin/primes --impl rust-naive 5000" in commands
    assert manifest["argv"][manifest["argv"].index("--hyperfine") + 1] == ".tools/bin/hyperfine"
    environment = json.loads((out / "raw" / layout.ENVIRONMENT).read_text())
    assert environment["toolchain"]["python_executable"] == str(
        Path(sys.executable).absolute().relative_to(REPO)
    )
    log = (out / "raw" / layout.SWEEP_LOG).read_text()
    assert "\nrootdir: .\n" in log
    assert f"Wrote benchmark data in: {layout.SWEEP_JSON}" in log
