"""What `bench.timers.pytest_benchmark.run` leaves in the raw file: the machine's kind, not the
host's name or the folder the clone lives in. The record is made by pytest-benchmark's own
functions (its plugin's machine info, its utils' commit info), run in a folder with a
distinctive name under a fake host name; only the child process is left out."""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pytest_benchmark.plugin import pytest_benchmark_generate_machine_info
from pytest_benchmark.utils import get_commit_info

from bench.paths import REPO
from bench.timers import pytest_benchmark, stream

HOST = "host-of-zebulon-quarles"
FOLDER = "clone-of-zebulon-quarles"


class _Task:
    def advance(self, steps: int = 1) -> None:
        pass

    def status(self, text: str) -> None:
        pass


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """pytest-benchmark's machine and commit info as it would record them in FOLDER on HOST."""
    folder = tmp_path / FOLDER
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setattr(platform, "node", lambda: HOST)
    machine = pytest_benchmark_generate_machine_info()
    commit = get_commit_info()
    # The control: unscrubbed, pytest-benchmark does record both.
    assert machine["node"] == HOST
    assert commit["project"] == FOLDER
    return {"machine_info": machine, "commit_info": commit, "benchmarks": [], "version": "5"}


def test_the_raw_file_names_neither_the_host_nor_the_folder(
    record: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    json_file = tmp_path / "raw" / "pytest-benchmark.json"
    json_file.parent.mkdir()

    def child(argv: Sequence[str], *, log: Path, **_: Callable[..., object] | Path) -> int:
        """pytest-benchmark's part: its JSON where --benchmark-json says."""
        assert f"--benchmark-json={json_file}" in argv
        json_file.write_text(json.dumps(record, indent=4), encoding="utf-8")
        log.write_text("", encoding="utf-8")
        return 0

    monkeypatch.setattr(stream, "to_log", child)
    pytest_benchmark.run(
        Path("python"),
        [],
        [("rust-naive", 100)],
        json_file=json_file,
        log=tmp_path / "raw" / "pytest-benchmark.log",
        plan_file=tmp_path / "plan.json",
        cwd=REPO,
        task=_Task(),
    )
    text = json_file.read_text(encoding="utf-8")
    assert HOST not in text
    assert FOLDER not in text
    written = json.loads(text)
    assert "node" not in written["machine_info"]
    assert "project" not in written["commit_info"]
    # What kind of machine it was stays, as pytest-benchmark recorded it.
    machine = record["machine_info"]
    assert isinstance(machine, dict)
    for key in ("machine", "system", "release", "python_version", "python_implementation"):
        assert written["machine_info"][key] == machine[key]
    assert written["machine_info"]["cpu"]["count"] == machine["cpu"]["count"]
    assert written["machine_info"]["cpu"]["brand_raw"] == machine["cpu"]["brand_raw"]


def test_a_file_that_is_not_a_json_object_is_left_for_the_reader(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.json"
    for content in (b"[1, 2]", b'{"machine_info": {"node": "x"', b'{"a": "\xff"}'):
        damaged.write_bytes(content)
        pytest_benchmark.scrub(damaged)
        assert damaged.read_bytes() == content
    pytest_benchmark.scrub(tmp_path / "missing.json")
    assert not (tmp_path / "missing.json").exists()
