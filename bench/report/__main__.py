"""Regenerate REPORT.md, report.html and plots/ from a raw results directory, without
measuring anything.

    .venv/bin/python -m bench.report          # results/reference/raw -> results/reference/
    .venv/bin/python -m bench.report --raw R --out DIR

Exit status 1 with one line on stderr when a raw file cannot be read ("report: cannot read
<file>: <what is wrong>"; every raw file is read before anything is written, so the previous
report is left as it was) or the output cannot be written; 2 when there is no raw run at all.
Writing results/reference/ also rewrites the verdict block of README.md (bench/report/readme.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import paths, report
from bench.raw import layout
from bench.raw.records import RawFileError
from bench.report import readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--raw",
        type=Path,
        default=paths.REFERENCE / "raw",
        help="raw directory (default: results/reference/raw, the published run)",
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
    try:
        written = report.generate(raw, out)
    except RawFileError as err:
        # Every raw file is read before anything is written: the previous report stays whole.
        parser.exit(1, f"report: cannot read {err}\n")
    except OSError as err:
        if err.filename is None or not Path(err.filename).absolute().is_relative_to(out.absolute()):
            raise
        parser.exit(1, f"report: cannot write {err.filename}: {err.strerror or err}\n")
    # README.md quotes the verdict of the published run: it follows results/reference/ only.
    written += readme.follow(raw, out, lambda line: print(f"report: {line}", file=sys.stderr))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
