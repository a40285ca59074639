"""The hyperfine runner keeps the tool's output byte for byte and knows whose warnings are whose.

A stand-in `hyperfine` prints what hyperfine 1.20 prints, in the same order across its two
streams (a command's `--command-name` in place of the command, as 1.20 does), so nothing is
timed here; one test runs the pinned hyperfine itself.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import optional_tools
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw import hyperfine as hyperfine_json
from bench.raw.manifest import CommandSpec, HyperfineRecord
from bench.timers import hyperfine
from bench.timers.errors import MeasurementError

#: A `#!` line holding a space does not run on Linux (a checkout at "/tmp/with space/p"), so
#: sh starts the interpreter: the second line is sh's exec and, for Python, a string literal.
LAUNCHER = f"#!/bin/sh\n'''exec' \"{sys.executable}\" \"$0\" \"$@\"\n' '''\n"

FAKE = """\
{launcher}import json, sys
args = sys.argv[1:]
at = args.index("--export-json")
export, commands = args[at + 1], args[at + 2:]
names = []
while commands[:1] == ["--command-name"]:
    names.append(commands[1])
    commands = commands[2:]
results = []
for number, command in enumerate(names or commands, 1):
    print(f"Benchmark {{number}}: {{command}}", flush=True)
    print("  Time (mean ± σ):   1.0 ms ± 0.1 ms    [User: 0.5 ms, System: 0.1 ms]", flush=True)
    print("  Range (min … max):     0.9 ms …   1.2 ms    10 runs", flush=True)
    if number in {warn}:
        print(" ", file=sys.stderr, flush=True)
        print(f"  Warning: Statistical outliers were detected in {{number}}. Consider re-running.",
              file=sys.stderr, flush=True)
    print(" ", flush=True)
    results.append({{"command": command, "mean": 0.001, "stddev": 0.0001, "median": 0.001,
                    "user": 0.0005, "system": 0.0001, "min": 0.0009, "max": 0.0012,
                    "times": [0.001] * 10, "exit_codes": [{code}] * 10}})
