"""Room to write: the free-space check before measuring, and one line for a write that failed.

What a run writes, measured: a quick run of all 11 implementations peaked at 0.92 MB in its
output directory (raw/ 0.32 MB, report.html 0.34 MB, plots/ 0.23 MB, REPORT.md 0.02 MB; the
staging directory's work files add little), and the committed full run is 1.94 MB (raw/
1.25 MB, most of it pytest-benchmark.json). A run needs twice that free: more implementations
(the primesieve peer), slower machines (more hyperfine runs, up to its cap) and a filesystem's
block rounding all add to it, and the previous results stay on disk until the swap.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from bench.run.errors import RunRefused

MB = 1024 * 1024
#: Free bytes a run needs in its output directory's filesystem, by mode.
NEEDED = {"quick": 2 * MB, "full": 4 * MB}

#: Errors that mean the output directory cannot take the results: said in one line.
_CANNOT_WRITE = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.EROFS,
    errno.EIO,
    errno.EACCES,
    errno.EPERM,
    errno.EEXIST,
    errno.ENOTDIR,
}
#: Of those, the ones that are about the filesystem wherever they happen.
_FULL = {errno.ENOSPC, errno.EDQUOT}
#: A filesystem with less room than this is full, whatever a tool said when it failed on it.
_NEARLY_FULL = 64 * 1024


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def check_free(out: Path, mode: str) -> None:
    """Refuse a run whose output directory's filesystem has less room than it will write."""
    needed = NEEDED[mode]
    free = shutil.disk_usage(out).free
    if free < needed:
        raise RunRefused(
            f"not enough free space in {out}: {_size(free)} free, "
            f"a {mode} run needs about {_size(needed)}"
        )


def _concerns(path: Path, out: Path) -> bool:
    """Whether `path` is `out`, inside it, or one of the folders above it."""
    return path == out or out in path.parents or path in out.parents


def cannot_write(err: OSError, out: Path) -> str | None:
    """The one line for an error that kept a run from writing its results, or None when the
    error is something else (a bug worth its traceback)."""
    if err.errno is None or (err.errno not in _CANNOT_WRITE and not _no_file_can_be_created(err)):
        return None
    reason = os.strerror(err.errno)
    if err.errno == errno.EEXIST and out.exists() and not out.is_dir():
        reason = os.strerror(errno.ENOTDIR)  # mkdir's word for a file in the folder's place
    if err.filename is not None:
        path = Path(os.fsdecode(err.filename)).absolute()
        if not _concerns(path, out.absolute()):
            return f"bench: cannot write {path}: {reason}" if err.errno in _FULL else None
    return f"bench: cannot write results to {out}: {reason}"


def _no_file_can_be_created(err: OSError) -> bool:
    """A file that could not be created in a folder that is there: a folder like /proc."""
    if err.errno != errno.ENOENT or err.filename is None:
        return False
    return Path(os.fsdecode(err.filename)).parent.is_dir()


def full_disk(failure: str, out: Path) -> str | None:
    """The one line for a measuring tool (hyperfine, pytest-benchmark) that failed because the
    output directory's filesystem is full, or None when it failed for another reason."""
    reason = os.strerror(errno.ENOSPC)
    try:
        full = shutil.disk_usage(out).free < _NEARLY_FULL
    except OSError:
        full = False
    if full or reason in failure:
        return f"bench: cannot write results to {out}: {reason}"
    return None
