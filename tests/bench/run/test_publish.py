"""`make publish` is the one act that replaces the reference and README's verdict; it says what
it replaces, and refuses a run that is not the full plan.

The runs are made up (`fake_run.one_plot`): a full run of one study, whose report is drawn and
installed as the published run's is, in a fraction of its time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fake_run import one_plot

from bench.raw import environment
from bench.raw.manifest import Manifest
from bench.report import readme
from bench.run import publish


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def setting(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A machine's run (the reference's raw files, dated a year later), an older reference, a
    README with a stale verdict."""
    reference = tmp_path / "reference"
    one_plot().write(reference / "raw")
    run = tmp_path / "machines" / "other-machine"
    shutil.copytree(reference / "raw", run / "raw")
    manifest = json.loads((run / "raw" / "manifest.json").read_text())
    manifest["started_utc"] = "2027-01-02 03:04:05 UTC"
    (run / "raw" / "manifest.json").write_text(json.dumps(manifest))
    (reference / "REPORT.md").write_text("the old report")
    (reference / "stays.txt").write_text("not the run's")
    readme_path = tmp_path / "README.md"
    readme_path.write_text(f"# T\n\n{readme.BEGIN}\nstale\n{readme.END}\n")
    return run, reference, readme_path


def test_publishing_replaces_the_reference_and_the_verdict_and_says_so(
    setting: tuple[Path, Path, Path],
) -> None:
    run, reference, readme_path = setting
    machine = f"machine {publish.machine.slug(environment.read(reference / 'raw'))}"
    published_on = Manifest.read(reference / "raw").started_utc[:10]
    said: list[str] = []
    written = publish.publish(run, said.append, reference=reference, readme_path=readme_path)
    assert _files(reference / "raw") == _files(run / "raw")
    assert (reference / "REPORT.md").read_text() != "the old report"
    assert (reference / "report.html").exists() and list((reference / "plots").glob("*.svg"))
    assert (reference / "stays.txt").read_text() == "not the run's"
    assert readme_path.read_text() == f"# T\n\n{readme.block(reference / 'raw')}\n"
    assert readme_path in written
    assert any(f"was full run of {published_on}, {machine}" in line for line in said), said
    assert any(f"is now full run of 2027-01-02, {machine}" in line for line in said), said
    assert not list(reference.glob(".bench-*"))  # no stage or lock left behind


def test_a_quick_run_is_not_published(setting: tuple[Path, Path, Path]) -> None:
    run, reference, readme_path = setting
    manifest = json.loads((run / "raw" / "manifest.json").read_text())
    manifest["mode"] = "quick"
    (run / "raw" / "manifest.json").write_text(json.dumps(manifest))
    before = _files(reference), readme_path.read_text()
    with pytest.raises(publish.PublishRefused, match="is a quick run; only a full run"):
        publish.publish(run, [].append, reference=reference, readme_path=readme_path)
    assert (_files(reference), readme_path.read_text()) == before


def test_a_directory_without_a_run_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds no run (raw/manifest.json is missing)" in err
    assert publish.main([str(tmp_path / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().err


def _one_core(run: Path) -> None:
    """Make `run` a `taskset -c 0` run of the same machine: one usable core of its cores."""
    env_file = run / "raw" / "environment.json"
    env = json.loads(env_file.read_text())
    env["cpu"]["usable_cores"] = 1
    env_file.write_text(json.dumps(env))


def test_another_machines_run_is_kept_beside_and_changes_neither_reference_nor_readme(
    setting: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    run, reference, readme_path = setting
    _one_core(run)
    before = _files(reference), readme_path.read_text()
    said: list[str] = []
    publish.publish_beside(run, said.append, beside=tmp_path / "beside", reference=reference)
    (kept,) = (tmp_path / "beside").iterdir()
    assert kept.name == publish.machine.slug(environment.read(run / "raw"))
    assert "-1c-" in kept.name
    assert _files(kept / "raw") == _files(run / "raw")
    assert "one core of" in (kept / "REPORT.md").read_text()  # labelled as the stand-in it is
    assert (_files(reference), readme_path.read_text()) == before
    now = [line for line in said if " is now full run of 2027-01-02" in line]
    assert len(now) == 1 and kept.name in now[0], said


def test_a_run_of_the_references_machine_is_not_kept_beside_it(
    setting: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    run, reference, _ = setting
    with pytest.raises(publish.PublishRefused, match="run of the reference's machine"):
        publish.publish_beside(run, [].append, beside=tmp_path / "beside", reference=reference)
    assert not (tmp_path / "beside").exists()
