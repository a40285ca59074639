"""Where a run's results go: never onto the published reference.

`results/reference/` holds the published run, which README's verdict and the demo quote; only
`make publish` (`bench.run.publish`) replaces it. A full run goes to a directory of its own
machine's, `results/machines/<slug>/` (`bench.run.machine`), so runs on other machines never
overwrite each other either; a run that measures less than the full plan (quick mode, some
implementations, some studies, other counts) goes to `results/scratch/`. Both are git-ignored:
after a run, no committed file has changed. `--out` sends a run anywhere but into the reference.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import paths
from bench.run.errors import RunRefused
from bench.studies.config import RunConfig

SCRATCH = paths.SCRATCH


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


class IntoReference(RunRefused):
    """`--out` named the published reference, which only `make publish` replaces."""


def _inside_reference(out: Path) -> bool:
    out = out.resolve()
    reference = paths.REFERENCE.resolve()
    return out == reference or reference in out.parents


def choose(out: Path | None, short: Sequence[str], machine: Callable[[], str]) -> Destination:
    """The output directory for a run given `--out` (None when not given) and what it lacks;
    `machine()` is this machine's slug, asked only for a full run without `--out`."""
    what = f"a partial run ({', '.join(short)})" if short else "a full run"
    keeps = f"{shown(paths.REFERENCE)} keeps the published reference (`make publish` replaces it)"
    if out is not None:
        if _inside_reference(out):
            raise IntoReference(
                f"--out {shown(out)}: the published reference is replaced only by "
                "`make publish` (python -m bench.run.publish DIR), from a run's own directory"
            )
        return Destination(out, f"results go to {shown(out)}: {what}, --out given; {keeps}")
    if short:
        return Destination(SCRATCH, f"results go to {shown(SCRATCH)}: {what}; {keeps}")
    mine = paths.MACHINES / machine()
    return Destination(mine, f"results go to {shown(mine)}: {what} on this machine; {keeps}")
