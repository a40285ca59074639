"""Cross-checks: the same ratio measured by two studies of one run, side by side.

A bootstrap interval covers the scatter of one study's samples, not a bias every sample of that
study shares (load that landed on one side's turn, a cache state, a clock). Two studies that
time the same two things differently (pytest-benchmark's sweep one case after the other, the
targets study interleaved round by round; the talk's scripts and `primes --impl NAME`, each a
hyperfine run of their own) do not share such a bias. So where both measured a ratio, they
agree when their 95% intervals, each widened by the ±5% the verdict counts as the same speed
(`reading.MARGIN`), overlap; when they do not, the run cannot say which is right, and the
verdict claims no difference from that ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.samples import SamplesFile, read_if_present
from bench.report.findings.reading import MARGIN
from bench.report.findings.talk import find_row, table_data
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio, ratio_of_medians
from bench.slides import RUST_VS_CYTHON


@dataclass(frozen=True)
class Check:
    """One ratio, `subject` ÷ `reference` at `count`, as two studies measured it."""

    subject: str
    reference: str
    count: int
    #: (study, what it timed, its ratio), twice.
    first: tuple[str, str, Ratio]
    second: tuple[str, str, Ratio]
    #: In process or whole process.
    measured: str = "in process"

    @property
    def agree(self) -> bool:
        """Whether the two 95% intervals, each widened by MARGIN, overlap (a ratio without an
        interval is its own)."""
        a, b = self.first[2], self.second[2]
        a_low, a_high = (a.low or a.value) / MARGIN, (a.high or a.value) * MARGIN
        b_low, b_high = b.low or b.value, b.high or b.value
        return a_low <= b_high and b_low <= a_high


def _pooled(targets: SamplesFile, key: str, role: str) -> list[float]:
    """One side's samples of a target, every process's rounds together when it was timed in
    several: the same calls, so their ratio of medians has a 95% interval like the sweep's."""
    return [t for case in targets.select(target=key, role=role) for t in case.samples.seconds]


def _in_process(run: RawRun) -> list[Check]:
    """Each target whose two sides are implementations the sweep timed at the target's count:
    the sweep's ratio beside the targets study's interleaved one."""
    data = run.in_process
    targets = read_if_present(run.path(layout.TARGETS_JSON))
    if data is None or targets is None:
        return []
    found = []
    for key, spec in targets.settings.get("targets", {}).items():
        count = int(spec["count"])
        subject, reference = spec["subject"], spec["reference"]
        swept = data.get(subject, count), data.get(reference, count)
        timed = _pooled(targets, key, "subject"), _pooled(targets, key, "reference")
        if None in swept or not all(timed):
            continue
        assert swept[0] is not None and swept[1] is not None
        found.append(
            Check(
                subject,
                reference,
                count,
                (
                    "the sweep",
                    "pytest-benchmark, one case after the other",
                    ratio_of_medians(swept[0].data, swept[1].data),
                ),
                (
                    "the targets study",
                    "interleaved round by round",
                    ratio_of_medians(timed[0], timed[1]),
                ),
            )
        )
    return found


def _whole_process(run: RawRun) -> list[Check]:
    """The talk's second table (its console scripts) beside the split study's `primes --impl
    NAME 5000` for the same two implementations: both whole processes, each one hyperfine run."""
    talk = table_data(run, RUST_VS_CYTHON)
    split = run.hyperfine_file(layout.SPLIT, layout.SPLIT)
    if talk is None or split is None:
        return []
    slow, fast = RUST_VS_CYTHON.slow, RUST_VS_CYTHON.fast
    pair = (find_row(talk, slow), find_row(talk, fast))
    count = str(TALK_COUNT)
    other = (
        split.find(implementation=slow.implementation, count=count),
        split.find(implementation=fast.implementation, count=count),
    )
    if None in pair or None in other:
        return []
    assert pair[0] is not None and pair[1] is not None
    assert other[0] is not None and other[1] is not None
    return [
        Check(
            slow.implementation,
            fast.implementation,
            TALK_COUNT,
            (
                "the talk's second table",
                f"`{slow.script}` ÷ `{fast.script}`",
                ratio_of_medians(pair[0].result.times, pair[1].result.times),
            ),
            (
                "the start-up vs work study",
                "`primes --impl NAME`",
                ratio_of_medians(other[0].result.times, other[1].result.times),
            ),
            measured="whole process",
        )
    ]


def checks(run: RawRun) -> list[Check]:
    return _in_process(run) + _whole_process(run)


def find(run: RawRun, subject: str, reference: str, count: int) -> Check | None:
    """The in-process cross-check of `subject` ÷ `reference` at `count`, if two studies
    measured it."""
    for check in _in_process(run):
        if (check.subject, check.reference, check.count) == (subject, reference, count):
            return check
    return None


def whole_process(run: RawRun) -> Check | None:
    found = _whole_process(run)
    return found[0] if found else None
