"""The files a gate run writes, checked before any minutes are spent measuring.

A report that cannot be written after the measurement loses the measurement, so every output
path (`--json`, `--markdown`, `--bmf`, `--github-benchmark`, the baseline `baseline` writes) is
checked first: it must be a file or not exist yet, in a folder that exists or can be made, on a
disk that takes writes. A device that refuses writes (/dev/full) can only be found by writing to
it: that still fails as an `OutputError`, once the verdict has been printed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from bench import staging


class OutputError(RuntimeError):
    """An output path that cannot be written; the message is one line naming the option."""


def _nearest_existing(path: Path) -> Path:
    for ancestor in path.parents:
        if ancestor.exists():
            return ancestor
    return Path(path.anchor or ".")


def check_writable(option: str, path: Path, *, append: bool = False) -> None:
    """Raise OutputError when `path` cannot be created or overwritten (`write`) as a file."""
    where = f"{option} {path}"
    try:
        if path.is_dir():
            raise OutputError(f"{where}: is a folder, not a file")
        if path.exists():
            if not os.access(path, os.W_OK):
                raise OutputError(f"{where}: not writable (permissions or a read-only disk)")
            if not append and _replaced_whole(path) and not os.access(path.parent, os.W_OK):
                raise OutputError(
                    f"{where}: cannot create the file that replaces it in {path.parent} "
                    "(permissions or a read-only disk)"
                )
            return
        folder = _nearest_existing(path.absolute())
        if not folder.is_dir():
            raise OutputError(f"{where}: {folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(
                f"{where}: cannot create files in {folder} (permissions or a read-only disk)"
            )
    except OSError as err:  # e.g. a name too long, a folder that cannot be searched
        raise OutputError(f"{where}: {err.strerror or err}") from None


def check_apart(requested: Mapping[str, Path], kept: Mapping[str, Path]) -> None:
    """Refuse two options naming one file (the second would overwrite or corrupt the first),
    and an output that is, or lies inside, a file or folder the gate reads or clears (`kept`:
    what it is called -> its path), such as the baseline a check compares with."""
    seen: dict[str, str] = {}
    for option, path in requested.items():
        where = os.path.realpath(path)
        if where in seen:
            raise OutputError(f"{option} {path}: {seen[where]} names the same file")
        seen[where] = option
        for what, keep in kept.items():
            guarded = os.path.realpath(keep)
            if where == guarded or Path(guarded) in Path(where).parents:
                raise OutputError(f"{option} {path}: would overwrite {what} ({keep})")


def _replaced_whole(path: Path) -> bool:
    """A regular file or a new one (see `write`); not a link or a device."""
    return not path.is_symlink() and (path.is_file() or not path.exists())


def write(option: str, path: Path, text: str, *, append: bool = False) -> None:
    """Write (or append) `text`; any failure is an OutputError naming the option and path.

    A regular file is replaced whole, through a temporary file beside it: a full disk or a
    Ctrl-C leaves the previous file as it was, never a truncated one. Appending (a CI page's
    summary), links and devices are written in place.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if append or not _replaced_whole(path):
            with path.open("a" if append else "w", encoding="utf-8") as out:
                out.write(text)
            return
        staging.replace_whole(path, text)
    except OSError as err:
        raise OutputError(f"{option} {path}: cannot write: {err.strerror or err}") from None


#: Written into an `--artifacts` folder the gate has claimed: only such a folder is cleared.
ARTIFACTS_MARKER = ".perf-gate-artifacts"
_MARKER_TEXT = (
    "This folder holds the performance gate's callgrind outputs (python -m bench.gate check "
    "--artifacts). Each run replaces its base/ and head/ subfolders and nothing else.\n"
)


def _written_by_an_older_gate(folder: Path, sides: tuple[str, ...]) -> bool:
    """The default folder as gates before the marker left it: only SIDE/*.callgrind.out."""
    for entry in folder.iterdir():
        if entry.name not in sides or not entry.is_dir() or entry.is_symlink():
            return False
        if any(not f.is_file() or not f.name.endswith(".callgrind.out") for f in entry.iterdir()):
            return False
    return True


def check_artifacts(folder: Path, sides: tuple[str, ...]) -> None:
    """Refuse a folder the gate did not make: clearing it would delete someone's files."""
    where = f"--artifacts {folder}"
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{where}: is not a folder")
        if not folder.exists():
            check_writable("--artifacts", folder / ARTIFACTS_MARKER)
            return
        if (folder / ARTIFACTS_MARKER).is_file() or not any(folder.iterdir()):
            check_writable("--artifacts", folder / ARTIFACTS_MARKER)
            return
        if not _written_by_an_older_gate(folder, sides):
            raise OutputError(
                f"{where}: holds files the gate did not write; name a new or empty folder "
                "(the gate only ever replaces its own subfolders there)"
            )
    except OSError as err:
        raise OutputError(f"{where}: {err.strerror or err}") from None


def prepare_artifacts(folder: Path, sides: tuple[str, ...]) -> None:
    """Claim `folder` (checked by `check_artifacts`) and empty the gate's own subfolders."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ARTIFACTS_MARKER).write_text(_MARKER_TEXT)
        for side in sides:
            shutil.rmtree(folder / side, ignore_errors=True)
    except OSError as err:
        raise OutputError(f"--artifacts {folder}: {err.strerror or err}") from None
