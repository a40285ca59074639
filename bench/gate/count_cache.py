"""A cached base's instruction counts, kept beside its build so a second run does not count again.

A count is a property of the build and of what runs it: the build (its commit, made with this
interpreter, rustc and C compiler: the base's stamp), the machine (CPU model and features, libc,
valgrind) and the gate's way of counting (the probe and the code that runs it). With all of
those unchanged a recount gives the same figure, to the instruction for the compiled
implementations (the spread of repeated counts is in docs/perf-gate.md), so it is kept under
the base's folder, in a subfolder named by a digest of those inputs, with the two callgrind
profile parts the breakdown reads. Anything else changed, and the digest names another folder:
the base is counted afresh. A rebuilt base starts with no counts (its folder is made anew).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from bench.gate import instructions
from bench.staging import replace_whole

FOLDER = "counts"
_CPUINFO = Path("/proc/cpuinfo")


def _cpu() -> dict[str, str]:
    """The CPU's model and every feature flag, as the kernel lists them (Linux; valgrind's)."""
    try:
        lines = _CPUINFO.read_text().splitlines()
    except OSError:
        lines = []
    found: dict[str, str] = {}
    for line in lines:
        key, _, value = line.partition(":")
        key = key.strip()
        if key in ("model name", "flags", "Features", "CPU part") and key not in found:
            found[key] = value.strip()
    return found


def _file(path: Path) -> str:
    """Which file `path` is (another install of the same version is another file)."""
    try:
        real = path.resolve()
        stat = real.stat()
    except OSError:
        return f"{path}: missing"
    return f"{real} {stat.st_size} {stat.st_mtime_ns}"


def machine_inputs(valgrind: str) -> dict[str, object]:
    """What a count depends on besides the build: the machine, valgrind and the way of counting."""
    gate_code = hashlib.sha256()
    for source in (Path(instructions.__file__), instructions.PROBE):
        gate_code.update(source.read_bytes())
    return {
        "machine": platform.machine(),
        "cpu": _cpu(),
        "libc": " ".join(platform.libc_ver()),
        "valgrind": instructions.valgrind_version(valgrind),
        "method": instructions.METHOD,
        # Switched on after start-up or on from the start: the call finds the heap a little
        # otherwise (about 0.5% at most), so a count taken one way never stands in for the
        # other.
        "switched": instructions.SWITCHABLE,
        "gate": gate_code.hexdigest(),
    }


def key(stamp: Mapping[str, object], valgrind: str) -> str:
    """The digest naming the counts of the build `stamp` describes, taken here and now."""
    inputs = {
        "build": {k: v for k, v in stamp.items() if k != "implementations"},
        "interpreter": _file(Path(str(stamp.get("python", "")))),
        **machine_inputs(valgrind),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def copy_whole(source: Path, target: Path) -> None:
    """A copy that a gate reading `target` at the same time sees whole or not at all."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _entry(folder: Path, name: str, count: int) -> Path:
    return folder / f"{name}.{count}.json"


def load(
    base: Path, digest: str, counts: Mapping[str, int], keep: Path
) -> dict[str, instructions.InstructionCount]:
    """The counts the base build in folder `base` holds under `digest` for these names at these
    counts, their profiles copied to `keep`; a name missing or unreadable is left out (it is
    counted)."""
    folder = base / FOLDER / digest
    found = {}
    for name, count in counts.items():
        try:
            data = json.loads(_entry(folder, name, count).read_text())
            counted = instructions.InstructionCount(
                name,
                count,
                int(data["instructions"]),
                tuple(map(int, data["runs"])),
                int(data["half"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        held, wanted = (instructions.kept_profiles(f, name) for f in (folder, keep))
        if not (held.full.is_file() and held.empty.is_file()):
            continue
        keep.mkdir(parents=True, exist_ok=True)
        copy_whole(held.full, wanted.full)
        copy_whole(held.empty, wanted.empty)
        found[name] = counted
    return found


def store(
    base: Path, digest: str, counted: Iterable[instructions.InstructionCount], profiles: Path
) -> None:
    """Keep these counts and their profiles (from `profiles`) in the base build's folder `base`
    under `digest`; counts kept under other digests are never read again, so they go."""
    folder = base / FOLDER / digest
    if folder.parent.is_dir():
        for other in folder.parent.iterdir():
            if other.name != digest:
                shutil.rmtree(other, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for c in counted:
        source, target = (instructions.kept_profiles(p, c.name) for p in (profiles, folder))
        if not (source.full.is_file() and source.empty.is_file()):
            continue
        copy_whole(source.full, target.full)
        copy_whole(source.empty, target.empty)
        # The figure last: present only with its profiles.
        data = {"instructions": c.instructions, "runs": list(c.runs), "half": c.half}
        replace_whole(_entry(folder, c.name, c.count), json.dumps(data) + "\n")
