"""`python -m bench.report` (`make report`) on a copy of the committed raw directory with one file
damaged: one line on stderr naming the file and what is wrong, a non-zero exit, no traceback,
and nothing written (the previous report stays as it was). Damage includes bytes that are not
UTF-8, values no measurement produces (with their JSON path) and a file the manifest lists
deleted (refused as missing, not reported as a study that did not run).

The command itself runs in a child process for the cases that are not a damaged raw file; the
damaged files go through the same `main` in this process, which loads matplotlib and resamples
the committed run's ratios once for all of them instead of once per case."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from committed_run import raw_dir

from bench.paths import REPO
from bench.raw import layout
from bench.report.__main__ import main as report_main

COMMITTED = raw_dir()
REPORT = (sys.executable, "-m", "bench.report")
#: Damages a raw file in place; returns a regular expression the one-line error must match.
Damage = Callable[[Path], str]

pytestmark = pytest.mark.skipif(
    not (COMMITTED / layout.MANIFEST).exists(), reason="no committed results/reference/raw yet"
)


def _report(raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*REPORT, "--raw", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def _report_in_process(raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bench.report --raw RAW --out OUT`'s `main`, here: its exit status and what it
    printed. Anything but a return or an exit (a traceback) fails the test as it would fail
    the command."""
    argv = ["--raw", str(raw), "--out", str(out)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = report_main(argv)
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(
        [*REPORT, *argv], status, stdout.getvalue(), stderr.getvalue()
    )


def _report_on_damaged_copy(
    tmp_path: Path, name: str, damage: Damage
) -> tuple[subprocess.CompletedProcess[str], Path, str]:
    """Report from a copy of the committed raw files with `name` damaged, into an output
    directory holding a previous report; returns the run, the output directory and the
    pattern `damage` says the error matches."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(COMMITTED, raw)
    out.mkdir()
    (out / "REPORT.md").write_text("the previous report\n")
    problem = damage(raw / name)
    return _report_in_process(raw, out), out, problem


def _truncate(path: Path) -> str:
    # Cut after a comma near the middle: a cut inside a number reads as a malformed number.
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b",", 0, len(data) // 2) + 1])
    return re.escape("not JSON (Input data was truncated)")


def _threads_as_text(path: Path) -> str:
    data = json.loads(path.read_text())
    data["settings"]["threads"] = "two"
    path.write_text(json.dumps(data))
    return re.escape("Expected `int`, got `str` - at `$.settings.threads`")


def _cpu_as_list(path: Path) -> str:
    data = json.loads(path.read_text())
    data["cpu"] = ["AMD EPYC"]
    path.write_text(json.dumps(data))
    return re.escape("Expected `object`, got `array` - at `$.cpu`")


def _garbage(path: Path) -> str:
    path.write_bytes(b"\x00garbage")
    return re.escape("not JSON (JSON is malformed: invalid character (byte 0))")


#: Files that are not what they claim to be: cut short, a field of the wrong type.
CASES: list[tuple[str, Damage]] = [
    (layout.MANIFEST, _truncate),
    (layout.ENVIRONMENT, _truncate),
    (layout.CORRECTNESS, _truncate),
    (layout.SWEEP_JSON, _truncate),
    (layout.THREADS_JSON, _truncate),
    (layout.THREADS_JSON, _threads_as_text),
    (layout.ENVIRONMENT, _cpu_as_list),
    (layout.hyperfine_json("talk-pypy"), _garbage),
]


def test_a_hyperfine_export_that_disagrees_with_the_manifest_is_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(COMMITTED, raw)
    path = raw / layout.hyperfine_json("startup")
    data = json.loads(path.read_text())
    listed = len(data["results"])
    data["results"] = data["results"][:1]
    path.write_text(json.dumps(data))
    done = _report(raw, tmp_path / "out")
    assert done.returncode == 1
    assert done.stderr == (
        f"report: cannot read {path}: {layout.MANIFEST} lists {listed} commands, "
        "this file has results for 1\n"
    )


def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file, not a directory\n")
    done = _report(COMMITTED, out)
    assert done.returncode == 1
    assert done.stderr == f"report: cannot write {out}: Not a directory\n"


def _not_utf8(path: Path) -> str:
    # A byte that cannot start a UTF-8 character, inside the file's first string value.
    data = path.read_bytes()
    at = data.index(b'": "') + len(b'": "')
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    return re.escape(f"not UTF-8 (invalid start byte at byte {at})")


def _every_float_huge(path: Path) -> str:
    def replaced(node: object) -> object:
        if isinstance(node, dict):
            return {key: replaced(item) for key, item in node.items()}
        if isinstance(node, list):
            return [replaced(item) for item in node]
        return 1e308 if isinstance(node, float) else node

    path.write_text(json.dumps(replaced(json.loads(path.read_text()))))
    return r"Expected `float` <= 1000000\.0 - at `\$[^`]+`"


def _negative_steady_seconds(path: Path) -> str:
    data = json.loads(path.read_text())
    data["settings"]["steady_min_seconds"] = -0.1
    path.write_text(json.dumps(data))
    return re.escape("Expected `float` >= 0.0 - at `$.settings.steady_min_seconds`")


def _huge_settings_target(path: Path) -> str:
    # The boundary study's settings: no section shows them, but they are what it measured with.
    data = json.loads(path.read_text())
    data["settings"]["target"] = 1e308
    path.write_text(json.dumps(data))
    return re.escape("Expected `float` <= 1000000.0 - at `$.settings.target`")


def _deleted(path: Path) -> str:
    path.unlink()
    return r"missing, though manifest\.json lists it \((the run|the [a-z-]+ study)\)"


#: Readable files holding a value no run writes, or deleted though the manifest lists them.
REFUSED: list[tuple[str, Damage]] = [
    (layout.MANIFEST, _not_utf8),
    (layout.COSTS_JSON, _not_utf8),
    (layout.FIRST_CALL_JSON, _not_utf8),
    *(
        (name, _every_float_huge)
        for name in (
            layout.SWEEP_JSON,
            layout.hyperfine_json("talk-pypy"),
            layout.hyperfine_json("startup"),
            layout.hyperfine_json("split"),
            layout.FIRST_CALL_JSON,
            layout.TARGETS_JSON,
        )
    ),
    (layout.FIRST_CALL_JSON, _negative_steady_seconds),
    (layout.BOUNDARY_JSON, _huge_settings_target),
    *(
        (name, _deleted)
        for name in (
            layout.CORRECTNESS,
            layout.FIRST_CALL_JSON,
            layout.BOUNDARY_JSON,
            layout.COSTS_JSON,
            layout.TARGETS_JSON,
            layout.THREADS_JSON,
            layout.ENVIRONMENT,
            layout.SWEEP_JSON,
        )
    ),
]


@pytest.mark.parametrize(
    ("name", "damage"),
    CASES + REFUSED,
    ids=[f"{name}-{damage.__name__[1:]}" for name, damage in CASES + REFUSED],
)
def test_a_damaged_raw_file_is_one_line_naming_it(
    tmp_path: Path, name: str, damage: Damage
) -> None:
    done, out, problem = _report_on_damaged_copy(tmp_path, name, damage)
    assert done.returncode == 1, done.stderr
    pattern = rf"report: cannot read {re.escape(str(tmp_path / 'raw' / name))}: {problem}\n"
    assert re.fullmatch(pattern, done.stderr), done.stderr
    assert done.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["REPORT.md"]
    assert (out / "REPORT.md").read_text() == "the previous report\n"
