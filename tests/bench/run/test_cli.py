"""`python -m bench`'s command line, without measuring anything.

Usage errors go through `main` in this process (`_usage`): argparse's exit status and message
are the same there, and a child would spend most of its time importing the harness. The
command itself runs as a child where its own entry point is the point (--help, Ctrl-C while
loading) or where it loads implementations (numba) this process should not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.paths import REPO
from bench.run.cli import main


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_help_lists_the_options_and_studies() -> None:
    done = _bench("--help")
    assert done.returncode == 0
    for option in ("--impl NAME", "--counts", "--quick", "--full", "--out", "--study NAME"):
        assert option in done.stdout
    for study in ("talk", "startup", "sweep"):
        assert f"{study}:" in done.stdout


def _usage(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """`python -m bench ARGS`'s `main`, here, refusing ARGS as a usage error (exit status 2,
    nothing on stdout); returns what it said on stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    said = capsys.readouterr()
    assert (exited.value.code, said.out) == (2, ""), said.err
    return said.err


def test_an_unknown_implementation_is_refused_before_measuring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    said = _usage(capsys, "--impl", "fortran-naive", "--out", str(tmp_path / "out"))
    assert "unknown implementation 'fortran-naive'" in said
    assert not (tmp_path / "out").exists()


def test_bad_counts_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said = _usage(capsys, "--counts", "100,ten", "--out", str(tmp_path / "out"))
    assert "comma-separated integers" in said


def test_quick_and_full_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    assert "not allowed with argument" in _usage(capsys, "--quick", "--full")


def test_a_missing_hyperfine_stops_the_run_and_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "REPORT.md").write_text("previous")
    done = _bench(
        "--study", "talk", "--hyperfine", str(tmp_path / "no-hyperfine"), "--out", str(out)
    )
    assert done.returncode == 1
    assert "hyperfine not found" in done.stderr
    assert [p.name for p in out.iterdir()] == ["REPORT.md"]
    assert (out / "REPORT.md").read_text() == "previous"


def test_a_blank_out_is_bad_usage_not_the_current_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # What make leaves of `--out "$(DIR)"` with DIR unset: Path("") is ".", and the run
    # went into the repository's root.
    for blank in ("", " "):
        said = _usage(capsys, "--study", "first-call", "--out", blank)
        assert said.splitlines()[-1] == (
            "python -m bench: error: argument --out: a blank path is no output directory"
        )
    assert not (REPO / ".bench-lock").exists()


def test_an_out_that_is_no_directory_is_one_line() -> None:
    # /proc cannot hold a file (the lock's open fails with ENOENT); /dev/null is a file.
    for out, reason in (("/proc", "No such file or directory"), ("/dev/null", "Not a directory")):
        done = _bench("--quick", "--impl", "pure-naive", "--study", "first-call", "--out", out)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        assert done.stderr.splitlines()[-1] == f"bench: cannot write results to {out}: {reason}"


#: `python -m bench ARGS` with a Ctrl-C (KeyboardInterrupt) at the moment it imports numpy,
#: as a real Ctrl-C in the first seconds of `make bench-quick` landed.
CTRL_C_AT_IMPORT = """
import runpy, sys
class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy":
            raise KeyboardInterrupt
sys.meta_path.insert(0, CtrlC())
sys.argv[0] = "bench"
runpy.run_module("bench", run_name="__main__")
"""


def test_ctrl_c_while_loading_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_IMPORT, "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (130, ""), done.stderr
    assert done.stderr == "bench: interrupted before measuring; nothing was written\n"
    assert not out.exists()
