"""No run replaces the published reference: a full run goes to its machine's directory, a
partial one to scratch, and `--out` into the reference is refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import primes
from bench import paths
from bench.raw import layout
from bench.run import cli, destination, driver, machine
from bench.run.errors import RunRefused
from bench.studies import STUDIES
from bench.studies.config import RunConfig, Tools

EVERY_STUDY = [study.name for study in STUDIES]


def _config(**changes: object) -> RunConfig:
    python = Path(sys.executable)
    settings: dict[str, object] = {
        "implementations": tuple(primes.names()),
        "quick": False,
        "studies": tuple(EVERY_STUDY),
        "tools": Tools(python, python.parent, Path("/nonexistent/hyperfine")),
    }
    settings.update(changes)
    return RunConfig(**settings)  # type: ignore[arg-type]


def test_the_full_plan_is_not_partial() -> None:
    assert destination.partial(_config(), primes.names(), EVERY_STUDY) == []
    shuffled = _config(implementations=tuple(reversed(primes.names())))
    assert destination.partial(shuffled, primes.names(), EVERY_STUDY) == []


def test_anything_less_is_partial() -> None:
    every = len(primes.names())
    config = _config(
        implementations=("rust-naive", "cython-naive"),
        quick=True,
        studies=("sweep",),
        counts=(1000, 5000),
    )
    assert destination.partial(config, primes.names(), EVERY_STUDY) == [
        "--quick",
        f"2 of {every} implementations",
        f"1 of {len(EVERY_STUDY)} studies",
        "--counts 1000,5000",
    ]


MACHINE = "some-cpu-2c-linux-x86_64-py3.11"
#: What the command line makes of a machine that says only its CPU model (`Some Chip 9000`).
SOME_MACHINE = "some-chip-9000-unknown-cores-unknown-unknown-unknown-python"


def _machine() -> str:
    return MACHINE


def _no_machine() -> str:
    raise AssertionError("a partial run or one with --out does not ask which machine this is")


def test_a_partial_run_without_out_goes_to_scratch() -> None:
    chosen = destination.choose(None, ["--counts 1000"], _no_machine)
    assert chosen.out == destination.SCRATCH == paths.RESULTS / "scratch"
    assert "a partial run (--counts 1000)" in chosen.why
    assert "keeps the published reference" in chosen.why


def test_a_full_run_goes_to_its_machines_directory_and_out_wins() -> None:
    full = destination.choose(None, [], _machine)
    assert full.out == paths.RESULTS / "machines" / MACHINE
    assert "a full run on this machine" in full.why
    assert "`make publish` replaces it" in full.why
    assert destination.choose(Path("/tmp/x"), ["--quick"], _no_machine).out == Path("/tmp/x")


@pytest.mark.parametrize(
    "out", [paths.REFERENCE, paths.REFERENCE / "raw", paths.RESULTS / "reference" / "."]
)
def test_out_into_the_reference_is_refused(out: Path) -> None:
    with pytest.raises(destination.IntoReference, match="only by `make publish`"):
        destination.choose(out, [], _no_machine)


def _destination_of(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where `python -m bench ARGV` would write, without measuring anything."""
    chosen: list[Path] = []

    def refuse(config: RunConfig, out: Path, *args: object, **kwargs: object) -> None:
        chosen.append(out)
        raise RunRefused("stopped by the test")

    monkeypatch.setattr(driver, "run", refuse)
    monkeypatch.setattr(machine, "here", lambda python: {"cpu": {"model": "Some Chip 9000"}})
    assert cli.main(argv) == 1
    return chosen[0]


def test_the_readme_example_leaves_the_reference_results_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--impl", "rust-naive", "--impl", "cython-naive", "--counts", "1000,5000"]
    assert _destination_of(argv, monkeypatch) == destination.SCRATCH
    lines = capsys.readouterr().err.splitlines()
    said = [line for line in lines if line.startswith("results go to ")]
    assert len(said) == 1
    assert "a partial run (2 of " in said[0]
    assert "keeps the published reference" in said[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], paths.MACHINES / SOME_MACHINE),
        (["--full"], paths.MACHINES / SOME_MACHINE),
        (["--quick"], destination.SCRATCH),
        (["--study", "talk"], destination.SCRATCH),
        (["--quick", "--out", "/tmp/elsewhere"], Path("/tmp/elsewhere")),
    ],
)
def test_where_each_run_goes(
    argv: list[str], expected: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _destination_of(argv, monkeypatch) == expected


def test_naming_every_implementation_is_the_full_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = [option for name in primes.names() for option in ("--impl", name)]
    assert _destination_of(argv, monkeypatch).parent == paths.MACHINES


def test_out_into_the_reference_exits_1_and_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(driver, "run", lambda *args, **kwargs: pytest.fail("it ran"))
    assert cli.main(["--quick", "--out", str(paths.REFERENCE)]) == 1
    err = capsys.readouterr().err
    assert "only by `make publish`" in err


def test_a_machines_run_and_a_scratch_run_are_ignored_by_git_but_the_reference_is_not() -> None:
    import subprocess

    def ignored(path: Path) -> bool:
        done = subprocess.run(
            ["git", "check-ignore", "--quiet", "--no-index", str(path)],
            cwd=paths.REPO,
            check=False,
        )
        assert done.returncode in (0, 1), "git check-ignore failed"
        return done.returncode == 0

    for written in ("raw/manifest.json", "REPORT.md", "report.html", "plots/scaling.svg"):
        assert ignored(paths.MACHINES / MACHINE / written)
        assert ignored(paths.SCRATCH / written)
        assert not ignored(paths.REFERENCE / written)


def test_a_machines_run_ends_by_saying_how_to_compare_or_publish_it() -> None:
    steps = cli.next_steps(paths.MACHINES / MACHINE)
    assert steps == [
        f"beside the reference: make compare RUNS='results/reference results/machines/{MACHINE}'",
        "to make this run the reference (results/reference/ and README's verdict): "
        f"make publish RUN=results/machines/{MACHINE}",
    ]
    assert cli.next_steps(paths.SCRATCH) == []


def test_a_one_core_run_ends_by_saying_how_to_commit_it_beside_the_reference(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(paths, "MACHINES", tmp_path)
    run = tmp_path / "amd-epyc-1c-linux-x86_64-v3-py3.11"
    cpu = {"model": "AMD EPYC", "machine": "x86_64", "logical_cores": 2, "usable_cores": 1}
    environment = {"cpu": cpu, "os": {"system": "Linux"}, "toolchain": {"python": "3.11.7"}}
    (run / "raw").mkdir(parents=True)
    (run / "raw" / layout.ENVIRONMENT).write_text(json.dumps(environment))
    last = cli.next_steps(run)[-1]
    assert last.startswith("to commit it as one core of amd-epyc-2c-linux-x86_64-py3.11 (taskset)")
    assert last.endswith(f"make publish BESIDE=1 RUN={destination.shown(run).rstrip('/')}")
