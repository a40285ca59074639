"""msgspec's refusals told as one sentence: the field with its keys, what it must be, the value."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
import pytest

from bench.raw import records


class Point(msgspec.Struct, forbid_unknown_fields=True):
    count: Annotated[int, msgspec.Meta(ge=1)]
    ratio: Annotated[float, msgspec.Meta(gt=0)] = 1.0
    runs: Annotated[tuple[int, ...], msgspec.Meta(min_length=1)] = (1,)


class Document(msgspec.Struct):
    name: str
    points: dict[str, Point]
    labels: dict[str, str] = {}
    series: list[Point] = []
    note: str | None = None


def problem(data: Any) -> str:
    with pytest.raises(records.Invalid) as caught:
        records.convert(data, Document)
    return str(caught.value)


def good() -> dict[str, Any]:
    return {"name": "x", "points": {"a": {"count": 1}, "b": {"count": 2}}}


def test_a_valid_document_converts() -> None:
    assert records.convert(good(), Document).points["b"].count == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # msgspec says `$.points[...].count`: the key is found again, and the value shown.
        (
            lambda d: d["points"]["b"].update(count="many"),
            "points.b.count must be an integer >= 1, got 'many'",
        ),
        (
            lambda d: d["points"]["b"].update(count=True),
            "points.b.count must be an integer >= 1, got True",
        ),
        (
            lambda d: d["points"]["a"].update(ratio=0),
            "points.a.ratio must be a positive number, got 0",
        ),
        (
            lambda d: d["points"]["a"].update(runs=[]),
            "points.a.runs must be a non-empty list, got []",
        ),
        (
            lambda d: d["points"]["a"].update(runs=[1, "2"]),
            "points.a.runs[1] must be an integer, got '2'",
        ),
        (
            lambda d: d["points"]["a"].pop("count"),
            "points.a: expected an object with a 'count' integer >= 1",
        ),
        (lambda d: d["points"]["a"].update(extra=1), "points.a has unknown keys: extra"),
        (
            lambda d: d.update(series=[{"count": 1}, {"count": 0}]),
            "series[1].count must be an integer >= 1, got 0",
        ),
        (lambda d: d.pop("name"), "expected an object with a 'name' string"),
        (lambda d: d.update(note=3), "note must be a string or null, got 3"),
        # Plain values under keys: the object is what is wrong.
        (lambda d: d.update(labels={"a": 1}), "labels must be an object of strings, got {'a': 1}"),
        (lambda d: d.update(points=[]), "points must be an object, got []"),
    ],
)
def test_refusals_name_the_field_and_the_value(change: Any, message: str) -> None:
    data = good()
    change(data)
    assert problem(data) == message


def test_a_document_that_is_not_an_object() -> None:
    assert problem([1]) == "the document must be an object, got [1]"


def test_decoding_text_explains_the_same_way() -> None:
    with pytest.raises(records.Invalid, match=r"^points\.a\.count must be an integer >= 1, got 0$"):
        records.decode(b'{"name": "x", "points": {"a": {"count": 0}}}', Document)
    with pytest.raises(msgspec.DecodeError):
        records.decode(b'{"name": ', Document)


def test_the_parts_of_a_problem() -> None:
    data = good()
    data["series"] = [{"count": 1, "runs": [1, 0.5]}]
    with pytest.raises(records.Invalid) as caught:
        records.convert(data, Document)
    found = caught.value.problem
    assert (found.parent, found.name, found.expected) == ("series[0]", "runs[1]", "integer")
    assert found.found == "got 0.5"
    assert not found.missing and not found.unknown
