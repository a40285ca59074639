"""Child process of the correctness checker: `python -m bench.check.worker TARGET COUNT...`.

TARGET is a registry name or `module:function`. Prints one JSON verdict per count.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict

from bench.check.checker import check_callable


def _load(target: str) -> Callable[[int], object]:
    if ":" in target:
        module_name, _, attribute = target.partition(":")
        function: Callable[[int], object] = getattr(importlib.import_module(module_name), attribute)
        return function
    import primes

    return primes.get(target)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m bench.check.worker TARGET COUNT...", file=sys.stderr)
        return 2
    target, counts = argv[0], [int(c) for c in argv[1:]]
    verdicts = check_callable(_load(target), target, counts)
    print(json.dumps([asdict(v) for v in verdicts]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
