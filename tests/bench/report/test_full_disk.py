"""`python -m bench.report` on a disk that fills up while it writes: one line naming the file it
could not write, and the previous report left as it was, byte for byte, with nothing of the
new one beside it. On a real full disk (a small tmpfs, where this process may mount one) and
on a simulated one (a write that fails half-way with ENOSPC), which always runs."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from committed_run import raw_dir
from tmpfs import mounted

from bench import paths
from bench.raw import layout
from bench.report import __main__ as report_main

COMMITTED = raw_dir()
REPORT = (sys.executable, "-m", "bench.report")

pytestmark = pytest.mark.skipif(
    not (COMMITTED / layout.MANIFEST).exists(), reason="no committed results/reference/raw yet"
)

#: A previous report unlike the one the committed raw files give, and a plot no section draws:
#: any file the new report touched would differ from it.
PREVIOUS = {
    "REPORT.md": "the previous report\n",
    "report.html": "<p>the previous report</p>\n",
    "plots/scaling.svg": "<svg>the previous scaling plot</svg>\n",
    "plots/where-the-time-goes.svg": "<svg>the previous split</svg>\n",
    "plots/retired.svg": "<svg>a plot of a section since removed</svg>\n",
}


def _previous_report(out: Path) -> dict[str, bytes]:
    for name, text in PREVIOUS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    return _tree(out)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the raw files, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "raw" not in path.relative_to(folder).parts
    }


# --- a simulated full disk: always runs ---


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A results folder: a copy of the committed raw files beside a previous report."""
    out = tmp_path / "results"
    shutil.copytree(COMMITTED, out / "raw")
    _previous_report(out)
    return out


def test_a_write_that_fails_half_way_leaves_the_previous_report(
    results: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(results)
    real_write_text = Path.write_text

    def full_at_scaling(self: Path, data: str, *args: object, **kwargs: object) -> int:
        if self.name == "scaling.svg":  # the disk fills up half-way through this plot
            real_write_text(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_text(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full_at_scaling)
    with pytest.raises(SystemExit) as exited:
        report_main.main(["--raw", str(results / "raw")])
    assert exited.value.code == 1
    said = capsys.readouterr()
    assert said.err == (
        f"report: cannot write {results / 'plots' / 'scaling.svg'}: No space left on device; "
        f"the report in {results} is unchanged\n"
    )
    assert said.out == ""
    assert _tree(results) == before
    left = sorted(path.name for path in results.iterdir())
    assert left == ["REPORT.md", "plots", "raw", "report.html"]


def test_a_failed_swap_is_rolled_back(
    results: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every file written, then the last rename of the swap fails: the previous report returns."""
    before = _tree(results)
    real_replace = Path.replace

    def refuse_plots(self: Path, target: Path) -> Path:
        if self.name == "plots" and self.parent.name.startswith(".bench-staging-"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", refuse_plots)
    with pytest.raises(SystemExit) as exited:
        report_main.main(["--raw", str(results / "raw")])
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        f"report: cannot write {results / 'plots'}: Input/output error; "
        f"the report in {results} is unchanged\n"
    )
    assert _tree(results) == before


# --- a real full disk: a small tmpfs ---


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs, unmounted afterwards; skipped where this process may not mount one."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    with mounted(tmp_path / "disk", "size=6m") as disk:
        yield disk


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all of `disk`'s free space but `leave` bytes."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


#: Free space left: less than report.html needs, and enough for REPORT.md and report.html but
#: not the plots.
ROOM = [100_000, 700_000]


@pytest.mark.slow
@pytest.mark.parametrize("room", ROOM)
def test_a_full_disk_leaves_the_previous_report_byte_for_byte(small_disk: Path, room: int) -> None:
    out = small_disk
    shutil.copytree(COMMITTED, out / "raw")
    before = _previous_report(out)
    filler = _fill(out, room)
    done = subprocess.run(
        [*REPORT, "--raw", str(out / "raw")], capture_output=True, text=True, cwd=paths.REPO
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"report: cannot write {out}/"), done.stderr
    assert done.stderr.endswith(f": No space left on device; the report in {out} is unchanged\n"), (
        done.stderr
    )
    filler.unlink()
    assert _tree(out) == before
    assert not [path for path in out.iterdir() if path.name.startswith(".bench-staging-")]
    # With room again, the same command writes the report the committed raw files give.
    again = subprocess.run(
        [*REPORT, "--raw", str(out / "raw")], capture_output=True, text=True, cwd=paths.REPO
    )
    assert again.returncode == 0, again.stderr
    committed = COMMITTED.parent / "plots"
    assert sorted(path.name for path in (out / "plots").iterdir()) == sorted(
        path.name for path in committed.iterdir()
    )
    for plot in committed.iterdir():
        assert (out / "plots" / plot.name).read_bytes() == plot.read_bytes(), plot.name
    assert (out / "REPORT.md").read_text().startswith("# ")


@pytest.mark.slow
def test_out_on_a_full_disk_leaves_its_report_html_whole(small_disk: Path, tmp_path: Path) -> None:
    out = small_disk / "report"
    out.mkdir()
    before = _previous_report(out)
    _fill(small_disk, 300_000)
    done = subprocess.run(
        [*REPORT, "--raw", str(COMMITTED), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=paths.REPO,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"report: cannot write {out / 'report.html'}: No space left on device; "
        f"the report in {out} is unchanged\n"
    )
    assert _tree(out) == before


# --- python -m bench.compare --out: the same, for its one file ---


@pytest.mark.parametrize("disk", ["read-only", "full"])
def test_compare_out_that_cannot_be_written_is_one_line(
    small_disk: Path, tmp_path: Path, disk: str
) -> None:
    other = tmp_path / "other"
    shutil.copytree(COMMITTED, other / "raw")
    # Another run, not a copy of the reference (which compare would show as one column).
    environment = other / "raw" / layout.ENVIRONMENT
    environment.write_text(environment.read_text() + "\n")
    out = small_disk / "compare.md"
    out.write_text("the previous comparison\n")
    if disk == "read-only":
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        reason = "Read-only file system"
    else:
        _fill(small_disk, 0)
        reason = "No space left on device"
    runs = [str(COMMITTED.parent), str(other)]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.compare", "--out", str(out), *runs],
            capture_output=True,
            text=True,
            cwd=paths.REPO,
            timeout=300,
        )
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr == f"compare: cannot write {out}: {reason}\n"
    assert out.read_text() == "the previous comparison\n"
    assert sorted(path.name for path in small_disk.iterdir() if path.name != "filler") == [
        "compare.md"
    ]
