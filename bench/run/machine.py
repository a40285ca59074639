"""This machine's slug, asked before a run starts (`bench.paths.machine_slug` makes it from
what `environment.json` will record), so a full run knows its directory under results/machines/.

The cores in it are those the run may use (its CPU affinity), not the machine's: a run under
`taskset -c 0` is keyed as a machine of its own, and `label` calls it what it is, "one core of
<the machine> (taskset), a stand-in for a second machine"."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path
from typing import Any

from bench.paths import machine_label as label
from bench.paths import machine_slug as slug
from bench.paths import stand_in

__all__ = ["here", "label", "slug", "stand_in"]

_PYTHON_FACTS = (
    "import platform; print(platform.python_version(), platform.python_implementation())"
)


def here(python: Path) -> dict[str, Any]:
    """This machine's facts for `slug`, as `environment.json` will record them, with `python`
    (the interpreter the run measures) asked for its version."""
    from bench import environment  # py-cpuinfo: only when a run starts

    version = implementation = None
    done = subprocess.run(
        [str(python), "-c", _PYTHON_FACTS], capture_output=True, text=True, check=False
    )
    if done.returncode == 0 and len(done.stdout.split()) == 2:
        version, implementation = done.stdout.split()
    return {
        "cpu": environment.cpu(),
        "os": {"system": platform.system()},
        "toolchain": {"python": version, "python_implementation": implementation},
    }
