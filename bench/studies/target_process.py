"""One fresh process's interleaved timing of the targets study's sides at one count.

A long target is timed in several fresh processes, not in one: between processes the ratio
of two wheels has been seen to jump (where the buffers land in physical memory decides which
cache sets overflow), while within one it stays put. So one process's rounds cannot tell a
slow mode from the speed; the spread of the ratios across processes can.

    python -m bench.studies.target_process COUNT ROUNDS TARGET NAME...

prints one JSON object, {name: {"loops": n, "seconds": [...]}}, on its last line. The sides
are checked against the oracle by the study before it starts any process, not here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from bench.studies.targets import Problem, resolve
from bench.timers.heap_jitter import HeapJitter
from bench.timers.interleaved import interleaved


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 4:
        print("usage: python -m bench.studies.target_process COUNT ROUNDS TARGET NAME...")
        return 2
    count, rounds, target, names = int(args[0]), int(args[1]), float(args[2]), args[3:]
    calls = {}
    for name in names:
        call = resolve(name, count, check=False)
        if isinstance(call, Problem):
            print(f"{name}: {call.verdict}, {call.detail}", file=sys.stderr)
            return 1
        calls[name] = call
    timed = interleaved(calls, rounds=rounds, target=target, before_sample=HeapJitter())
    print(
        json.dumps(
            {
                name: {"loops": samples.loops, "seconds": list(samples.seconds)}
                for name, samples in timed.items()
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
