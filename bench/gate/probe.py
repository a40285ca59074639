"""Runs under callgrind: `python -s -P probe.py NAME COUNT` times calls by their instructions.

Callgrind is started with `--dump-before=getppid`, so each `os.getppid()` below (nothing else
in the process calls it) closes one part of the profile. The part holding `first_n(COUNT)` minus
the part holding `first_n(0)` is the call's own cost: start-up, imports and the interpreter's
work around each call cancel out, whatever the implementation's language. `first_n(COUNT // 2)`
is counted the same way, for the growth exponent between the two counts.

Each counted call is preceded by an uncounted call of the same count, and no result outlives
its part: the counted call then finds the allocator as that same call leaves it, whatever the
start-up before it allocated. Without that, glibc's calloc clears only the part of a buffer that
lies below the heap's high-water mark (memory fresh from the kernel is already zero), and where
that mark lies depends on every allocation since start-up, the lengths of the paths the
interpreter was started from among them: rust-wheel's count moved by 5.9% with the checkout's path.

Standard library and `primes` only: it is run by path, outside the checkout's sys.path.
"""

from __future__ import annotations

import os
import sys

from primes import registry

#: First calls pay for lazy set-up (interned strings, type objects, caches); keep that out.
WARM_UP_COUNT = 10


def main(argv: list[str]) -> int:
    name, count = argv[1], int(argv[2])
    first_n = registry.get(name)
    first_n(WARM_UP_COUNT)
    os.getppid()  # part 0 ends: start-up
    lengths = []
    # Parts 1-6: uncounted and counted first_n(count // 2), the same for count, then for 0.
    for n in (count // 2, count, 0):
        for _ in ("uncounted", "counted"):
            lengths.append(len(first_n(n)))  # the list is freed within its part
            os.getppid()
    expected = [n for n in (count // 2, count, 0) for _ in range(2)]
    if lengths != expected:
        print(f"{name}: first_n returned {lengths} values, not {expected}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
