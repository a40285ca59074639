"""Runs under callgrind: `python -s -P probe.py NAME COUNT` times two calls by their instructions.

Callgrind is started with `--dump-before=getppid`, so each `os.getppid()` below (nothing else
in the process calls it) closes one part of the profile. The part holding `first_n(COUNT)` minus
the part holding `first_n(0)` is the call's own cost: start-up, imports, the warm-up call and
the interpreter's work around each call cancel out, whatever the implementation's language.
`first_n(COUNT // 2)` is counted the same way, for the growth exponent between the two counts.
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
    os.getppid()  # part 1 ends: start-up
    half = first_n(count // 2)
    os.getppid()  # part 2 ends: first_n(count // 2)
    full = first_n(count)
    os.getppid()  # part 3 ends: first_n(count)
    empty = first_n(0)
    os.getppid()  # part 4 ends: first_n(0)
    if (len(half), len(full), len(empty)) != (count // 2, count, 0):
        print(
            f"{name}: first_n returned {len(half)}, {len(full)} and {len(empty)} values",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
