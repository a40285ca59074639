"""What makes a first `--against` shorter without changing a figure: the head counted while the
base builds (and stopped with the gate), a second uncounted run before a count is taken, and the
timing of an implementation already settled stopped after two pairs of processes."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from process_state import alive, wait_for

from bench.gate import against, count_store, head_first, instructions, versus
from bench.gate.compare import Verdict
from bench.gate.instructions import InstructionCount
from bench.timers.errors import MeasurementError

# --- the timing's early stop ----------------------------------------------------------------


def twenty(low_ranks: float, inner_low: float, inner_high: float, high_ranks: float) -> list[float]:
    """Twenty ratios: three at `low_ranks`, ranks 4-17 between inner_low and inner_high (rank 4
    is inner_low, rank 17 inner_high), three at `high_ranks`."""
    inner = [inner_low + (inner_high - inner_low) * i / 13 for i in range(14)]
    return [low_ranks] * 3 + inner + [high_ranks] * 3


def test_settled_reads_ranks_four_and_seventeen_of_twenty() -> None:
    # P(B(20, 1/2) <= 3) = 1,351/2^20 = 0.0013 <= 0.005 < P(B <= 4) = 6,196/2^20 = 0.0059: the 99%
    # interval of twenty ratios is ranks 4 and 17, whatever the three either side of them.
    assert versus.settled(twenty(0.5, 0.981, 1.019, 1.5), 0.02)
    assert not versus.settled(twenty(0.5, 0.979, 1.019, 1.5), 0.02)
    assert not versus.settled(twenty(0.5, 0.981, 1.021, 1.5), 0.02)


def test_settled_needs_the_99_percent_interval_not_the_95() -> None:
    # The 95% interval of twenty is ranks 6 and 15 (P(B <= 5) = 0.0207, P(B <= 6) = 0.0577):
    # inside ±2% here, while ranks 4 and 17 are not.
    values = [0.9, 0.9, 0.9, 0.97, 0.97] + [1.0] * 10 + [1.03, 1.03, 1.1, 1.1, 1.1]
    assert versus.median_interval(values) == (1.0, 1.0)
    assert not versus.settled(values, 0.02)


class FakePairs:
    """Stands in for `versus._pair`: each name's ratios of a round from `ratios`; records which
    names each pair of processes was asked to time."""

    def __init__(self, ratios: Mapping[str, float]) -> None:
        self.ratios = ratios
        self.asked: list[list[str]] = []

    def __call__(
        self, counts: Mapping[str, int], loops: object, rounds: range, *rest: object
    ) -> dict[str, list[float]]:
        self.asked.append(list(counts))
        return {name: [self.ratios[name]] * len(rounds) for name in counts}


def test_a_settled_implementation_is_timed_no_more_after_two_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakePairs({"steady": 1.001, "slower": 1.03})
    monkeypatch.setattr(versus, "_pair", fake)
    timed = versus.head_over_base(
        {"steady": 10, "slower": 10}, base_python="base", head_python="head", stop_within=0.02
    )
    assert fake.asked == [["steady", "slower"], ["steady", "slower"], ["slower"]]
    assert (timed["steady"].rounds, timed["steady"].stopped_early) == (20, True)
    assert (timed["slower"].rounds, timed["slower"].stopped_early) == (31, False)


def test_without_a_band_every_pair_times_every_implementation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakePairs({"steady": 1.0})
    monkeypatch.setattr(versus, "_pair", fake)
    timed = versus.head_over_base({"steady": 10}, base_python="base", head_python="head")
    assert fake.asked == [["steady"]] * 3
    assert (timed["steady"].rounds, timed["steady"].stopped_early) == (31, False)


def test_a_stopped_row_is_ok_and_says_why() -> None:
    stopped = versus.HeadOverBase("steady", 10, 1.001, 0.995, 1.004, 20, stopped_early=True)
    row = against._time_row(stopped, 0.04)
    assert row.verdict is Verdict.OK
    assert row.note == (
        "median of 20 interleaved rounds, then no more: after 2 pairs of processes its 99% "
        "interval was within ±2.0%"
    )


# --- a second uncounted run -----------------------------------------------------------------


class KeptByFiles:
    """A store keyed by the listed files alone, holding one count."""

    def __init__(self, files: Sequence[str], counted: InstructionCount) -> None:
        self.kept = {" ".join(files): counted}

    def key(self, name: str, count: int, files: Sequence[str], roots: Mapping[Path, str]) -> str:
        return " ".join(files)

    def load(self, key: str, name: str, keep: Path) -> InstructionCount | None:
        return self.kept.get(key)

    def save(self, key: str, counted: InstructionCount, profiles: Path) -> None:
        raise AssertionError("nothing was counted, so nothing is saved")


def test_a_count_kept_for_what_the_second_run_loads_is_not_taken_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # numba in a new venv: the first run compiles the function (and loads the compiler), the
    # next ones load the compiled function kept by the first, as the counted run would.
    runs = iter([["numba.py", "compiler.py"], ["numba.py", "kept-function.nbc"]])

    def warm_up(children: object, stage: object, name: str, count: int) -> instructions._WarmUp:
        return instructions._WarmUp(next(runs), 0.1)

    def no_callgrind(*args: object) -> None:
        raise AssertionError("counted although a count of the same files is kept")

    monkeypatch.setattr(instructions, "_warm_up", warm_up)
    monkeypatch.setattr(instructions, "_callgrind_run", no_callgrind)
    kept = InstructionCount("numba-naive", 5, 1_000, (1_000,), 400)
    counted = instructions.count_sides(
        [instructions.Side(sys.executable, {"numba-naive": 5}, tmp_path / "base")],
        valgrind="valgrind",
        reuse=KeptByFiles(["numba.py", "kept-function.nbc"], kept),
    )
    assert counted.counts == [{"numba-naive": kept}]
    assert counted.reused == [{"numba-naive": instructions.KEPT}]


# --- the head counted while the base builds -------------------------------------------------

# Says its version; as callgrind, writes "PID ARGUMENTS" and waits as a long count would.
STAND_IN = """\
#!/bin/sh
if [ "$1" = --version ]; then echo valgrind-3.19.0; exit 0; fi
echo "$$ $*" >> {log}
exec sleep 300
"""


def out_folder(arguments: list[str]) -> Path:
    (out,) = [a.split("=", 1)[1] for a in arguments if a.startswith("--callgrind-out-file=")]
    return Path(out).parent


class BuildFailed(Exception):
    pass


def test_leaving_while_the_head_counts_ends_its_callgrind_and_stage(tmp_path: Path) -> None:
    started = tmp_path / "started"
    stand_in = tmp_path / "valgrind"
    stand_in.write_text(STAND_IN.format(log=shlex.quote(str(started))))
    stand_in.chmod(0o755)
    valgrind = str(stand_in)
    store = count_store.Store(valgrind, tmp_path / "counts")
    counting = head_first.HeadFirst(
        {"pure-sieve": 100}, tmp_path / "head", valgrind=valgrind, jobs=1, reuse=store
    )
    try:
        with pytest.raises(BuildFailed), counting:
            assert wait_for(lambda: started.exists() and started.read_text().endswith("\n"), 60)
            raise BuildFailed  # as a failed base build or Ctrl-C leaves the block
        pid, *arguments = started.read_text().split()
        assert wait_for(lambda: not alive(int(pid)), 10), "the callgrind stand-in still runs"
        assert not out_folder(arguments).exists(), "the stage folder is left"
        with pytest.raises(MeasurementError):
            counting.result()
    finally:
        for entry in started.read_text().splitlines() if started.exists() else []:
            if alive(int(entry.split()[0])):
                os.kill(int(entry.split()[0]), signal.SIGKILL)


def test_the_head_counts_come_back_from_its_thread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    kept = InstructionCount("pure-sieve", 100, 5_000, (5_000,), 2_400)
    seen: list[str] = []

    def count_sides(sides: Sequence[instructions.Side], **options: object) -> instructions.Counted:
        seen.append(sides[0].python)
        return instructions.Counted([{"pure-sieve": kept}], [{}], [{"pure-sieve": "key"}])

    monkeypatch.setattr(instructions, "count_sides", count_sides)
    reuse = KeptByFiles([], kept)
    with head_first.HeadFirst(
        {"pure-sieve": 100}, tmp_path, valgrind="v", jobs=1, reuse=reuse, python="head-python"
    ) as head:
        assert head.result().counts == [{"pure-sieve": kept}]
    assert seen == ["head-python"]


class LoggedWorker:
    """Stands in for `versus._Worker`: every call logged, each sample 1 ms."""

    log: ClassVar[list[str]] = []

    def __init__(self, python: Path | str, side: str) -> None:
        self.side = side

    def ask(self, name: str, count: int, loops: int) -> None:
        self.log.append(f"ask {self.side} {name}")

    def answer(self) -> float:
        self.log.append(f"answer {self.side}")
        return 0.001

    def seconds(self, name: str, count: int, loops: int) -> float:
        self.log.append(f"seconds {self.side} {name}")
        return 0.001

    def __enter__(self) -> LoggedWorker:
        return self

    def __exit__(self, *exception: object) -> None:
        pass


def test_both_sides_make_their_untimed_first_call_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    LoggedWorker.log = []
    monkeypatch.setattr(versus, "_Worker", LoggedWorker)
    versus.head_over_base({"a": 10}, base_python="base", head_python="head", rounds=1, pairs=1)
    # The first call: asked of both before either answer is read; then timed one at a time.
    assert LoggedWorker.log[:4] == ["ask base a", "ask head a", "answer base", "answer head"]
    assert all(entry.startswith("seconds") for entry in LoggedWorker.log[4:])
