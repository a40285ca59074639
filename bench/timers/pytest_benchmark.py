"""Runs the pytest-benchmark suite (`suite/`) over a plan of (implementation, count) cases.

The suite runs in its own pytest process with pytest-benchmark's calibration; the raw files are
its `--benchmark-json` and its log. The log is as printed but for three paths: pytest's
interpreter and rootdir (`-v`) and where pytest-benchmark wrote its JSON (a staging directory)
are recorded relative to the repository and the raw directory, so it names no machine path.
The JSON holds none either, once two fields pytest-benchmark fills in are dropped (`scrub`):
`machine_info.node`, the host name, and `commit_info.project`, the clone's directory name (or
its remote's). What says what kind of machine it was (CPU, cores, OS, Python build) and the git
commit stay.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from bench.paths import without_repo
from bench.progress import Task
from bench.timers import stream
from bench.timers.errors import MeasurementError

SUITE = Path(__file__).parent / "suite" / "test_first_n.py"


#: The fields of pytest-benchmark's JSON that name the host or a folder of whoever ran it.
IDENTIFYING = {"machine_info": ("node",), "commit_info": ("project",)}


def scrub(json_file: Path) -> None:
    """Drop the `IDENTIFYING` fields from pytest-benchmark's JSON, in place.

    Anything else is left as pytest-benchmark wrote it (its 4-space indent, key order); a file
    that is missing or not a JSON object is left for the raw-file reader to refuse.
    """
    try:
        document = json.loads(json_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return
    if not isinstance(document, dict):
        return
    for section, keys in IDENTIFYING.items():
        fields = document.get(section)
        if isinstance(fields, dict):
            for key in keys:
                fields.pop(key, None)
    json_file.write_text(json.dumps(document, indent=4), encoding="utf-8")


def run(
    python: Path,
    options: Sequence[str],
    cases: Sequence[tuple[str, int]],
    *,
    json_file: Path,
    log: Path,
    plan_file: Path,
    cwd: Path,
    task: Task,
) -> None:
    """Time every (implementation, count) case, writing `json_file` and `log`."""
    plan_file.write_text(
        json.dumps([{"name": name, "count": count} for name, count in cases]), encoding="utf-8"
    )
    argv = [
        str(python),
        "-m",
        "pytest",
        str(SUITE.relative_to(cwd)),
        "-v",
        "-p",
        "no:cacheprovider",
        "--benchmark-only",
        f"--benchmark-json={json_file}",
        "--benchmark-columns=min,median,mean,stddev,iqr,rounds,iterations",
        *options,
        f"--bench-plan={plan_file}",
    ]

    def on_line(line: str) -> None:
        if "::test_first_n[" in line and any(
            word in line for word in ("PASSED", "FAILED", "ERROR", "SKIPPED")
        ):
            task.advance()
            task.status(line.split("[", 1)[1].split("]", 1)[0])

    def recorded(line: bytes) -> bytes:
        text = line.decode("utf-8", errors="surrogateescape").replace(
            str(json_file), json_file.name
        )
        return without_repo(text, cwd).encode("utf-8", errors="surrogateescape")

    # A run started from a pytest-xdist worker (the harness's own tests) passes the worker's
    # variables on; pytest-benchmark would then take itself for a worker and disable timing.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_XDIST_")}
    status = stream.to_log(argv, cwd=cwd, log=log, on_line=on_line, rewrite=recorded, env=env)
    if status != 0:
        raise MeasurementError(
            f"pytest-benchmark exited with status {status}:\n" + "\n".join(stream.tail(log, 15))
        )
    scrub(json_file)
    task.status("")
