"""Whether the machine was busy while the run measured, from each study's recorded load
(`bench.raw.load`).

Load slows whatever it lands on. Two commands timed at different moments (hyperfine runs one
command's runs, then the next's; pytest-benchmark times one case, then the next) can each land
on a different amount of it, and a bootstrap interval over each one's samples does not cover
a bias shared by all of them. So on a busy machine a ratio of a few percent, a share of
start-up or a remainder is not a figure to quote.
"""

from __future__ import annotations

from collections.abc import Iterable

from bench.raw.load import Load
from bench.report.rawrun import RawRun


def loads(run: RawRun) -> dict[str, Load | None]:
    """Each study's recorded load; None for a study from before load was recorded."""
    return {name: record.load for name, record in run.manifest.studies.items()}


def busy_studies(run: RawRun, studies: Iterable[str] | None = None) -> dict[str, Load]:
    """The studies (of `studies`, default all) that measured on a busy machine."""
    found = loads(run)
    wanted = found if studies is None else [name for name in studies if name in found]
    return {name: load for name in wanted if (load := found[name]) is not None and load.busy}


def unrecorded(run: RawRun) -> list[str]:
    """Studies whose load was not recorded."""
    return [name for name, load in loads(run).items() if load is None]


def worst(busy: dict[str, Load]) -> tuple[str, Load]:
    """The busy study whose neighbours took the most CPU."""
    return max(busy.items(), key=lambda item: item[1].others_share or 0.0)
