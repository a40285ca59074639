"""`python -m bench`'s command line, without measuring anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.paths import REPO


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


def test_an_unknown_implementation_is_refused_before_measuring(tmp_path: Path) -> None:
    done = _bench("--impl", "fortran-naive", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "unknown implementation 'fortran-naive'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_bad_counts_are_refused(tmp_path: Path) -> None:
    done = _bench("--counts", "100,ten", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "comma-separated integers" in done.stderr


def test_quick_and_full_exclude_each_other() -> None:
    done = _bench("--quick", "--full")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


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


def test_a_blank_out_is_bad_usage_not_the_current_folder() -> None:
    # What make leaves of `--out "$(DIR)"` with DIR unset: Path("") is ".", and the run
    # went into the repository's root.
    for blank in ("", " "):
        done = _bench("--study", "first-call", "--out", blank)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines()[-1] == (
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
