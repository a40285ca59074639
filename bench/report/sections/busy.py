"""Whether the machine was busy while the run measured, from each study's recorded load
(`bench.raw.load`): what the verdict, the overview and the terminal say first, and which
claims they withhold.

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


def _worst(busy: dict[str, Load]) -> tuple[str, Load]:
    return max(busy.items(), key=lambda item: item[1].others_share or 0.0)


def summary(busy: dict[str, Load]) -> str:
    """`` `sweep` and `talk` measured while other work took the cores (worst: `talk`, other
    processes used 43% of the 2 cores, load average 5.9)``."""
    name, load = _worst(busy)
    names = [f"`{study}`" for study in busy]
    studies = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"{studies} measured while other work took the cores (worst: `{name}`, {load.describe()})"
    )


def warning(run: RawRun) -> str | None:
    """The sentence that opens a busy run's verdict, or None for a quiet (or unrecorded) one."""
    busy = busy_studies(run)
    if not busy:
        return None
    return (
        f"**Busy machine.** {_capital(summary(busy))}. "
        "Load lands on each measurement differently, and a 95% interval does not cover that, so "
        "the claims a busy machine can fake (small differences, start-up shares, what is left "
        "over) are withheld below; `make bench` on a quiet machine measures them."
    )


def withheld(topic: str, busy: dict[str, Load]) -> str:
    """A claim's text when a study it rests on measured on a busy machine."""
    return (
        f"**{topic}: withheld, the machine was busy.** {_capital(summary(busy))}, and "
        "that load can slow one side of what this claim compares more than the other."
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
