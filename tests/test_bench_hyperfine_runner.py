"""The hyperfine runner keeps the tool's output byte for byte and knows whose warnings are whose.

A stand-in `hyperfine` prints what hyperfine 1.20 prints, in the same order across its two
streams, so nothing is timed here.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # `bench` lives at the repository root

from bench import hyperfine_runner  # noqa: E402
from bench.config import RunConfig, Tools  # noqa: E402
from bench.correctness import Gate  # noqa: E402
from bench.progress import NullReporter  # noqa: E402
from bench.raw import hyperfine  # noqa: E402
from bench.raw.manifest import CommandSpec  # noqa: E402
from bench.studies.base import MeasurementError, StudyContext  # noqa: E402

FAKE = """\
#!{python}
import json, sys
args = sys.argv[1:]
at = args.index("--export-json")
export, commands = args[at + 1], args[at + 2:]
results = []
for number, command in enumerate(commands, 1):
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


def _context(
    tmp_path: Path, *, warn: str = "{1, 3}", code: int = 0, status: int = 0
) -> StudyContext:
    fake = tmp_path / "hyperfine"
    fake.write_text(
        textwrap.dedent(FAKE.format(python=sys.executable, warn=warn, code=code, status=status))
    )
    fake.chmod(0o755)
    python = Path(sys.executable)
    config = RunConfig(
        ("rust-naive",), quick=True, studies=("x",), tools=Tools(python, python.parent, fake)
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    return StudyContext(config, raw, tmp_path, Gate(python, cwd=ROOT), NullReporter())


COMMANDS = [CommandSpec(f"c{i}", ("/bin/echo", str(i))) for i in (1, 2, 3)]


def test_both_streams_are_kept_in_order_so_warnings_sit_under_their_command(
    tmp_path: Path,
) -> None:
    ctx = _context(tmp_path)
    record = hyperfine_runner.run(ctx, "demo", COMMANDS, title="demo")
    assert (record.json, record.log) == ("hyperfine/demo.json", "hyperfine/demo.log")
    assert [c.command for c in record.commands] == ["/bin/echo 1", "/bin/echo 2", "/bin/echo 3"]
    log = (ctx.raw / record.log).read_text(encoding="utf-8")
    assert log.count("Benchmark ") == 3 and log.count("Range (min … max):") == 3
    assert hyperfine.warnings_by_command(log) == [
        ["Statistical outliers were detected in 1. Consider re-running."],
        [],
        ["Statistical outliers were detected in 3. Consider re-running."],
    ]
    assert len(json.loads((ctx.raw / record.json).read_text())["results"]) == 3


def test_a_failing_hyperfine_stops_the_study(tmp_path: Path) -> None:
    with pytest.raises(MeasurementError, match="exited with status 1"):
        hyperfine_runner.run(_context(tmp_path, status=1), "demo", COMMANDS, title="demo")


def test_a_command_exiting_non_zero_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MeasurementError, match="exited non-zero"):
        hyperfine_runner.run(_context(tmp_path, code=1), "demo", COMMANDS, title="demo")
