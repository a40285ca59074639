"""The verdicts: a baseline and a fresh run in, one row per implementation and metric out.

No measuring and no printing here, so every rule is unit-tested on synthetic results.
Every metric is "lower is better". For counts and time ratios change = now / baseline - 1, and
a change above the threshold is a regression, below minus the threshold an improvement. For the
growth exponent change = now - baseline: an exponent is already a logarithm.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bench.gate.baseline import Results

INSTRUCTIONS = "instructions"
WALL_CLOCK = "time_vs_reference"
#: k in instructions ∝ count**k, between count // 2 and count.
SCALING = "scaling"
#: Head's time over base's, measured interleaved in one job (`--against REF`).
TIME_VS_BASE = "time_vs_base"


class Verdict(StrEnum):
    OK = "ok"
    REGRESSED = "REGRESSED"
    IMPROVED = "improved"
    #: Measured now, absent from the baseline: reported, never a failure.
    NEW = "new"
    #: In the baseline, no longer registered or selectable here: reported, never a failure.
    MISSING = "missing"
    #: Both figures exist but comparing them would mean nothing (see the row's note).
    NOT_COMPARED = "not compared"
    #: Measured, but the interval is too wide to tell a change of the threshold's size from
    #: none (a busy machine): not a failure when the implementation's instructions were compared.
    TOO_NOISY = "too noisy to judge"


@dataclass(frozen=True)
class Thresholds:
    """Largest tolerated relative change, as fractions (0.02 is 2%)."""

    #: One build's count is the same from any checkout path, to the instruction (see
    #: `instructions.staged` and probe.py); builds of unchanged code measure identical counts.
    #: No absolute tolerance: 1% stays far above any difference seen between builds of one
    #: commit and far below the 4% slowdowns the gate must catch.
    instructions: float = 0.01
    #: Same-run ratios still moved by up to ±50% for single implementations here with the
    #: other core busy (instruction counts did not move at all): generous on purpose, and a
    #: regression must also persist when measured again (see `measurement.ATTEMPTS`).
    wall_clock: float = 0.5
    #: Growth exponents repeat exactly too; a tenth separates "same algorithm" (a sieve
    #: measures 0.77-1.03 here, trial division 1.34-1.37, naive 1.68-2.05) from a new one.
    scaling: float = 0.1
    #: Head/base time ratio: a regression when its whole interval lies above 1 + this. A 10%
    #: slowdown clears it; builds of one commit measured up to ±N% apart (see README).
    time_vs_base: float = 0.04
    #: Per-implementation overrides of `instructions`.
    per_implementation: Mapping[str, float] = field(default_factory=dict)

    def for_instructions(self, name: str) -> float:
        return self.per_implementation.get(name, self.instructions)


@dataclass(frozen=True)
class Row:
    implementation: str
    metric: str
    count: int | None
    baseline: float | None
    now: float | None
    #: now / baseline - 1; positive is slower.
    change: float | None
    threshold: float
    verdict: Verdict
    note: str = ""
    #: Interval around `now` where the metric has one (wall-clock rounds), else None.
    low: float | None = None
    high: float | None = None


def growth_exponent(count: int, half: float, full: float) -> float:
    """k in cost ∝ count**k, from the costs at count // 2 and count: ~1 linear, ~2 quadratic."""
    return math.log(full / half) / math.log(count / (count // 2))


def judge(
    baseline: float, now: float, threshold: float, *, relative: bool = True
) -> tuple[float, Verdict]:
    change = now / baseline - 1 if relative else now - baseline
    # Rounded so that exactly the threshold (102 against 100 at 2%) counts as within it.
    if round(change, 9) > threshold:
        return change, Verdict.REGRESSED
    if round(change, 9) < -threshold:
        return change, Verdict.IMPROVED
    return change, Verdict.OK


def judge_interval(ratio: float, low: float, high: float, threshold: float) -> Verdict:
    """A ratio of new to old time judged by its interval: it must clear 1 ± threshold whole.

    OK needs the whole interval inside 1 ± threshold: an interval reaching beyond it on either
    side without clearing it cannot tell a change of that size from none.
    """
    if round(low - 1, 9) > threshold:
        return Verdict.REGRESSED
    if round(high - 1, 9) < -threshold:
        return Verdict.IMPROVED
    if round(high - 1, 9) > threshold or round(low - 1, 9) < -threshold:
        return Verdict.TOO_NOISY
    return Verdict.OK


COMPARED = frozenset({Verdict.OK, Verdict.REGRESSED, Verdict.IMPROVED})


@dataclass(frozen=True)
class Tally:
    """How many figures were compared: a gate that compared fewer than all must not pass."""

    compared: int
    total: int
    #: Time figures too noisy to judge...
    noisy: int = 0
    #: ...of which this many belong to implementations whose instructions were compared: those
    #: do not keep the check from being complete.
    excused: int = 0

    @property
    def complete(self) -> bool:
        return self.compared > 0 and self.compared + self.excused == self.total


def tally(rows: Collection[Row]) -> Tally:
    counted = {
        row.implementation for row in rows if row.metric == INSTRUCTIONS and row.verdict in COMPARED
    }
    noisy = [row for row in rows if row.verdict is Verdict.TOO_NOISY]
    return Tally(
        sum(row.verdict in COMPARED for row in rows),
        len(rows),
        len(noisy),
        sum(row.implementation in counted for row in noisy),
    )


def compare(
    baseline: Results,
    current: Results,
    thresholds: Thresholds,
    *,
    instructions_unreliable: str | Mapping[str, str | None] | None = None,
    wall_clock_unreliable: str | None = None,
    selected: Collection[str] | None = None,
) -> list[Row]:
    """One row per implementation and metric.

    `instructions_unreliable` and `wall_clock_unreliable` say why that metric's figures cannot
    be compared (another compiler, CPU or interpreter), or are None; the instructions' reason
    may be given per implementation (a mapping), since another rustc concerns only Rust's.
    `selected` limits the report to those names, so a run restricted with --impl does not call
    every other baseline entry missing.
    """
    names = list(current.entries)
    names += [name for name in baseline.entries if name not in current.entries]
    if selected is not None:
        names = [name for name in names if name in selected]
    if baseline.reference != current.reference:
        wall_clock_unreliable = (
            f"baseline ratios are against {baseline.reference}, not {current.reference}"
        )
    rows = []
    for name in names:
        counts_unreliable = (
            instructions_unreliable.get(name)
            if isinstance(instructions_unreliable, Mapping)
            else instructions_unreliable
        )
        for metric, threshold, unreliable in (
            (INSTRUCTIONS, thresholds.for_instructions(name), counts_unreliable),
            (SCALING, thresholds.scaling, counts_unreliable),
            (WALL_CLOCK, thresholds.wall_clock, wall_clock_unreliable),
        ):
            row = _row(name, metric, baseline, current, threshold, unreliable)
            if row is not None:
                rows.append(row)
    return rows


#: What one metric says about one implementation: (count, figure).
Figure = tuple[int, float]


def _figure(results: Results, name: str, metric: str) -> Figure | None:
    entry = results.entries.get(name)
    if entry is None:
        return None
    ins = entry.instructions
    if metric == INSTRUCTIONS:
        return None if ins is None else (ins.count, ins.value)
    if metric == SCALING:
        if ins is None or ins.half_count_value is None:
            return None
        return ins.count, growth_exponent(ins.count, ins.half_count_value, ins.value)
    wall = entry.wall_clock
    return None if wall is None else (wall.count, wall.ratio)


def _row(
    name: str,
    metric: str,
    baseline: Results,
    current: Results,
    threshold: float,
    unreliable: str | None,
) -> Row | None:
    before = _figure(baseline, name, metric)
    now = _figure(current, name, metric)
    if now is None:
        if before is None:
            return None  # e.g. the reference's ratio to itself
        # Only a whole implementation disappearing is "missing"; a metric is "not compared".
        verdict = Verdict.NOT_COMPARED if name in current.entries else Verdict.MISSING
        return Row(name, metric, before[0], before[1], None, None, threshold, verdict,
                   "not measured in this run")  # fmt: skip
    count, value = now
    if before is None:
        verdict = Verdict.NOT_COMPARED if name in baseline.entries else Verdict.NEW
        return Row(name, metric, count, None, value, None, threshold, verdict,
                   "not in the baseline")  # fmt: skip
    if unreliable is None and before[0] != count:
        unreliable = f"baseline count is {before[0]:,}"
    if unreliable is not None:
        return Row(name, metric, count, before[1], value, None, threshold,
                   Verdict.NOT_COMPARED, unreliable)  # fmt: skip
    change, verdict = judge(before[1], value, threshold, relative=metric != SCALING)
    return Row(name, metric, count, before[1], value, change, threshold, verdict)


def regressions(rows: Collection[Row]) -> list[Row]:
    return [row for row in rows if row.verdict is Verdict.REGRESSED]
