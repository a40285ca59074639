"""Another heap placement before every sample, so a ratio is not the luck of one placement.

Where the allocator puts a call's memory decides which physical pages, and so which cache
sets, it uses: on a 2-core EPYC both wheels' buffer twins ran about 20% slower at some heap
placements than at others, and kept that speed as long as the placement held (a whole
process, when nothing else allocates in between). Holding page-sized blocks adding up to a
random size before each sample moves what the next allocations get, as stabilizer-style layout
randomisation does, so the samples are drawn over placements and their median is no single
placement's.
"""

from __future__ import annotations

import os
import random

#: What is held before a sample: from one page to 1 MiB, about the range of what the timed
#: calls allocate (a 400 KB result at 10⁵ primes, a 490 KB work block at 10⁸), in blocks of a
#: page or less. glibc maps a block above its threshold (128 KiB at first, raised as large
#: blocks are freed) apart from the heap, where holding it would move nothing; small blocks
#: always come from the heap.
SMALLEST = 4 * 1024
LARGEST = 1024 * 1024
BLOCK = 4 * 1024


class HeapJitter:
    """Called before each sample: hold new blocks adding up to a random size, and only then let
    the previous ones go, so the new ones cannot simply take their place."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(os.getpid() if seed is None else seed)
        self._held: list[bytearray] = []

    @property
    def held_bytes(self) -> int:
        return sum(map(len, self._held))

    def __call__(self) -> None:
        size = self._random.randrange(SMALLEST, LARGEST + 1)
        whole, rest = divmod(size, BLOCK)
        # Zero-filled, so the pages are the process's before the sample starts.
        self._held = [bytearray(BLOCK) for _ in range(whole)] + [bytearray(rest)]
