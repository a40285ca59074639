"""Merge several runs (each a directory holding raw/) into one Markdown report, a column a
machine: the key ratios with their intervals, and which of the verdict's claims hold on every
machine and which depend on it.

    .venv/bin/python -m bench.compare results/reference results/machines/*
    make compare                               # the reference and every run in results/machines/

Exit status 0; 1 with one line when a directory holds no run, a raw file cannot be read or
--out cannot be written (a previous --out file is then left as it was);
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
        description=__doc__.split("\n\n")[0] if __doc__ else None,
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
        return 0
    try:
        _write_whole(args.out, text)
    except OSError as err:
        print(f"compare: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(args.out, file=sys.stderr)
    return 0


def _write_whole(path: Path, text: str) -> None:
    """`text` into `path` whole or not at all: written beside it, then renamed over it, so a
    full disk leaves the previous file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
