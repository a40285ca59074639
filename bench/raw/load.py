"""How busy the machine was while a study measured: a `Load` in each study's manifest record.

Other processes' CPU time on the cores this run could use (/proc/stat's busy time of those
cores minus this process's and its waited-for children's), the hypervisor's steal time on them,
and the load average before and after. A run without them (older files, or a system without
/proc/stat) records what it can; the report says what it cannot judge.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from bench.raw.records import SecondsOrZero

#: Other processes used more than this share of the usable cores' time: a busy machine.
OTHERS_BUSY = 0.10
#: The hypervisor ran someone else for more than this share of it: a busy host.
STEAL_BUSY = 0.05

LoadAverage = tuple[float, float, float]


class Load(msgspec.Struct, frozen=True, kw_only=True):
    #: Wall seconds the study measured for.
    wall: SecondsOrZero
    #: Cores this process could run on.
    cores: Annotated[int, msgspec.Meta(ge=1)]
    #: CPU seconds other processes used on those cores; None without /proc/stat.
    others: SecondsOrZero | None = None
    #: CPU seconds the hypervisor gave someone else on those cores; None without /proc/stat.
    steal: SecondsOrZero | None = None
    #: CPU seconds of this process and the children it waited for (hyperfine, workers).
    own: SecondsOrZero | None = None
    load_before: LoadAverage | None = None
    load_after: LoadAverage | None = None

    def _share(self, seconds: float | None) -> float | None:
        if seconds is None or self.wall <= 0:
            return None
        return seconds / (self.wall * self.cores)

    @property
    def others_share(self) -> float | None:
        """Other processes' CPU time as a share of the usable cores' time."""
        return self._share(self.others)

    @property
    def steal_share(self) -> float | None:
        return self._share(self.steal)

    @property
    def busy(self) -> bool:
        """Other processes or the hypervisor took enough of the cores to move the figures."""
        others, steal = self.others_share, self.steal_share
        return (others is not None and others > OTHERS_BUSY) or (
            steal is not None and steal > STEAL_BUSY
        )

    def describe(self) -> str:
        """`other processes used 43% of the 2 cores, steal 0%, load average 5.9`."""
        said = []
        if (others := self.others_share) is not None:
            said.append(f"other processes used {others:.0%} of the {self.cores} cores")
        if (steal := self.steal_share) is not None and steal >= 0.005:
            said.append(f"the hypervisor took {steal:.0%}")
        averages = [value[0] for value in (self.load_before, self.load_after) if value]
        if averages:
            said.append(f"load average {max(averages):.1f}")
        return ", ".join(said) or "no load recorded"
