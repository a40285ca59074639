"""threads.json: a samples file that also keeps, per batch, what each worker thread got of the
machine; read back as written, refused with one line naming what is wrong, and still a
samples file for readers that want the wall times only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.raw import layout
from bench.raw.samples import SamplesFile
from bench.raw.threads import Case, Round, Settings, Tags, ThreadsFile, ThreadsFormatError

BATCH = Round(wall=0.2, cpu=(0.19, 0.18), waited=(0.01, 0.0), busy=0.4, own=0.37)


def _file() -> ThreadsFile:
    data = ThreadsFile(settings=Settings(threads=2, count=5000, usable_cores=2))
    one = Round(wall=0.1, cpu=(0.1,), waited=(0.0,), busy=0.1, own=0.1)
    data.add(Case(tags=Tags("rust-naive", "1"), loops=4, seconds=(0.025,), rounds=(one,)))
    data.add(Case(tags=Tags("rust-naive", "2"), loops=4, seconds=(0.05,), rounds=(BATCH,)))
    return data


def test_a_threads_file_reads_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / layout.THREADS_JSON
    _file().write(path)
    again = ThreadsFile.read(path)
    assert again == _file()
    ((one, two),) = again.pairs()
    assert (one.implementation, one.threads, two.threads) == ("rust-naive", 1, 2)
    assert two.rounds[0].others == pytest.approx(0.03)


def test_a_samples_reader_still_finds_the_wall_times(tmp_path: Path) -> None:
    path = tmp_path / layout.THREADS_JSON
    _file().write(path)
    samples = SamplesFile.read(path)
    assert samples.settings["threads"] == 2
    assert samples.select(threads="2")[0].samples.seconds == (0.05,)


def test_unknown_load_is_none_not_zero() -> None:
    assert Round(wall=0.1, cpu=(0.1,)).others is None
    # A process's own CPU time read a little later than the cores' can exceed it.
    assert Round(wall=0.1, cpu=(0.1,), busy=0.1, own=0.11).others == 0.0


def _damage(tmp_path: Path, change: object) -> Path:
    path = tmp_path / layout.THREADS_JSON
    _file().write(path)
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["cases"]["rust-naive/2"]["rounds"][0].update(cpu=[0.1]),
            "1 values for 2 threads - at `$.cases['rust-naive/2'].rounds[0].cpu`",
        ),
        (
            lambda d: d["cases"]["rust-naive/2"]["rounds"][0].update(wall=0),
            "Expected `float` >= 1e-12 - at `$.cases[...].rounds[0].wall`",
        ),
        (
            lambda d: d["cases"]["rust-naive/1"]["rounds"][0].update(waited=[-1.0]),
            "Expected `float` >= 0.0 - at `$.cases[...].rounds[0].waited[0]`",
        ),
        (lambda d: d.update(study="boundary"), "study 'boundary' is not 'threads'"),
        (lambda d: d.update(format=2), "format 2 is not 1"),
    ],
)
def test_a_damaged_threads_file_is_one_line_naming_it(
    tmp_path: Path, change: object, message: str
) -> None:
    path = _damage(tmp_path, change)
    with pytest.raises(ThreadsFormatError) as caught:
        ThreadsFile.read(path)
    assert str(caught.value) == f"{path}: {message}"


def test_a_file_from_before_the_rounds_is_read_without_them(tmp_path: Path) -> None:
    path = _damage(tmp_path, lambda d: [case.pop("rounds") for case in d["cases"].values()])
    again = ThreadsFile.read(path)
    assert [case.rounds for case in again.cases.values()] == [(), ()]
