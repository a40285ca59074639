"""Regenerate REPORT.md, report.html and plots/ from a raw results directory, without
measuring anything.

    .venv/bin/python -m bench.report                      # results/raw -> results/
    .venv/bin/python -m bench.report --raw R --out DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import paths, report
from bench.raw import layout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--raw",
        type=Path,
        default=paths.RESULTS / "raw",
        help="raw directory (default: results/raw)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output directory (default: the raw directory's parent)",
    )
    args = parser.parse_args(argv)
    raw: Path = args.raw
    out: Path = args.out if args.out is not None else raw.resolve().parent
    if not (raw / layout.MANIFEST).exists():
        parser.exit(2, f"report: {raw} has no {layout.MANIFEST}; run `make bench` first\n")
    for path in report.generate(raw, out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
