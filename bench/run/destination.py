"""Where a run's results go: only a run of the whole plan replaces the reference results.

`results/` holds the committed reference run. A run that measures less than the full plan
(quick mode, some implementations, some studies, other counts) would replace its raw/ and
report with a partial one, so without `--out` it goes to `results/scratch/` (git-ignored)
instead; with `--out` it goes where it is told.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import paths
from bench.studies.config import RunConfig

#: Where partial runs go when no --out is given (git-ignored; `make bench-quick` writes here too).
SCRATCH = paths.RESULTS / "scratch"


def shown(path: Path) -> str:
    """`path` relative to the working directory when it is under it, else absolute."""
    path = path.absolute()
    cwd = Path.cwd()
    try:
        relative = path.relative_to(cwd)
    except ValueError:
        return f"{path}{os.sep}"
    return f"{relative}{os.sep}" if relative.parts else f".{os.sep}"


def partial(
    config: RunConfig, every_implementation: Sequence[str], every_study: Sequence[str]
) -> list[str]:
    """How `config` falls short of the full plan; empty for a full run."""
    short = []
    if config.quick:
        short.append("--quick")
    if set(config.implementations) != set(every_implementation):
        short.append(
            f"{len(config.implementations)} of {len(every_implementation)} implementations"
        )
    if set(config.studies) != set(every_study):
        short.append(f"{len(config.studies)} of {len(every_study)} studies")
    if config.counts is not None:
        short.append("--counts " + ",".join(str(count) for count in config.counts))
    return short


@dataclass(frozen=True)
class Destination:
    out: Path
    #: One line: where the results go and why.
    why: str


def choose(out: Path | None, short: Sequence[str]) -> Destination:
    """The output directory for a run given `--out` (None when not given) and what it lacks."""
    what = f"a partial run ({', '.join(short)})" if short else "a full run"
    if out is not None:
        replaces = short and out.absolute() == paths.RESULTS
        note = ", replacing the reference run" if replaces else ""
        return Destination(out, f"results go to {shown(out)}: {what}, --out given{note}")
    if not short:
        return Destination(paths.RESULTS, f"results go to {shown(paths.RESULTS)}: {what}")
    return Destination(
        SCRATCH,
        f"results go to {shown(SCRATCH)}: {what}; {shown(paths.RESULTS)} keeps the reference "
        f"run (--out {shown(paths.RESULTS)} would replace it)",
    )
