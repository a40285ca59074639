"""Merge several runs into one Markdown report, a column a machine: the key ratios with their
intervals, and which of the verdict's claims hold on every machine and which depend on it.

    .venv/bin/python -m bench.compare results/reference results/machines/*
    .venv/bin/python -m bench.compare --summary "$GITHUB_STEP_SUMMARY" artifacts/
    scripts/compare               # the reference, results/beside/ and results/machines/

Each DIR is a run (it holds raw/manifest.json) or a folder holding runs at any depth, as CI's
downloaded artifacts are: every run found in it is one column.

Exit status 0; 1 with one line when a DIR holds no run, fewer than two runs are found, a raw
file cannot be read, or --out or --summary cannot be written (a previous --out file is then
left as it was); 2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import paths, staging
from bench.compare.table import compare
from bench.raw import layout
from bench.raw.records import RawFileError


class NothingToCompare(Exception):
    """The directories given hold fewer than two runs; the message says which."""


def _runs_in(folder: Path) -> list[Path]:
    if (folder / "raw" / layout.MANIFEST).is_file():
        return [folder]
    found = folder.glob(f"**/raw/{layout.MANIFEST}") if folder.is_dir() else ()
    return sorted(manifest.parent.parent for manifest in found)


def find_runs(folders: Sequence[Path]) -> list[Path]:
    """The runs in `folders`, in the order given (each folder's own sorted by path), once each."""
    return runs_and_copies(folders)[0]


def runs_and_copies(folders: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """`find_runs`, and each copy of a run it left out with the run it copies."""
    runs: list[Path] = []
    for folder in folders:
        found = _runs_in(folder)
        if not found:
            raise NothingToCompare(f"{folder} holds no run (no raw/{layout.MANIFEST} in it)")
        runs += [run.resolve() for run in found]
    runs, copies = distinct(list(dict.fromkeys(runs)))
    if len(runs) < 2:
        named = ", ".join(str(run) for run in runs)
        raise NothingToCompare(f"only one run found ({named}): comparing needs two or more")
    return runs, copies


def distinct(runs: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """The runs that are not copies of an earlier one (a published run is also still in
    results/machines/: the same manifest and environment, byte for byte), and each copy with
    what it copies."""
    first: dict[tuple[bytes, bytes], Path] = {}
    copies = []
    for run in runs:
        environment = run / "raw" / layout.ENVIRONMENT
        key = (
            (run / "raw" / layout.MANIFEST).read_bytes(),
            environment.read_bytes() if environment.is_file() else b"",
        )
        if key in first:
            copies.append((run, first[key]))
        else:
            first[key] = run
    return list(first.values()), copies


def _published_and_machines() -> list[Path]:
    others = [folder for folder in (paths.BESIDE, paths.MACHINES) if _runs_in(folder)]
    if not others:
        raise NothingToCompare(
            f"no run in {paths.BESIDE} or {paths.MACHINES} to compare with the reference: "
            "`make bench` writes this machine's there"
        )
    return [paths.REFERENCE, *others]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.compare",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument(
        "folders",
        nargs="*",
        type=Path,
        metavar="DIR",
        help="a run's directory, or one holding runs (default: results/reference and every run "
        "in results/beside/ and results/machines/)",
    )
    parser.add_argument("--out", type=Path, help="write the Markdown here (default: stdout)")
    parser.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="also append the Markdown to FILE (GitHub's $GITHUB_STEP_SUMMARY)",
    )
    args = parser.parse_args(argv)
    try:
        runs, copies = runs_and_copies(args.folders or _published_and_machines())
        for copy, original in copies:
            print(f"compare: {paths.shown(copy)} is the run in {paths.shown(original)}: one column",
                  file=sys.stderr)  # fmt: skip
        text = compare([run / "raw" for run in runs])
    except NothingToCompare as err:
        return _refuse(str(err), args.summary)
    except RawFileError as err:
        return _refuse(f"cannot read {err}", args.summary)
    if args.out is None:
        sys.stdout.write(text)
        return _append_summary(args.summary, text)
    try:
        _write_whole(args.out, text)
    except OSError as err:
        print(f"compare: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"compare: {len(runs)} runs into {args.out}", file=sys.stderr)
    return _append_summary(args.summary, text)


def _append_summary(summary: Path | None, text: str) -> int:
    if summary is None:
        return 0
    try:
        with summary.open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as err:
        print(f"compare: cannot write {summary}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _refuse(why: str, summary: Path | None) -> int:
    """Says why nothing was compared, on stderr and in the summary a reader of CI looks at."""
    print(f"compare: {why}", file=sys.stderr)
    if summary is not None:
        with contextlib.suppress(OSError), summary.open("a", encoding="utf-8") as out:
            out.write(f"# No merged report\n\ncompare: {why}\n")
    return 1


def _write_whole(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging.replace_whole(path, text)


if __name__ == "__main__":
    sys.exit(main())
