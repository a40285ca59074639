"""Only a run of the whole plan replaces the reference results; a partial one goes to scratch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import primes
from bench import paths
from bench.run import cli, destination, driver
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


def test_a_partial_run_without_out_goes_to_scratch() -> None:
    chosen = destination.choose(None, ["--counts 1000"])
    assert chosen.out == destination.SCRATCH == paths.RESULTS / "scratch"
    assert "a partial run (--counts 1000)" in chosen.why
    assert "keeps the reference run" in chosen.why


def test_a_full_run_goes_to_results_and_out_wins() -> None:
    assert destination.choose(None, []).out == paths.RESULTS
    assert destination.choose(Path("/tmp/x"), ["--quick"]).out == Path("/tmp/x")
    told = destination.choose(paths.RESULTS, ["--quick"])
    assert told.out == paths.RESULTS
    assert told.why.endswith("--out given, replacing the reference run")


def _destination_of(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where `python -m bench ARGV` would write, without measuring anything."""
    chosen: list[Path] = []

    def refuse(config: RunConfig, out: Path, *args: object, **kwargs: object) -> None:
        chosen.append(out)
        raise RunRefused("stopped by the test")

    monkeypatch.setattr(driver, "run", refuse)
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
    assert "keeps the reference run" in said[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], paths.RESULTS),
        (["--full"], paths.RESULTS),
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
    assert _destination_of(argv, monkeypatch) == paths.RESULTS
