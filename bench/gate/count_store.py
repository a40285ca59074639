"""Instruction counts kept by what they depend on, like ccache: the same inputs, the same count.

A count of `first_n(count)` depends on the files the measured process runs (the interpreter,
libpython, libc, the implementation's modules and extensions, the libraries they load: the probe
lists them, see probe.py), the probe and the code that runs it, valgrind, and the CPU. The
digest of all of those, each file by its contents, names a folder holding the count and the two
callgrind profile parts the breakdown reads. Another build with byte-identical files (a base whose
extensions were copied from the head's, a head whose change did not touch this implementation's
files) finds the count there and is not counted again; any file that differs, by one byte, names
another folder. Never keyed by commit: two commits with the same files share a count, one commit
built twice into different files does not.

Files inside the measured build's virtual environment are named by their path below it (the base's
and the head's venvs sit at different places), the probe by its path in the stage (a new folder
each run), every other file by its absolute path.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from stat import S_ISREG

from bench.gate import count_cache, instructions
from bench.staging import replace_whole

#: The folder beside the bases' cache (target/perf-gate/counts).
FOLDER = "counts"
#: Counts kept; the least recently used go first (each is a few hundred KB of profiles).
KEEP = 160
_ENTRY = "count.json"

#: sha256 of a file's contents by (device, inode, size, mtime): hard links and the files every
#: implementation loads (libpython, libc) are read once per gate.
_digests: dict[tuple[int, int, int, int], str] = {}


def _file_digest(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if not S_ISREG(stat.st_mode):  # /dev/zero, mapped by some libraries, never ends
        return "not a regular file"
    identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    found = _digests.get(identity)
    if found is None:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as file:
                for block in iter(lambda: file.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return "unreadable"
        found = _digests[identity] = digest.hexdigest()
    return found


def _named(path: str, roots: Mapping[Path, str]) -> str:
    """`path` below one of `roots` (the venv as staged and where it really is, the stage) as
    that root's label and the rest of the path; any other path as it is."""
    for root, label in roots.items():
        if Path(path).is_relative_to(root):
            return f"{label}/{Path(path).relative_to(root)}"
    return path


def key(
    name: str,
    count: int,
    files: Iterable[str],
    roots: Mapping[Path, str],
    machine: Mapping[str, object],
) -> str:
    """The digest naming the count of `name` at `count` whose process loaded `files`, on the
    machine `machine` describes (`count_cache.machine_inputs`)."""
    named = sorted({_named(f, roots): _file_digest(Path(f)) for f in files}.items())
    inputs = {
        "name": name,
        "count": count,
        "files": named,
        **machine,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:40]


class Store:
    """The kept counts in `folder`, for counts taken with `valgrind` on this machine."""

    def __init__(self, valgrind: str, folder: Path) -> None:
        self.folder = folder
        self.machine = count_cache.machine_inputs(valgrind)

    def key(self, name: str, count: int, files: Sequence[str], roots: Mapping[Path, str]) -> str:
        return key(name, count, files, roots, self.machine)

    def load(self, digest: str, name: str, keep: Path) -> instructions.InstructionCount | None:
        """The count kept under `digest`, its profiles copied to `keep`; None when there is none
        (or it is damaged: then it is counted again)."""
        entry = self.folder / digest
        try:
            data = json.loads((entry / _ENTRY).read_text())
            counted = instructions.InstructionCount(
                name,
                int(data["count"]),
                int(data["instructions"]),
                tuple(map(int, data["runs"])),
                int(data["half"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        held, wanted = (
            instructions.kept_profiles(entry, "kept"),
            instructions.kept_profiles(keep, name),
        )
        if not (held.full.is_file() and held.empty.is_file()):
            return None
        keep.mkdir(parents=True, exist_ok=True)
        count_cache.copy_whole(held.full, wanted.full)
        count_cache.copy_whole(held.empty, wanted.empty)
        os.utime(entry)  # recently used
        return counted

    def save(self, digest: str, counted: instructions.InstructionCount, profiles: Path) -> None:
        """Keep `counted` and its profiles (from `profiles`) under `digest`."""
        source = instructions.kept_profiles(profiles, counted.name)
        if not (source.full.is_file() and source.empty.is_file()):
            return
        entry = self.folder / digest
        entry.mkdir(parents=True, exist_ok=True)
        target = instructions.kept_profiles(entry, "kept")
        count_cache.copy_whole(source.full, target.full)
        count_cache.copy_whole(source.empty, target.empty)
        data = {
            "name": counted.name,
            "count": counted.count,
            "instructions": counted.instructions,
            "runs": list(counted.runs),
            "half": counted.half,
        }
        # The figure last: present only with its profiles.
        replace_whole(entry / _ENTRY, json.dumps(data) + "\n")
        self._evict()

    def _evict(self) -> None:
        entries = [e for e in self.folder.iterdir() if e.is_dir()]
        if len(entries) <= KEEP:
            return
        entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
