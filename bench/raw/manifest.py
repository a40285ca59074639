"""`manifest.json`: which study wrote which raw file, and what each hyperfine command was.

hyperfine's own JSON names a command only by its text; the manifest adds what the report needs
to know about it (which implementation, which count, what kind of command) without touching
the tool's file.
"""

from __future__ import annotations

import shlex
from pathlib import Path, PurePosixPath

import msgspec

from bench.raw import records
from bench.raw.layout import CORRECTNESS, ENVIRONMENT, SPLIT
from bench.raw.layout import MANIFEST as FILENAME
from bench.raw.load import Load

FORMAT = 1


class ManifestFormatError(records.RawFileError):
    """Not a manifest this code writes."""


class CommandSpec(msgspec.Struct, frozen=True):
    #: Short name for tables, e.g. "primes-fast 5000".
    label: str
    argv: tuple[str, ...]
    #: Free-form facts the report selects on: implementation, kind, count, module...
    tags: dict[str, str] = {}

    @property
    def command(self) -> str:
        """The exact string handed to hyperfine (and found in its JSON)."""
        return shlex.join(self.argv)


class HyperfineRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One hyperfine invocation: its files (relative to the raw directory) and its commands."""

    json: str
    #: Everything hyperfine printed, stdout and stderr in the order it wrote them (one pipe),
    #: so each warning sits under the command it is about.
    log: str
    options: tuple[str, ...] = ()
    commands: tuple[CommandSpec, ...]
    #: The `--command-name` of each command, in order: what the export's "command" field
    #: holds instead of the command. Empty for runs that named none (the field held the command).
    names: tuple[str, ...] = ()

    def exported(self) -> list[str]:
        """What the export's "command" fields hold, in the order of `commands`."""
        return list(self.names) if self.names else [command.command for command in self.commands]


class StudyRecord(msgspec.Struct):
    name: str
    title: str
    files: list[str] = []
    hyperfine: list[HyperfineRecord] = []
    #: What was left out and why (an implementation the correctness check refused, a peer...).
    notes: list[str] = []
    #: Wall-clock time the study took, set by the driver (for keeping runs inside their budget).
    seconds: records.SecondsOrZero = 0.0
    #: How busy the machine was while it measured, set by the driver; None in older files.
    load: Load | None = None


class Kind(msgspec.Struct, frozen=True):
    """What the registry says an implementation is (bench/algorithms.py describes both)."""

    language: str
    algorithm: str


class Manifest(msgspec.Struct, kw_only=True):
    format: int = FORMAT
    mode: str
    argv: list[str] = []
    started_utc: str = ""
    finished_utc: str = ""
    implementations: list[str] = []
    #: Each implementation's language and algorithm, for every study's tables and plots; runs
    #: from before this was recorded have them in the in-process sweep's results only.
    kinds: dict[str, Kind] = {}
    studies: dict[str, StudyRecord] = {}

    def write(self, raw_dir: Path) -> None:
        studies = {
            name: msgspec.structs.replace(
                study, files=list(dict.fromkeys(study.files)), seconds=round(study.seconds, 1)
            )
            for name, study in self.studies.items()
        }
        records.write(raw_dir / FILENAME, msgspec.structs.replace(self, studies=studies))

    @classmethod
    def read(cls, raw_dir: Path) -> Manifest:
        path = raw_dir / FILENAME
        data = records.read(path, object, ManifestFormatError)
        found = records.convert(path, data, records.Format, ManifestFormatError).format
        if found != FORMAT:
            raise ManifestFormatError(f"{path}: manifest format {found!r} is not {FORMAT}")
        manifest = records.convert(path, data, cls, ManifestFormatError)
        records.convert(path, data, _Shape, ManifestFormatError)
        manifest._check_promised(raw_dir)
        return manifest

    def promised(self) -> dict[str, str]:
        """Every file this manifest says the run wrote -> who wrote it: each study's files and
        hyperfine exports and logs, and for a finished run the driver's own two."""
        found = dict.fromkeys((ENVIRONMENT, CORRECTNESS), "the run") if self.finished_utc else {}
        for name, study in self.studies.items():
            for entry in study.hyperfine:
                for file in (entry.json, entry.log):
                    found.setdefault(file, f"the {name} study")
            for file in study.files:
                found.setdefault(file, f"the {name} study")
        return found

    def _check_promised(self, raw_dir: Path) -> None:
        """A file the manifest promises is in `raw_dir`: one deleted is refused as missing,
        not reported as a study that did not run; one outside `raw_dir` is refused."""
        for file, writer in self.promised().items():
            relative = PurePosixPath(file)
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise ManifestFormatError(
                    f"{raw_dir / FILENAME}: {file!r}, a file of {writer}, is not a path "
                    "inside the raw directory"
                )
            path = raw_dir / relative
            if not path.exists():
                raise ManifestFormatError(f"{path}: missing, though {FILENAME} lists it ({writer})")


# What the report reads of a study's command tags beyond `tags.get`: the split study pairs
# each implementation's n = 0 command with its n = 5000 one by these two.
_Digits = records.CountText


class _SplitTags(msgspec.Struct):
    implementation: str
    count: _Digits


class _SplitCommand(msgspec.Struct):
    tags: _SplitTags


class _SplitRun(msgspec.Struct):
    commands: list[_SplitCommand]


class _SplitStudy(msgspec.Struct):
    hyperfine: list[_SplitRun] = []


class _Studies(msgspec.Struct, rename={"split": SPLIT}):
    split: _SplitStudy | None = None


class _Shape(msgspec.Struct):
    studies: _Studies = msgspec.field(default_factory=_Studies)
