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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": 99}', "format 99 is not 1"),
        ('{"format": 1, "study": "x"}', "Object missing required field `cases`"),
        (
            '{"format": 1, "study": "x", "cases": '
            '{"a": {"tags": {}, "loops": 1, "seconds": [0.1, "0.2"]}}}',
            "Expected `float`, got `str` - at `$.cases[...].seconds[1]`",
        ),
    ],
)
def test_bad_samples_files_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(SamplesFormatError) as caught:
        SamplesFile.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
