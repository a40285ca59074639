"""The samples files of the in-process studies: written, read back, refused when malformed."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.raw import layout
from bench.raw.samples import Samples, SamplesFile, SamplesFormatError


def test_samples_round_trip(tmp_path: Path) -> None:
    data = SamplesFile("threads", {"count": 5000, "threads": 2})
    data.add("rust-naive/1", Samples(3, (0.1, 0.2)), implementation="rust-naive", threads="1")
    data.write(tmp_path / "x.json")
    again = SamplesFile.read(tmp_path / "x.json")
    assert again.settings == {"count": 5000, "threads": 2}
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


THREADS = {
    "format": 1,
    "study": "threads",
    "settings": {"count": 5000, "threads": 2},
    "cases": {
        "rust-naive/1": {
            "tags": {"implementation": "rust-naive", "threads": "1"},
            "loops": 3,
            "seconds": [0.1],
        },
    },
}


def _refusal(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    with pytest.raises(SamplesFormatError) as caught:
        SamplesFile.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    return str(caught.value).removeprefix(f"{path}: ")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["settings"].pop("threads"),
            "Object missing required field `threads` - at `$.settings`",
        ),
        (
            lambda d: d["settings"].update(threads="two"),
            "Expected `int`, got `str` - at `$.settings.threads`",
        ),
        (
            lambda d: d["cases"]["rust-naive/1"]["tags"].pop("implementation"),
            "Object missing required field `implementation` - at `$.cases[...].tags`",
        ),
        (
            lambda d: d["cases"]["rust-naive/1"]["tags"].update(threads="one"),
            "Expected `str` matching regex '^[0-9]{1,11}$' - at `$.cases[...].tags.threads`",
        ),
        (
            lambda d: d["cases"]["rust-naive/1"].update(seconds=[]),
            "Expected `array` of length >= 1 - at `$.cases[...].seconds`",
        ),
        (lambda d: d.update(study="boundary"), "study 'boundary' is not 'threads'"),
    ],
)
def test_what_the_threads_section_reads_is_checked(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    data = copy.deepcopy(THREADS)
    change(data)
    assert _refusal(tmp_path, layout.THREADS_JSON, data) == message


def test_a_boundary_case_is_checked_by_its_kind(tmp_path: Path) -> None:
    case = {"tags": {"kind": "call", "count": "0"}, "loops": 1, "seconds": [0.1]}
    data = {"format": 1, "study": "boundary", "cases": {"call/x/0": case}}
    assert _refusal(tmp_path, layout.BOUNDARY_JSON, data) == (
        "Object missing required field `implementation` - at `$.cases[...].tags`"
    )
    case["tags"] = {"kind": "list", "count": "many"}
    assert "at `$.cases[...].tags.count`" in _refusal(tmp_path, layout.BOUNDARY_JSON, data)


def test_a_target_is_checked(tmp_path: Path) -> None:
    target = {"goal": "g", "subject": "a", "reference": "b", "count": 10, "max_ratio": "2x"}
    data = {"format": 1, "study": "targets", "settings": {"targets": {"t": target}}, "cases": {}}
    assert _refusal(tmp_path, layout.TARGETS_JSON, data) == (
        "Expected `float`, got `str` - at `$.settings.targets[...].max_ratio`"
    )
