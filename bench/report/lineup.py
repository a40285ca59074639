"""Which language and algorithm each implementation is, as the raw data records them.

The manifest records both for every implementation of the run, and the in-process suite writes
them into every result's pytest-benchmark `extra_info`, both from the registry, so the report
never parses them out of names: a newly registered language gets its column in the grid
without any edit here (its colour comes from bench/algorithms.py). The languages are those the
talk's algorithm is written in (the algorithm of the slides' implementations); every other
implementation (numpy-sieve, primesieve) is a peer, shown on its own. An implementation the raw
data does not describe is an error (`UnknownKind`), not a kind of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import slides
from bench.algorithms import UnknownKind
from bench.raw.pytest_benchmark import InProcessResult, PytestBenchmarkRun
from bench.report.rawrun import RawRun

#: The implementations the talk timed, whose algorithm makes a language of the grid.
TALK_IMPLEMENTATIONS = tuple(dict.fromkeys(row.implementation for row, _ in slides.rows()))


@dataclass(frozen=True)
class Kind:
    language: str
    algorithm: str


def kind(result: InProcessResult) -> Kind:
    """What the result's `extra_info` says it is; an implementation the raw data does not
    describe is a language and an algorithm of its own, its name."""
    info = result.extra_info
    name = result.implementation
    return Kind(str(info.get("language") or name), str(info.get("algorithm") or name))


class Lineup:
    """The implementations of one run, by language and algorithm, in the run's order."""

    def __init__(self, kinds: dict[str, Kind]) -> None:
        self._kinds = kinds
        talk = {kinds[name].algorithm for name in TALK_IMPLEMENTATIONS if name in kinds}
        # Without the talk's implementations there is nothing to tell peers apart by.
        self.languages: tuple[str, ...] = tuple(
            dict.fromkeys(k.language for k in kinds.values() if not talk or k.algorithm in talk)
        )

    @classmethod
    def of_sweep(cls, data: PytestBenchmarkRun | None) -> Lineup:
        kinds: dict[str, Kind] = {}
        for result in data.results if data is not None else ():
            kinds.setdefault(result.implementation, kind(result))
        return cls(kinds)

    @classmethod
    def of(cls, run: RawRun) -> Lineup:
        """Read from the manifest, and from the in-process sweep for runs recorded before the
        manifest held them."""
        kinds = dict(cls.of_sweep(run.in_process)._kinds)
        for name, recorded in run.manifest.kinds.items():
            kinds.setdefault(name, Kind(recorded.language, recorded.algorithm))
        return cls(kinds)

    def kind(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(
                f"the raw data does not say which language and algorithm {name!r} is"
            ) from None

    def language(self, name: str) -> str:
        return self.kind(name).language

    def algorithm(self, name: str) -> str:
        return self.kind(name).algorithm

    def is_peer(self, name: str) -> bool:
        return self.language(name) not in self.languages
