"""The head's instruction counts, taken while the base builds.

A first base build is a minute or more of make, pip, cargo and the C compiler, which leave a core
idle for much of it (cargo's last LTO job, setuptools compiling one module at a time). The head's
counts need nothing of the base: they are taken meanwhile, in a thread, and kept in the count
store (count_store.py) as each one ends. The base's implementations are counted once it is built;
where the base's build came out byte for byte as the head's (the same sources: a docs-only or
Makefile-only commit, a reproducible build), their files name the head's kept counts and nothing
is counted twice.

A count does not depend on what else runs meanwhile (callgrind counts instructions, not time), so
the build beside it changes no figure. The counting ends with the gate: on Ctrl-C, SIGTERM or a
failed build, `__exit__` kills the running callgrind processes and starts no more.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from bench.gate import instructions
from bench.gate.children import Children


class HeadFirst:
    """`with HeadFirst(...) as head:` counts this checkout's implementations in a thread;
    `head.result()` waits for them."""

    def __init__(
        self,
        counts: Mapping[str, int],
        keep: Path,
        *,
        valgrind: str,
        jobs: int,
        reuse: instructions.Reuse,
        python: str = sys.executable,
    ) -> None:
        self._side = instructions.Side(python, dict(counts), keep)
        self._valgrind, self._jobs, self._reuse = valgrind, jobs, reuse
        self._children = Children()
        self._counted: instructions.Counted | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._count, name="head counts", daemon=True)

    def _count(self) -> None:
        try:
            self._counted = instructions.count_sides(
                [self._side],
                valgrind=self._valgrind,
                jobs=self._jobs,
                reuse=self._reuse,
                children=self._children,
            )
        except BaseException as err:  # handed to the main thread by result()
            self._error = err

    def __enter__(self) -> HeadFirst:
        self._thread.start()
        return self

    def result(self) -> instructions.Counted:
        """The head's counts, once every one is taken; the counting's own error if it failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._counted is not None
        return self._counted

    def __exit__(self, *exception: object) -> None:
        # Leaving before result() (a failed build, Ctrl-C): nobody reads the counts.
        self._children.stop()
        self._thread.join()
