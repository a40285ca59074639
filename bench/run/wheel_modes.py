"""cython-wheel ÷ rust-wheel (buffer twins) in many fresh processes: does a slow mode show?

Within one process the ratio of the two wheels is steady; between processes it has been seen
to jump (1.18 in one process, 0.99-1.02 in six others). So each of `--processes` fresh
interpreters times both sides at each count, best of `--rounds` with the order alternating
round by round, by wall time and by the thread's CPU time, and prints its ratios; the parent
prints one row per process and the median and range of each column, with the load average.

    make wheel-modes                                         # 12 processes, 1e8 and 2³²
    make wheel-modes ARGS='-p 20 -c 100000000'
    .venv/bin/python -m bench.run.wheel_modes -p 3 -s rust-wheel:buffer -R primesieve-c \
        -c 100000 1000000 10000000 100000000 203280221

The sides are named as the targets study names them (`bench.studies.targets.resolve`), and
are not checked here: the study and the tests do that. Each call at 2³² writes 813 MB
(203,280,221 uint32), so a process needs about 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from bench.paths import REPO
from bench.studies.targets import Problem, resolve

#: Every prime below 2³²: π(2³²) (OEIS A007053).
ALL_U32 = 203_280_221


Call = Callable[[], object]
#: Each call is timed by both clocks: wall time, and this thread's CPU time, which a shared
#: machine's other processes do not add to while this one waits for a core.
CLOCKS = {"wall": time.perf_counter, "cpu": time.thread_time}


def _best(calls: dict[str, Call], rounds: int) -> dict[str, dict[str, float]]:
    """Per clock, the fastest of `rounds` calls of each side, the order alternating round by
    round, after a first call of each (pages of the code and the tables touched)."""
    best = {clock: dict.fromkeys(calls, float("inf")) for clock in CLOCKS}
    names = list(calls)
    for name in names:
        calls[name]()
    for round_index in range(rounds):
        for name in names if round_index % 2 == 0 else names[::-1]:
            wall, cpu = time.perf_counter(), time.thread_time()
            calls[name]()  # a buffer is freed at once: each call pays the same
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            best["wall"][name] = min(best["wall"][name], wall)
            best["cpu"][name] = min(best["cpu"][name], cpu)
    return best


def child(subject: str, reference: str, counts: Sequence[int], rounds: int) -> None:
    """One process's figures, as a JSON line: per count and clock, both best times and their
    ratio."""
    row = {}
    for count in counts:
        calls = {}
        for name in (subject, reference):
            call = resolve(name, count, check=False)
            if isinstance(call, Problem):
                raise SystemExit(f"{name}: {call.verdict}, {call.detail}")
            calls[name] = call
        best = _best(calls, rounds)
        row[str(count)] = {
            clock: {**times, "ratio": times[subject] / times[reference]}
            for clock, times in best.items()
        }
    print(json.dumps({"pid": os.getpid(), "load": os.getloadavg()[0], "counts": row}))


def _label(count: int) -> str:
    return "2³²" if count == ALL_U32 else f"{count:.0e}".replace("e+0", "e")


def _range(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def parent(subject: str, reference: str, processes: int, counts: Sequence[int], rounds: int) -> int:
    args = [
        sys.executable,
        "-m",
        "bench.run.wheel_modes",
        "--child",
        "-s",
        subject,
        "-R",
        reference,
    ]
    args += ["-r", str(rounds), "-c", *map(str, counts)]
    columns = [(count, clock) for count in counts for clock in CLOCKS]
    header = " | ".join(f"{_label(count)} {clock}" for count, clock in columns)
    print(f"| process | load | {header} |")
    print("|" + " --- |" * (2 + len(columns)))
    ratios: dict[tuple[int, str], list[float]] = {column: [] for column in columns}
    loads = []
    for index in range(processes):
        done = subprocess.run(args, check=False, capture_output=True, text=True, cwd=REPO)
        if done.returncode != 0:
            print(f"process {index + 1} failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
        row = json.loads(done.stdout.splitlines()[-1])
        loads.append(row["load"])
        for count, clock in columns:
            ratios[count, clock].append(row["counts"][str(count)][clock]["ratio"])
        cells = " | ".join(f"{ratios[column][-1]:.3f}" for column in columns)
        print(f"| {index + 1} | {row['load']:.2f} | {cells} |", flush=True)
    summary = " | ".join(_range(ratios[column]) for column in columns)
    print(f"| median (range) | {min(loads):.2f}–{max(loads):.2f} | {summary} |")
    over = ", ".join(
        f"{_label(count)} {clock} {sum(r > 1.10 for r in ratios[count, clock])}"
        for count, clock in columns
    )
    print(
        f"{subject} ÷ {reference}, best of {rounds} per process and clock; "
        f"processes over 1.10 of {processes}: {over}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-p", "--processes", type=int, default=12)
    parser.add_argument("-c", "--counts", type=int, nargs="+", default=[100_000_000, ALL_U32])
    parser.add_argument("-r", "--rounds", type=int, default=3)
    parser.add_argument("-s", "--subject", default="cython-wheel:buffer")
    parser.add_argument("-R", "--reference", default="rust-wheel:buffer")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        child(options.subject, options.reference, options.counts, options.rounds)
        return 0
    return parent(
        options.subject, options.reference, options.processes, options.counts, options.rounds
    )


if __name__ == "__main__":
    sys.exit(main())
