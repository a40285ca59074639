"""The console scripts of the talk: `primes N`, `primes-fast N`, `primes-fast-rust N`,
`primes-fast-cython N`, plus `primes --impl NAME N` and `primes --list`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence


def _run(name: str, argv: Sequence[str]) -> int:
    # The slides' form, `primes 5000`, skips argparse: these scripts are timed as whole
    # processes by hyperfine, and the start-up should be the interpreter's, not ours.
    if len(argv) == 1 and argv[0].isdigit():
        first_n = _load(name)
        print(first_n(int(argv[0])))
        return 0
    return _main_with_options(name, argv)


def _load(name: str) -> Callable[[int], list[int]]:
    # The three the talk times import directly; the registry would add its own imports
    # (about 14 ms) to the whole-process time of whichever script used it.
    if name == "rust-naive":
        from primes._lib import first_n as rust_first_n

        return rust_first_n
    if name == "cython-naive":
        from primes_cython.naive import first_n as cython_first_n

        return cython_first_n
    if name == "pure-naive":
        from primes.naive import first_n

        return first_n
    from primes import registry

    return registry.get(name)


def _main_with_options(default: str, argv: Sequence[str]) -> int:
    import argparse

    from primes import registry

    parser = argparse.ArgumentParser(
        prog="primes",
        description="Print the first COUNT primes, by any registered implementation.",
    )
    parser.add_argument("count", nargs="?", help="how many primes to print")
    parser.add_argument(
        "--impl",
        default=default,
        metavar="NAME",
        help=f"implementation name or alias (default: {default}); see --list",
    )
    parser.add_argument("--list", action="store_true", help="list the implementations and exit")
    args = parser.parse_args(argv)

    if args.list:
        _print_table()
        return 0
    if args.count is None:
        parser.error("COUNT is required (or use --list)")
    try:
        first_n = registry.get(args.impl)
    except (KeyError, registry.ImplementationUnavailable) as err:
        parser.exit(2, f"primes: error: {err.args[0]}\n")
    try:
        count = int(args.count)
    except ValueError:
        parser.error(f"COUNT must be an integer, got {args.count!r}")
    try:
        print(first_n(count))
    except (ValueError, OverflowError, MemoryError) as err:
        parser.exit(2, f"primes: error: {err}\n")
    return 0


def _print_table() -> None:
    from primes import registry

    rows = [("name", "language", "algorithm", "available", "max count")]
    for impl in registry.implementations():
        reason = impl.unavailable_reason()
        if reason is None:
            rows.append((impl.name, impl.language, impl.algorithm, "yes", f"{impl.max_count():,}"))
        else:
            rows.append((impl.name, impl.language, impl.algorithm, f"no: {reason}", "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    aliases = ", ".join(f"{alias} = {name}" for alias, name in registry.ALIASES.items())
    print(f"\naliases: {aliases}")


def main() -> int:
    """`primes N`: the pure-Python version (any implementation with --impl)."""
    return _run("pure-naive", sys.argv[1:])


def main_rust() -> int:
    """`primes-fast N` / `primes-fast-rust N`: the Rust extension."""
    return _run("rust-naive", sys.argv[1:])


def main_cython() -> int:
    """`primes-fast-cython N`: the Cython extension."""
    return _run("cython-naive", sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
