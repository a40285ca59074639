"""`manifest.json`: which study wrote which raw file, and what each hyperfine command was.

hyperfine's own JSON names a command only by its text; the manifest adds what the report needs
to know about it (which implementation, which count, what kind of command) without touching
the tool's file.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.raw.layout import MANIFEST as FILENAME

FORMAT = 1


@dataclass(frozen=True)
class CommandSpec:
    #: Short name for tables, e.g. "primes-fast 5000".
    label: str
    argv: tuple[str, ...]
    #: Free-form facts the report selects on: implementation, kind, count, module...
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def command(self) -> str:
        """The exact string handed to hyperfine (and found in its JSON)."""
        return shlex.join(self.argv)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "argv": list(self.argv), "tags": dict(self.tags)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CommandSpec:
        return cls(str(data["label"]), tuple(data["argv"]), dict(data.get("tags", {})))


@dataclass(frozen=True)
class HyperfineRecord:
    """One hyperfine invocation: its files (relative to the raw directory) and its commands."""

    json: str
    #: Everything hyperfine printed, stdout and stderr in the order it wrote them (one pipe),
    #: so each warning sits under the command it is about.
    log: str
    commands: tuple[CommandSpec, ...]
    options: tuple[str, ...]

    @property
    def stdout(self) -> str:
        return self.log

    @property
    def stderr(self) -> str:
        return self.log

    def to_json(self) -> dict[str, Any]:
        return {
            "json": self.json,
            "log": self.log,
            "options": list(self.options),
            "commands": [command.to_json() for command in self.commands],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HyperfineRecord:
        return cls(
            json=str(data["json"]),
            # Manifests before the merged log named hyperfine's stderr file instead.
            log=str(data.get("log") or data["stderr"]),
            commands=tuple(CommandSpec.from_json(c) for c in data["commands"]),
            options=tuple(data.get("options", ())),
        )


@dataclass
class StudyRecord:
    name: str
    title: str
    files: list[str] = field(default_factory=list)
    hyperfine: list[HyperfineRecord] = field(default_factory=list)
    #: What was left out and why (an implementation refused by the gate, a missing peer...).
    notes: list[str] = field(default_factory=list)
    #: Wall-clock time the study took, set by the driver (for keeping runs inside their budget).
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "files": list(dict.fromkeys(self.files)),
            "hyperfine": [record.to_json() for record in self.hyperfine],
            "notes": self.notes,
            "seconds": round(self.seconds, 1),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StudyRecord:
        return cls(
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            files=[str(f) for f in data.get("files", [])],
            hyperfine=[HyperfineRecord.from_json(r) for r in data.get("hyperfine", [])],
            notes=[str(n) for n in data.get("notes", [])],
            seconds=float(data.get("seconds", 0.0)),
        )


@dataclass
class Manifest:
    mode: str
    argv: list[str]
    started_utc: str
    finished_utc: str = ""
    implementations: list[str] = field(default_factory=list)
    studies: dict[str, StudyRecord] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "mode": self.mode,
            "argv": self.argv,
            "started_utc": self.started_utc,
            "finished_utc": self.finished_utc,
            "implementations": self.implementations,
            "studies": {name: study.to_json() for name, study in self.studies.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != FORMAT:
            raise ValueError(f"manifest format {data.get('format')!r} is not {FORMAT}")
        return cls(
            mode=str(data["mode"]),
            argv=[str(a) for a in data.get("argv", [])],
            started_utc=str(data.get("started_utc", "")),
            finished_utc=str(data.get("finished_utc", "")),
            implementations=[str(i) for i in data.get("implementations", [])],
            studies={
                name: StudyRecord.from_json(study)
                for name, study in data.get("studies", {}).items()
            },
        )

    def write(self, raw_dir: Path) -> None:
        text = json.dumps(self.to_json(), indent=2) + "\n"
        (raw_dir / FILENAME).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, raw_dir: Path) -> Manifest:
        path = raw_dir / FILENAME
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
