"""Child process of `bench.timers.first_call`, run by path with `python -I`: it imports nothing of
the harness (not even the `bench` package) before what it times, so the import it measures is
the implementation's own.

    python -I first_call_child.py MODULE ATTRIBUTE COUNT MIN_CALLS MIN_SECONDS MAX_CALLS

Prints one JSON object: import_seconds, first_call, steady (seconds of each later call). The
steady calls go on until there are MIN_CALLS of them and they add up to MIN_SECONDS, or there
are MAX_CALLS.
"""

import sys
import time
from importlib import import_module


def main(argv: list[str]) -> int:
    module_name, attribute, count_text, min_calls, min_seconds, max_calls = argv
    count = int(count_text)

    start = time.perf_counter()
    module = import_module(module_name)
    imported = time.perf_counter() - start
    first_n = getattr(module, attribute)

    start = time.perf_counter()
    result = first_n(count)
    first = time.perf_counter() - start

    steady: list[float] = []
    spent = 0.0
    while len(steady) < int(max_calls) and (
        len(steady) < int(min_calls) or spent < float(min_seconds)
    ):
        start = time.perf_counter()
        last = first_n(count)
        elapsed = time.perf_counter() - start
        steady.append(elapsed)
        spent += elapsed

    # The checker compared the values with the oracle before; this only catches a first call
    # that returned something else than the later ones (a JIT gone wrong) without costing time.
    if len(result) != count or result != last:
        print(f"first call and later calls of {module_name}.{attribute} differ", file=sys.stderr)
        return 1
    import json

    print(json.dumps({"import_seconds": imported, "first_call": first, "steady": steady}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
