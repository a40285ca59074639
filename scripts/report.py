#!/usr/bin/env python3
"""Regenerate REPORT.md, report.html and plots/ from a raw results directory, without
measuring anything.

    .venv/bin/python scripts/report.py                      # results/raw -> results/
    .venv/bin/python scripts/report.py --raw R --out DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Run as a file, Python puts scripts/ on sys.path, not the repository with the `bench` package.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402 - needs the path above


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--raw",
        type=Path,
        default=REPO / "results" / "raw",
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
    if not (raw / "manifest.json").exists():
        parser.exit(2, f"report: {raw} has no manifest.json; run `make bench` first\n")
    for path in report.generate(raw, out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
