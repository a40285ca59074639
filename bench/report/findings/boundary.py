"""What crossing the boundary costs: a call that computes nothing, against a plain Python
function, and the list Rust builds per element, against returning an array."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from bench.raw.samples import SamplesFile

#: The boundary study's reference callable: a Python function that returns `[]`.
PYTHON_FUNCTION = "python-function"


def _median(data: SamplesFile, name: str) -> float | None:
    case = data.cases.get(name)
    return None if case is None else median(case.samples.seconds)


@dataclass(frozen=True)
class Call:
    """Median seconds of `first_n(0)` and `first_n(1)` through one callable."""

    name: str
    zero: float
    one: float
    #: `first_n(0)` over the Python function's; None when that was not timed.
    versus_python: float | None


def calls(data: SamplesFile) -> list[Call]:
    reference = _median(data, f"call/{PYTHON_FUNCTION}/0")
    names = dict.fromkeys(c.tags["implementation"] for c in data.select(kind="call"))
    found = []
    for name in names:
        zero, one = _median(data, f"call/{name}/0"), _median(data, f"call/{name}/1")
        if zero is not None and one is not None:
            found.append(Call(name, zero, one, None if reference is None else zero / reference))
    return found


@dataclass(frozen=True)
class ListCost:
    """At one count: the call returning a list and returning an array (medians, seconds), and
    the floor, `list(range(n))`."""

    count: int
    as_list: float
    as_array: float
    floor: float

    @property
    def per_element(self) -> float:
        return (self.as_list - self.as_array) / self.count

    @property
    def share(self) -> float:
        """The list's share of the whole call."""
        return (self.as_list - self.as_array) / self.as_list


def list_costs(data: SamplesFile) -> list[ListCost]:
    found = []
    for case in data.select(kind="list"):
        count = int(case.tags["count"])
        as_array, floor = _median(data, f"array/{count}"), _median(data, f"floor/{count}")
        if as_array is not None and floor is not None:
            found.append(ListCost(count, median(case.samples.seconds), as_array, floor))
    return found