json.dump({{"results": results}}, open(export, "w"))
sys.exit({status})
"""


def _run(tmp_path: Path, *, warn: str = "{1, 3}", code: int = 0, status: int = 0) -> Path:
    """Runs the timer with a stand-in hyperfine; returns the raw directory it wrote."""
    fake = tmp_path / "hyperfine"
    fake.write_text(
        textwrap.dedent(FAKE.format(launcher=LAUNCHER, warn=warn, code=code, status=status))
    )
    fake.chmod(0o755)
    raw = tmp_path / "raw"
    record = _hyperfine_into(raw, fake, ("--runs", "10"), COMMANDS, key="demo")
    (raw / "record.txt").write_text(f"{record.json}\n{record.log}\n")
    return raw


def _hyperfine_into(
    raw: Path, binary: Path, options: tuple[str, ...], specs: list[CommandSpec], *, key: str
) -> HyperfineRecord:
    """Runs `binary` as hyperfine on `specs`, writing into a new raw directory `raw`."""
    raw.mkdir()
    return hyperfine.run(
        binary, options, specs, raw=raw, key=key, cwd=REPO, task=NullReporter().task("", len(specs))
    )


COMMANDS = [CommandSpec(f"c{i}", ("/bin/echo", str(i))) for i in (1, 2, 3)]


def test_both_streams_are_kept_in_order_so_warnings_sit_under_their_command(
    tmp_path: Path,
) -> None:
    raw = _run(tmp_path)
    assert (raw / "record.txt").read_text().split() == ["hyperfine/demo.json", "hyperfine/demo.log"]
    assert [c.command for c in COMMANDS] == ["/bin/echo 1", "/bin/echo 2", "/bin/echo 3"]
    log = (raw / "hyperfine/demo.log").read_text(encoding="utf-8")
    assert log.count("Benchmark ") == 3 and log.count("Range (min … max):") == 3
    assert hyperfine_json.warnings_by_command(log) == [
        ["Statistical outliers were detected in 1. Consider re-running."],
        [],
        ["Statistical outliers were detected in 3. Consider re-running."],
    ]
    assert len(json.loads((raw / "hyperfine/demo.json").read_text())["results"]) == 3


def test_a_failing_hyperfine_stops_the_study(tmp_path: Path) -> None:
    with pytest.raises(MeasurementError, match="exited with status 1"):
        _run(tmp_path, status=1)


def test_a_command_exiting_non_zero_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MeasurementError, match="exited non-zero"):
        _run(tmp_path, code=1)


def _fake_export(tmp_path: Path, export: str) -> Path:
    """A stand-in hyperfine that exits 0 after writing `export` (Python source of the bytes)."""
    fake = tmp_path / "hyperfine"
    fake.write_text(
        f"{LAUNCHER}"
        "import sys\n"
        "args = sys.argv[1:]\n"
        'path = args[args.index("--export-json") + 1]\n'
        f"data = {export}\n"
        "if data is not None:\n"
        '    open(path, "wb").write(data)\n'
    )
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize(
    ("export", "problem"),
    [
        ('b\'{"results": [{"command": "/bin/ec\'', "not JSON (Input data was truncated)"),
        ("b'[]'", "Expected `object`, got `array`"),
        ("None", "missing"),
    ],
)
def test_an_export_hyperfine_damaged_is_a_measurement_error_naming_it(
    tmp_path: Path, export: str, problem: str
) -> None:
    fake = _fake_export(tmp_path, export)
    with pytest.raises(MeasurementError) as caught:
        _hyperfine_into(tmp_path / "raw", fake, (), COMMANDS, key="demo")
    assert str(caught.value) == f"hyperfine's export hyperfine/demo.json: {problem}"


def _program(tmp_path: Path, text: str, mode: int = 0o755) -> Path:
    path = tmp_path / "hyperfine"
    path.write_text(text)
    path.chmod(mode)
    return path


def test_the_pinned_hyperfine_passes_the_check() -> None:
    pinned = optional_tools.require("hyperfine", optional_tools.hyperfine())
    assert hyperfine.check_binary(pinned).startswith("hyperfine 1.")


def test_a_hyperfine_1x_passes_the_check(tmp_path: Path) -> None:
    fake = _program(tmp_path, "#!/bin/sh\necho 'hyperfine 1.20.0'\n")
    assert hyperfine.check_binary(fake) == "hyperfine 1.20.0"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp / "absent", "hyperfine not found at {path}; run `make hyperfine`"),
        (lambda tmp: tmp, "{path} is a directory, not the hyperfine binary"),
        (lambda tmp: _program(tmp, "#!/bin/sh\n", 0o644), "{path} is not executable"),
        (lambda tmp: _program(tmp, "not a program\n"), "{path} cannot be run: Exec format error"),
        (
            lambda tmp: _program(tmp, "#!/bin/sh\necho 'hyperfine 2.0.0'\n"),
            "{path} --version says 'hyperfine 2.0.0'; this driver reads hyperfine 1.x JSON",
        ),
        (
            lambda tmp: _program(tmp, "#!/bin/sh\necho 'cat (GNU coreutils) 9.1'\necho more\n"),
            "{path} --version says 'cat (GNU coreutils) 9.1'; this driver reads hyperfine 1.x JSON",
        ),
        (
            lambda tmp: _program(tmp, "#!/bin/sh\nexit 3\n"),
            "{path} --version says no version (exit status 3); "
            "this driver reads hyperfine 1.x JSON",
        ),
    ],
)
def test_anything_but_a_hyperfine_1x_is_refused_before_measuring(
    tmp_path: Path, make: Callable[[Path], Path], problem: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(MeasurementError) as caught:
        hyperfine.check_binary(path)
    assert str(caught.value) == problem.format(path=path)


def _spec(implementation: str, count: int) -> CommandSpec:
    return CommandSpec(
        f"primes --impl {implementation} {count}",
        (sys.executable, "-c", "pass", implementation, str(count)),
        {"kind": "split", "implementation": implementation, "count": str(count)},
    )


def test_commands_are_named_by_what_they_run() -> None:
    specs = [
        _spec("rust-naive", 0),
        CommandSpec(
            "python -c 'import primes._lib'",
            ("python", "-c", "import primes._lib"),
            {"kind": "import", "module": "primes._lib"},
        ),
        CommandSpec("python -c pass", ("python", "-c", "pass"), {"kind": "interpreter"}),
    ]
    assert hyperfine.command_names(specs) == (
        "rust-naive 0",
        "import primes._lib",
        "python -c pass",
    )


def test_names_that_would_collide_fall_back_to_the_labels() -> None:
    tags = dict(_spec("rust-naive", 5000).tags)
    twice = [_spec("rust-naive", 5000), CommandSpec("other", ("x",), tags)]
    assert hyperfine.command_names(twice) == ("primes --impl rust-naive 5000", "other")


def test_the_pinned_hyperfine_writes_each_name_into_its_export_and_log(tmp_path: Path) -> None:
    """hyperfine itself writes the names into its export (where its plot scripts read the
    boxes' labels) and its log; the record keeps the commands. `run` checks the export against
    the record's names, so it returning at all says the two agree."""
    pinned = optional_tools.require("hyperfine", optional_tools.hyperfine())
    raw = tmp_path / "raw"
    specs = [_spec("pure-naive", 0), _spec("rust-naive", 5000)]
    record = _hyperfine_into(raw, pinned, ("--runs", "2"), specs, key="named")
    export = json.loads((raw / record.json).read_text())
    assert [r["command"] for r in export["results"]] == ["pure-naive 0", "rust-naive 5000"]
    log = (raw / record.log).read_text(encoding="utf-8")
    assert "Benchmark 1: pure-naive 0" in log and "Benchmark 2: rust-naive 5000" in log
    assert record.commands == tuple(specs)
    assert record.commands[0].command.startswith(sys.executable)
