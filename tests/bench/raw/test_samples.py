"""The samples files of the in-process studies: written, read back, refused when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.raw.samples import Samples, SamplesFile, SamplesFormatError


def test_samples_round_trip(tmp_path: Path) -> None:
    data = SamplesFile("threads", {"count": 5000})
    data.add("rust-naive/1", Samples(3, (0.1, 0.2)), implementation="rust-naive", threads="1")
    data.write(tmp_path / "x.json")
    again = SamplesFile.read(tmp_path / "x.json")
    assert again.settings == {"count": 5000}
    assert again.select(threads="1")[0].samples == Samples(3, (0.1, 0.2))


@pytest.mark.parametrize("text", ["not json", '{"format": 99}', '{"format": 1, "study": "x"}'])
def test_bad_samples_files_are_clear_errors(tmp_path: Path, text: str) -> None:
    (tmp_path / "x.json").write_text(text)
    with pytest.raises(SamplesFormatError):
        SamplesFile.read(tmp_path / "x.json")
