"""A base build's virtual environment, started with the head's installed dependencies.

A base's `make build` installs every pinned dependency into a venv of its own: ~650 MB and a
minute or more of pip, for packages that are almost always the very ones the head's venv holds.
Before that build, `seed` makes the base's venv with the same interpreter and hard-links into it
each distribution the head has installed at exactly the version the base's lock pins; pip then
finds them installed and installs only what differs. The links take no space and cannot change
what the base measures: its own packages (`primes`, the Cython and alternative builds) are
pinned nowhere and always built from the base's source.

The venv is made without pip, and the head's pip is linked in when it is the version the
interpreter's ensurepip would install (what `python -m venv` gives, without its ~20 s of
unpacking); otherwise ensurepip installs it.

Hard links share their contents with the head's files: pip replaces files rather than writing
into them, so neither venv can change the other's. Scripts under bin/ name their interpreter,
so they are copied with the base's. Where links cannot be made (another file system), nothing is
seeded and the base's make installs everything, as before.
"""

from __future__ import annotations

import ensurepip
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

#: `name==version` at the start of a line of a pip-compile lock.
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
LOCK = Path("requirements") / "dev.lock"
#: The optional peers `make peers` installs (primesieve), pinned beside the lock.
PEERS = Path("requirements") / "peers.txt"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    """The lock's pinned versions by canonical name (empty when there is no lock)."""
    try:
        text = lock.read_text()
    except OSError:
        return {}
    return {canonical(name): version for name, version in _PIN.findall(text)}


def _installed(purelib: Path) -> dict[str, importlib.metadata.Distribution]:
    return {
        canonical(dist.metadata["Name"]): dist
        for dist in importlib.metadata.distributions(path=[str(purelib)])
        if dist.metadata["Name"]
    }


def place(source: Path, target: Path, old_prefix: bytes, new_prefix: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Only installed scripts name the venv (pip writes their #! line); nothing else is read.
    script = source.parent.name == "bin"
    if script:
        with source.open("rb") as file:
            script = file.read(2) == b"#!"
    if not script:
        os.link(source, target)
        return
    target.write_bytes(source.read_bytes().replace(old_prefix, new_prefix))
    shutil.copymode(source, target)


def seed(source: Path, python: str) -> int:
    """Make `source`/.venv with `python` and link the head's pinned dependencies into it.

    Returns how many distributions were linked. 0 when the head runs outside a venv, the base
    has no lock, or a link fails (the half-made venv is then removed: make starts afresh).
    """
    head = Path(sys.prefix)
    wanted = base_pins(source)
    if head == Path(sys.base_prefix) or not wanted:
        return 0
    return _seed(head, source / ".venv", python, wanted)


def base_pins(source: Path) -> dict[str, str]:
    """What the base pins: its lock's versions, and its optional peers' where the head has
    installed them (`make peers`), so both sides offer the same implementations and the gate
    compares them instead of calling the head's peers new. Nothing without a lock."""
    locked = pins(source / LOCK)
    return {**pins(source / PEERS), **locked} if locked else {}


def _seed(head: Path, venv: Path, python: str, wanted: dict[str, str]) -> int:
    made = subprocess.run(
        [python, "-m", "venv", "--without-pip", str(venv)], capture_output=True, check=False
    )
    if made.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        return 0
    site = Path(sysconfig.get_path("purelib")).relative_to(head)
    installed = _installed(head / site)
    linked = 0
    try:
        pip = installed.get("pip")
        if pip is not None and pip.version == ensurepip.version():
            _link(pip, head, site, venv)
        elif (
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "ensurepip", "--default-pip"],
                capture_output=True,
                check=False,
            ).returncode
            != 0
        ):
            raise OSError("ensurepip failed")
        for name, dist in installed.items():
            if name == "pip" or wanted.get(name) != dist.version or dist.files is None:
                continue
            _link(dist, head, site, venv)
            linked += 1
    except OSError:
        shutil.rmtree(venv, ignore_errors=True)
        return 0
    return linked


def _link(dist: importlib.metadata.Distribution, head: Path, site: Path, venv: Path) -> None:
    """`dist`'s installed files, from the head's venv into `venv` (scripts copied, see place)."""
    old, new = bytes(head), bytes(venv.absolute())
    for file in dist.files or ():
        origin = Path(os.path.normpath(head / site / file))
        if origin.is_relative_to(head) and origin.is_file():
            place(origin, venv / origin.relative_to(head), old, new)
