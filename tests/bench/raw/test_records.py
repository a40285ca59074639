"""Reading a file as a record: msgspec's refusal, with the file named and the error type asked
for (always a `RawFileError`, one line); the format field read alone; records written as
indented JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
import pytest

from bench.raw import records


class Point(msgspec.Struct):
    count: Annotated[int, msgspec.Meta(ge=1)]


class Document(msgspec.Struct):
    name: str
    points: list[Point]
    format: int = 1


class Refused(records.RawFileError):
    pass


def read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "doc.json"
    path.write_text(text)
    return records.read(path, Document, Refused)


def test_a_valid_file_reads(tmp_path: Path) -> None:
    assert read(tmp_path, '{"name": "x", "points": [{"count": 2}]}').points == [Point(2)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"name": "x", "points": [{"count": 1}, {"count": 0}]}',
            "Expected `int` >= 1 - at `$.points[1].count`",
        ),
        (
            '{"name": "x", "points": [{"count": "2"}]}',
            "Expected `int`, got `str` - at `$.points[0].count`",
        ),
        ('{"points": []}', "Object missing required field `name`"),
        ("[]", "Expected `object`, got `array`"),
    ],
)
def test_a_refusal_names_the_file_the_field_and_what_was_expected(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(Refused) as caught:
        read(tmp_path, text)
    assert str(caught.value) == f"{tmp_path / 'doc.json'}: {message}"


def test_not_json_is_refused_as_such(tmp_path: Path) -> None:
    with pytest.raises(Refused, match=r"doc\.json: not JSON \("):
        read(tmp_path, '{"name": ')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "x", "points": [{"co', "not JSON (Input data was truncated)"),
        ("\x00\x01garbage", "not JSON (JSON is malformed: invalid character (byte 0))"),
        ("", "empty, not JSON"),
        (" \n", "empty, not JSON"),
    ],
)
def test_damaged_text_is_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(Refused) as caught:
        read(tmp_path, text)
    assert str(caught.value) == f"{tmp_path / 'doc.json'}: {message}"


def test_a_missing_file_is_refused_as_missing(tmp_path: Path) -> None:
    with pytest.raises(Refused) as caught:
        records.read(tmp_path / "absent.json", Document, Refused)
    assert str(caught.value) == f"{tmp_path / 'absent.json'}: missing"


def test_a_directory_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "doc.json").mkdir()
    with pytest.raises(Refused) as caught:
        records.read(tmp_path / "doc.json", Document, Refused)
    assert str(caught.value) == f"{tmp_path / 'doc.json'}: is a directory"


def test_a_stricter_shape_is_checked_with_the_file_named(tmp_path: Path) -> None:
    data = {"name": "x", "points": [{"count": 0}]}
    with pytest.raises(Refused) as caught:
        records.convert(tmp_path / "doc.json", data, Document, Refused)
    assert str(caught.value) == (
        f"{tmp_path / 'doc.json'}: Expected `int` >= 1 - at `$.points[0].count`"
    )


def test_the_format_is_read_alone(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('{"format": 2, "points": "whatever"}')
    assert records.read_format(path, Refused) == 2
    path.write_text("{}")
    assert records.read_format(path, Refused) is None


def test_a_record_is_written_indented_with_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    records.write(path, Document("x", [Point(3)]), indent=1)
    assert path.read_text() == (
        '{\n "name": "x",\n "points": [\n  {\n   "count": 3\n  }\n ],\n "format": 1\n}\n'
    )
    assert records.read(path, Document, Refused) == Document("x", [Point(3)])
