"""Bad usage and unwritable outputs are refused before any measuring, by the command's `main`,
each with one line and its own exit status: a blank `--against`, an output path that cannot be
written, valgrind missing before a base is built.

`main` runs in this process, its output captured: a subprocess would add only the interpreter's
start-up and imports, and `python -m bench.gate` itself is run by test_gate.py and
test_termination.py. A refusal that came too late would show as "counting instructions" in the
captured output (see `one_line_error`).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmpfs import mounted

from bench.gate import cli, modes, outputs


def gate(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bench.gate ARGS` in this process: its exit status and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            status = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["python", "-m", "bench.gate", *args], status,
                                       out.getvalue(), err.getvalue())  # fmt: skip


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stdout + done.stderr
    assert "counting instructions" not in done.stderr, "it measured before refusing"
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("perf-gate")]
    return line


@pytest.mark.parametrize("ref", ["", " ", "\t"])
def test_a_blank_against_is_bad_usage_not_the_committed_baseline(ref: str) -> None:
    done = gate("check", "--impl", "rust-naive", "--against", ref)
    assert done.returncode == 2 == cli.Exit.USAGE, done.stdout + done.stderr
    assert done.stderr.splitlines()[-1] == (
        "python -m bench.gate: error: --against needs a git ref "
        "(an empty or blank REF names no commit)"
    )
    assert "baseline:" not in done.stdout


def test_output_exit_status_is_its_own() -> None:
    statuses = [int(code) for code in cli.Exit]
    assert len(set(statuses)) == len(statuses)
    assert int(cli.Exit.OUTPUT_FAILED) == 8


def tmpfs(folder: Path, options: str) -> contextlib.AbstractContextManager[Path]:
    return mounted(folder, options)


@contextlib.contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder no file can be created in: a read-only tmpfs as root, else permissions."""
    folder = tmp_path / "read-only"
    if os.geteuid() == 0:
        with tmpfs(folder, "ro,size=64k"):
            yield folder
        return
    folder.mkdir()
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("option", ["--json", "--markdown", "--bmf", "--github-benchmark"])
def test_an_output_path_that_is_a_folder_is_refused_before_measuring(
    option: str, tmp_path: Path
) -> None:
    done = gate("check", "--impl", "rust-naive", option, str(tmp_path))
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert one_line_error(done) == f"perf-gate: {option} {tmp_path}: is a folder, not a file"


