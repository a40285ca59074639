"""manifest.json: written, read back, and refused with the file and field named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.paths import REPO
from bench.raw import layout
from bench.raw.manifest import (
    CommandSpec,
    HyperfineRecord,
    Manifest,
    ManifestFormatError,
    StudyRecord,
)


def manifest() -> Manifest:
    study = StudyRecord("talk", "The talk", files=["a.json", "a.json"], seconds=12.345)
    study.hyperfine.append(
        HyperfineRecord(
            json="hyperfine/talk.json",
            log="hyperfine/talk.log",
            options=("-N",),
            commands=(CommandSpec("primes 5", ("primes", "5"), {"count": "5"}),),
        )
    )
    return Manifest(
        mode="full", argv=["--study", "talk"], started_utc="t0", studies={"talk": study}
    )


def _promised_files(raw: Path) -> None:
    (raw / "hyperfine").mkdir()
    for name in ("a.json", "hyperfine/talk.json", "hyperfine/talk.log"):
        (raw / name).write_text("{}")


def test_a_manifest_reads_back_as_written(tmp_path: Path) -> None:
    manifest().write(tmp_path)
    _promised_files(tmp_path)
    again = Manifest.read(tmp_path)
    study = again.studies["talk"]
    assert study.files == ["a.json"]  # once each
    assert study.seconds == 12.3
    assert study.hyperfine[0].commands[0].command == "primes 5"
    assert again.argv == ["--study", "talk"] and again.mode == "full"


def test_the_file_keeps_its_layout(tmp_path: Path) -> None:
    manifest().write(tmp_path)
    data = json.loads((tmp_path / layout.MANIFEST).read_text())
    assert list(data) == [
        "format", "mode", "argv", "started_utc", "finished_utc", "implementations", "kinds",
        "studies",
    ]  # fmt: skip
    assert list(data["studies"]["talk"]) == [
        "name", "title", "files", "hyperfine", "notes", "seconds", "load",
    ]  # fmt: skip
    hyperfine = data["studies"]["talk"]["hyperfine"][0]
    assert list(hyperfine) == ["json", "log", "options", "commands", "names"]
    assert data["studies"]["talk"]["hyperfine"][0]["commands"][0] == {
        "label": "primes 5", "argv": ["primes", "5"], "tags": {"count": "5"},
    }  # fmt: skip


def test_the_committed_manifest_reads() -> None:
    assert "talk" in Manifest.read(REPO / "results" / "reference" / "raw").studies


def broken(tmp_path: Path, change: Any) -> str:
    manifest().write(tmp_path)
    path = tmp_path / layout.MANIFEST
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestFormatError) as caught:
        Manifest.read(tmp_path)
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_another_format_is_refused_as_such(tmp_path: Path) -> None:
    assert "manifest format 2 is not 1" in broken(tmp_path, lambda d: d.update(format=2))
    assert "manifest format None is not 1" in broken(tmp_path, lambda d: d.pop("format"))


def test_a_malformed_field_is_named(tmp_path: Path) -> None:
    message = broken(tmp_path, lambda d: d["studies"]["talk"]["hyperfine"][0].pop("log"))
    assert "Object missing required field `log` - at `$.studies[...].hyperfine[0]`" in message
    message = broken(tmp_path, lambda d: d["studies"]["talk"].update(seconds="long"))
    assert "Expected `float`, got `str` - at `$.studies[...].seconds`" in message


def test_not_json_is_refused(tmp_path: Path) -> None:
    (tmp_path / layout.MANIFEST).write_text("{")
    with pytest.raises(ManifestFormatError, match="not JSON"):
        Manifest.read(tmp_path)


def test_a_split_command_names_its_implementation_and_count(tmp_path: Path) -> None:
    def add_split(data: dict[str, Any], tags: dict[str, str]) -> None:
        run = dict(data["studies"]["talk"]["hyperfine"][0], json="hyperfine/split.json")
        run["commands"] = [dict(run["commands"][0], tags=tags)]
        data["studies"]["split"] = dict(data["studies"]["talk"], name="split", hyperfine=[run])

    message = broken(tmp_path, lambda d: add_split(d, {"count": "0"}))
    assert message.endswith(
        "Object missing required field `implementation` - at "
        "`$.studies.split.hyperfine[0].commands[0].tags`"
    )
    message = broken(tmp_path, lambda d: add_split(d, {"count": "n", "implementation": "x"}))
    assert "at `$.studies.split.hyperfine[0].commands[0].tags.count`" in message
