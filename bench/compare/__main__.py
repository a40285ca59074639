"""Merge several runs (each a directory holding raw/) into one Markdown report, a column a
machine: the key ratios with their intervals, and which of the verdict's claims hold on every
machine and which depend on it.

    .venv/bin/python -m bench.compare results/reference results/machines/*
    make compare                               # the reference and every run in results/machines/

Exit status 0; 1 with one line when a directory holds no run or a raw file cannot be read;
2 on bad usage (fewer than two directories).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.compare.table import compare
from bench.raw import layout
from bench.raw.records import RawFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.compare",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("runs", nargs="+", type=Path, metavar="DIR", help="a run's directory")
    parser.add_argument("--out", type=Path, help="write the Markdown here (default: stdout)")
    args = parser.parse_args(argv)
    runs: list[Path] = list(dict.fromkeys(path.resolve() for path in args.runs))
    if len(runs) < 2:
        parser.error("give at least two run directories to compare")
    for run in runs:
        if not (run / "raw" / layout.MANIFEST).exists():
            print(
                f"compare: {run} holds no run (raw/{layout.MANIFEST} is missing)", file=sys.stderr
            )
            return 1
    try:
        text = compare([run / "raw" for run in runs])
    except RawFileError as err:
        print(f"compare: cannot read {err}", file=sys.stderr)
        return 1
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(args.out, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
