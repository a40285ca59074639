"""The raw file of an in-process study: every sample, so the report can recompute anything.

Format: {"format": 1, "study": ..., "settings": {...}, "cases": {name: {"tags": {...},
"loops": n, "seconds": [per-call seconds, one per round]}}}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1


@dataclass(frozen=True)
class Samples:
    """Seconds per call of one timed case, one value per round."""

    loops: int
    seconds: tuple[float, ...]


class SamplesFormatError(ValueError):
    """Not a samples file this report understands."""


@dataclass(frozen=True)
class Case:
    name: str
    tags: dict[str, str]
    samples: Samples


@dataclass
class SamplesFile:
    study: str
    settings: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)

    def add(self, name: str, samples: Samples, **tags: str) -> None:
        self.cases[name] = Case(name, tags, samples)

    def select(self, **tags: str) -> list[Case]:
        return [
            case
            for case in self.cases.values()
            if all(case.tags.get(key) == value for key, value in tags.items())
        ]

    def write(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "study": self.study,
            "settings": self.settings,
            "cases": {
                case.name: {
                    "tags": case.tags,
                    "loops": case.samples.loops,
                    "seconds": list(case.samples.seconds),
                }
                for case in self.cases.values()
            },
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> SamplesFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise SamplesFormatError(f"{path}: format {data.get('format')!r} is not {FORMAT}")
            loaded = cls(str(data["study"]), dict(data.get("settings", {})))
            for name, case in data["cases"].items():
                samples = Samples(int(case["loops"]), tuple(float(s) for s in case["seconds"]))
                loaded.cases[name] = Case(
                    name, {k: str(v) for k, v in case["tags"].items()}, samples
                )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
            raise SamplesFormatError(f"{path}: not a samples file ({err!r})") from err
        return loaded


def read_if_present(path: Path) -> SamplesFile | None:
    """The samples file at `path`, or None when its study did not run."""
    return SamplesFile.read(path) if path.exists() else None
