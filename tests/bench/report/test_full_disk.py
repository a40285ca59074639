"""`python -m bench.report` on a disk that fills up while it writes: one line naming the file it
could not write, and the previous report left as it was, byte for byte, with nothing of the
new one beside it. On a real full disk (a small tmpfs, where this process may mount one) and
on a simulated one (a write that fails half-way with ENOSPC), which always runs.

The report is a made-up run's with one plot (`fake_run`): it is written the same way as the
published run's, file by file into a staging directory swapped in at once, for a third of the
time; the room each test leaves follows from its files' sizes."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from committed_run import raw_dir
from fake_run import one_plot
from tmpfs import mounted

from bench import paths
from bench.raw import layout
from bench.report import __main__ as report_main

COMMITTED = raw_dir()
REPORT = (sys.executable, "-m", "bench.report")

needs_committed_run = pytest.mark.skipif(
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


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A made-up run whose report draws one plot, plots/startup-split.svg."""
    folder = tmp_path_factory.mktemp("run") / "raw"
    one_plot().write(folder)
    return folder


PLOT = "startup-split.svg"


@pytest.fixture(scope="module")
def report_files(raw: Path) -> dict[str, bytes]:
    """The files `raw`'s report is made of, by path in the output directory, as the report
    code renders them (the same wherever it is written, away from results/)."""
    from bench import report

    files = report.render(report.build(raw))
    assert list(files)[2:] == [f"plots/{PLOT}"]
    return {name: text.encode("utf-8") for name, text in files.items()}


def _report(raw: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*REPORT, "--raw", str(raw), *args], capture_output=True, text=True, cwd=paths.REPO
    )


def _report_again(out: Path) -> None:
    """With room again, `python -m bench.report` (its `main`, here) writes the whole report."""
    with contextlib.redirect_stdout(io.StringIO()) as said:
        assert report_main.main(["--raw", str(out / "raw")]) == 0
    assert said.getvalue().splitlines() == [
        str(out / name) for name in ("REPORT.md", "report.html", f"plots/{PLOT}")
    ]


# --- a simulated full disk: always runs ---


@pytest.fixture
def results(tmp_path: Path, raw: Path) -> Path:
    """A results folder: a copy of the made-up run's raw files beside a previous report."""
    out = tmp_path / "results"
    shutil.copytree(raw, out / "raw")
    _previous_report(out)
    return out


def test_a_write_that_fails_half_way_leaves_the_previous_report(
    results: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(results)
    real_write_text = Path.write_text

    def full_at_the_plot(self: Path, data: str, *args: object, **kwargs: object) -> int:
        if self.name == PLOT:  # the disk fills up half-way through this plot
            real_write_text(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_text(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full_at_the_plot)
    with pytest.raises(SystemExit) as exited:
        report_main.main(["--raw", str(results / "raw")])
    assert exited.value.code == 1
    said = capsys.readouterr()
    assert said.err == (
        f"report: cannot write {results / 'plots' / PLOT}: No space left on device; "
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


#: Where each real full disk fills up: while writing report.html (REPORT.md, written first, fits),
#: or while writing the plot (REPORT.md and report.html fit).
FULL_AT = ["report.html", "the plot"]


def _room(report_files: dict[str, bytes], full_at: str) -> int:
    """Free space to leave so that the disk fills up half-way through `full_at`."""
    sizes = {name: len(data) for name, data in report_files.items()}
    if full_at == "report.html":
        return sizes["REPORT.md"] + sizes["report.html"] // 2
    return sizes["REPORT.md"] + sizes["report.html"] + sizes[f"plots/{PLOT}"] // 2


@pytest.mark.slow
@pytest.mark.parametrize("full_at", FULL_AT)
def test_a_full_disk_leaves_the_previous_report_byte_for_byte(
    small_disk: Path, raw: Path, report_files: dict[str, bytes], full_at: str
) -> None:
    out = small_disk
    shutil.copytree(raw, out / "raw")
    before = _previous_report(out)
    filler = _fill(out, _room(report_files, full_at))
    done = _report(out / "raw")
    assert done.returncode == 1, done.stderr
    full = out / ("report.html" if full_at == "report.html" else f"plots/{PLOT}")
    assert done.stderr == (
        f"report: cannot write {full}: No space left on device; the report in {out} is unchanged\n"
    )
    filler.unlink()
    assert _tree(out) == before
    assert not [path for path in out.iterdir() if path.name.startswith(".bench-staging-")]
    # With room again, the same command writes the whole report, and nothing of the previous.
    _report_again(out)
    assert _tree(out) == report_files


@pytest.mark.slow
def test_out_on_a_full_disk_leaves_its_report_html_whole(
    small_disk: Path, raw: Path, report_files: dict[str, bytes]
) -> None:
    out = small_disk / "report"
    out.mkdir()
    before = _previous_report(out)
    _fill(small_disk, _room(report_files, "report.html"))
    done = _report(raw, "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"report: cannot write {out / 'report.html'}: No space left on device; "
        f"the report in {out} is unchanged\n"
    )
    assert _tree(out) == before


# --- python -m bench.compare --out: the same, for its one file ---


@needs_committed_run
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
