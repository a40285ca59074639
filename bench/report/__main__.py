"""Regenerate REPORT.md, report.html and plots/ from a raw results directory, without
measuring anything.

    .venv/bin/python -m bench.report          # results/reference/raw -> results/reference/
    .venv/bin/python -m bench.report --raw R --out DIR

Exit status 1 with one line on stderr when a raw file cannot be read ("report: cannot read
<file>: <what is wrong>") or an output cannot be written ("report: cannot write <file>: <why>;
the report in <out> is unchanged"), 130 on Ctrl-C, 2 when there is no raw run at all. Every
raw file is read and the whole report rendered before anything is written; it is then written
beside the previous one and swapped in at once (bench/staging.py), so a failure leaves the
previous report as it was, byte for byte. Writing results/reference/ also rewrites the verdict
block of README.md (bench/report/readme.py), in the same swap.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import paths
from bench.algorithms import UnknownKind
from bench.raw import layout
from bench.raw.records import RawFileError
from bench.staging import SwapInterrupted


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
    out: Path = (args.out if args.out is not None else raw.resolve().parent).absolute()
    if not (raw / layout.MANIFEST).exists():
        parser.exit(2, f"report: {raw} has no {layout.MANIFEST}; run `make bench` first\n")
    try:
        written = _publish(raw, out)
    except RawFileError as err:
        # Every raw file is read before anything is written: the previous report stays whole.
        parser.exit(1, f"report: cannot read {err}\n")
    except UnknownKind as err:
        parser.exit(1, f"report: {err}\n")
    except OSError as err:
        what = Path(err.filename) if err.filename is not None else out
        reason = err.strerror or str(err)
        kept = "" if what == out or not out.is_dir() else f"; the report in {out} is unchanged"
        parser.exit(1, f"report: cannot write {what}: {reason}{kept}\n")
    except KeyboardInterrupt as err:
        if isinstance(err, SwapInterrupted) and err.installed:
            parser.exit(130, f"report: interrupted after the new report was installed in {out}\n")
        parser.exit(130, f"report: interrupted; {out} is unchanged\n")
    for path in written:
        print(path)
    return 0


def _publish(raw: Path, out: Path) -> list[Path]:
    """The report swapped into `out`; README.md's verdict, when `out` is results/reference/,
    replaced in the same moment (it quotes the published run, nothing else)."""

    # Imported here, inside main's handlers: a Ctrl-C while matplotlib loads is one line too.
    from bench import report
    from bench.report import readme

    def say(line: str) -> None:
        print(f"report: {line}", file=sys.stderr)

    try:
        pending = readme.prepare(raw, out)
    except readme.ReadmeError as err:
        say(f"README.md not updated: {err}")
        pending = None
    except OSError as err:
        raise OSError(err.errno, err.strerror or str(err), str(readme.README)) from None
    committed: list[Path] = []

    def commit_readme() -> None:
        if pending is None:
            return
        try:
            pending.commit()
        except OSError as err:
            say(f"README.md not updated: {err.strerror or err}")
        else:
            committed.append(pending.readme)

    try:
        written = report.publish(raw, out, on_installed=commit_readme)
    finally:
        if pending is not None:
            pending.discard()
    return written + committed


if __name__ == "__main__":
    sys.exit(main())
