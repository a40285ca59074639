"""What makes a first `--against` shorter without changing a figure: the head counted while the
base builds (and stopped with the gate), and a second uncounted run before a count is taken."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from child_python import python_stand_in
from process_state import alive, wait_for

from bench.gate import count_store, head_first, instructions
from bench.gate.instructions import InstructionCount
from bench.timers.errors import MeasurementError

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

# Says its version; as callgrind, writes "PID OUT-FILE" and waits as a long count would.
STAND_IN = """\
import os, sys, time
if sys.argv[1:] == ["--version"]:
    print("valgrind-3.19.0")
    sys.exit(0)
(out,) = [arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--callgrind-out-file=")]
with open({log!r}, "a") as log:
    log.write(f"{{os.getpid()}} {{out}}\\n")
time.sleep(300)
"""


class BuildFailed(Exception):
    pass


def test_leaving_while_the_head_counts_ends_its_callgrind_and_stage(tmp_path: Path) -> None:
    started = tmp_path / "started"
    script = tmp_path / "valgrind.py"
    script.write_text(STAND_IN.format(log=str(started)))
    valgrind = str(python_stand_in(tmp_path / "valgrind", script))
    store = count_store.Store(valgrind, tmp_path / "counts")
    counting = head_first.HeadFirst(
        {"pure-sieve": 100}, tmp_path / "head", valgrind=valgrind, jobs=1, reuse=store
    )
    try:
        with pytest.raises(BuildFailed), counting:
            assert wait_for(lambda: started.exists() and started.read_text().endswith("\n"), 60)
            raise BuildFailed  # as a failed base build or Ctrl-C leaves the block
        pid, out = started.read_text().split()
        assert wait_for(lambda: not alive(int(pid)), 10), "the callgrind stand-in still runs"
        assert not Path(out).parent.exists(), "the stage folder is left"
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