def test_an_output_under_a_file_is_refused_before_measuring(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("precious\n")
    target = tmp_path / "file" / "summary.md"
    done = gate("check", "--impl", "rust-naive", "--markdown", str(target))
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert one_line_error(done) == (
        f"perf-gate: --markdown {target}: {tmp_path / 'file'} is not a folder"
    )
    assert (tmp_path / "file").read_text() == "precious\n"


def test_outputs_on_a_read_only_disk_are_refused_before_measuring(tmp_path: Path) -> None:
    with read_only_folder(tmp_path) as folder:
        for option, path in (("--json", folder / "check.json"), ("--bmf", folder / "a" / "b")):
            done = gate("check", "--impl", "rust-naive", option, str(path))
            assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
            assert one_line_error(done) == (
                f"perf-gate: {option} {path}: cannot create files in {folder} "
                "(permissions or a read-only disk)"
            )
        # The baseline `baseline` would write, too.
        done = gate("baseline", "--impl", "rust-naive", "--baseline", str(folder / "b.json"))
        assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr


def test_a_device_that_refuses_writes_is_one_line_and_exit_8() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    # Only writing finds it: the check passes, the write fails, with the option named.
    outputs.check_writable("--json", Path("/dev/full"))
    with pytest.raises(outputs.OutputError) as caught:
        outputs.write("--json", Path("/dev/full"), "{}\n")
    assert str(caught.value) == "--json /dev/full: cannot write: No space left on device"


def test_valgrind_is_checked_before_a_base_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A PATH with git and make but no valgrind: the base must not start building.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("git", "make"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} is not installed")
        (bin_dir / tool).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    done = gate("check", "--impl", "rust-naive", "--against", "HEAD~1")
    assert done.returncode == cli.Exit.NO_VALGRIND, done.stdout + done.stderr
    assert "building the base" not in done.stderr
    assert done.stderr.startswith("perf-gate: valgrind is not installed")


# --- --artifacts: only what the gate wrote is ever deleted --------------------------------------


def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "victim"
    (folder / "sub").mkdir(parents=True)
    (folder / "important.txt").write_text("precious\n")
    return folder


def test_a_folder_of_someone_elses_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = victim(tmp_path)
    done = gate("check", "--impl", "rust-naive", "--against", "HEAD", "--artifacts", str(folder))
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert one_line_error(done) == (
        f"perf-gate: --artifacts {folder}: holds files the gate did not write; name a new or "
        "empty folder (the gate only ever replaces its own subfolders there)"
    )
    assert "building the base" not in done.stderr
    assert (folder / "important.txt").read_text() == "precious\n"
    assert (folder / "sub").is_dir()


def test_a_file_as_artifacts_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("precious\n")
    with pytest.raises(outputs.OutputError, match="is not a folder"):
        outputs.check_artifacts(tmp_path / "file", ("base", "head"))
    assert (tmp_path / "file").read_text() == "precious\n"


def test_a_claimed_folder_loses_only_the_gates_own_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "artifacts"
    sides = ("base", "head")
    outputs.check_artifacts(folder, sides)  # new: fine
    outputs.prepare_artifacts(folder, sides)
    assert (folder / outputs.ARTIFACTS_MARKER).is_file()
    (folder / "base").mkdir()
    (folder / "base" / "rust-naive.count.callgrind.out").write_text("old\n")
    (folder / "notes.txt").write_text("mine\n")  # put there by someone, after the gate
    outputs.check_artifacts(folder, sides)  # the marker says it is the gate's
    outputs.prepare_artifacts(folder, sides)
    assert sorted(p.name for p in folder.iterdir()) == [outputs.ARTIFACTS_MARKER, "notes.txt"]


def test_an_older_gates_default_folder_is_still_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "artifacts"
    for side in ("base", "head"):
        (folder / side).mkdir(parents=True)
        (folder / side / "rust-naive.zero.callgrind.out").write_text("old\n")
    outputs.check_artifacts(folder, ("base", "head"))
    (folder / "head" / "keep.txt").write_text("mine\n")
    with pytest.raises(outputs.OutputError, match="holds files the gate did not write"):
        outputs.check_artifacts(folder, ("base", "head"))


# --- outputs that would overwrite each other or what the gate reads ----------------------------


def test_two_outputs_naming_one_file_are_refused_before_measuring(tmp_path: Path) -> None:
    # The Markdown appended to the JSON would leave neither readable.
    path = tmp_path / "out"
    done = gate("check", "--impl", "rust-naive", "--json", str(path), "--markdown", str(path))
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert one_line_error(done) == f"perf-gate: --markdown {path}: --json names the same file"
    assert not path.exists()


def test_an_output_over_the_baseline_it_compares_with_is_refused(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("precious\n")
    done = gate("check", "--impl", "rust-naive", "--baseline", str(baseline),
                "--json", str(tmp_path / "." / "baseline.json"))  # fmt: skip
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert one_line_error(done).endswith(
        f"would overwrite the baseline this check compares with ({baseline})"
    )
    assert baseline.read_text() == "precious\n"


def test_an_output_inside_the_artifacts_folder_is_refused(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    path = artifacts / "base" / "check.json"
    done = gate("check", "--impl", "rust-naive", "--against", "HEAD",
                "--artifacts", str(artifacts), "--json", str(path))  # fmt: skip
    assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
    assert "would overwrite the --artifacts folder, which the gate clears" in one_line_error(done)
    assert "building the base" not in done.stderr


def test_a_threshold_for_an_unknown_implementation_is_bad_usage() -> None:
    done = gate("check", "--impl", "rust-naive", "--threshold", "rust-naiev=5")
    assert done.returncode == cli.Exit.USAGE, done.stdout + done.stderr
    assert "--threshold rust-naiev=...: " in done.stderr.splitlines()[-1]


def test_a_full_disk_leaves_the_previous_output_whole(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=64k") as folder:
        path = folder / "check.json"
        path.write_text("the previous run's\n")
        with pytest.raises(outputs.OutputError, match="No space left on device"):
            outputs.write("--json", path, "x" * 200_000)  # more than the disk holds
        assert path.read_text() == "the previous run's\n"
        assert sorted(p.name for p in folder.iterdir()) == ["check.json"]
        outputs.write("--json", path, "{}\n")
        assert path.read_text() == "{}\n"


def test_ctrl_c_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(modes, "check_baseline", interrupted)
    assert cli.main(["check", "--impl", "rust-naive"]) == cli.Exit.INTERRUPTED == 130
    assert capsys.readouterr().err == "perf-gate: interrupted; nothing compared\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "--jobs must be from 1 to 64"),
        (["--jobs", "99999999999999999999"], "--jobs must be from 1 to 64"),
        (["--rounds", "1001"], "--rounds must be from 1 to 1,000"),
        (["--threshold", "=5"], "no implementation before '=': '=5'"),
    ],
    ids=["no-jobs", "countless-jobs", "endless-rounds", "threshold-without-name"],
)
def test_odd_counts_are_bad_usage(args: list[str], message: str) -> None:
    done = gate("check", "--impl", "rust-naive", *args)
    assert done.returncode == cli.Exit.USAGE, done.stdout + done.stderr
    assert message in done.stderr.splitlines()[-1]


def test_an_existing_output_on_a_read_only_disk_is_refused_before_measuring(
    tmp_path: Path,
) -> None:
    # A previous output on a disk remounted read-only: refused before minutes of measuring.
    with tmpfs(tmp_path / "disk", "size=64k") as folder:
        path = folder / "check.json"
        path.write_text("the previous run's\n")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        done = gate("check", "--impl", "rust-naive", "--json", str(path))
        assert done.returncode == cli.Exit.OUTPUT_FAILED, done.stdout + done.stderr
        assert one_line_error(done) == (
            f"perf-gate: --json {path}: not writable (permissions or a read-only disk)"
        )
        assert path.read_text() == "the previous run's\n"
