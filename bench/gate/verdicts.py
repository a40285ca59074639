"""The end of a check, however it was measured: the table, the last line, the files, the status."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from dataclasses import dataclass

from bench.gate import export, outputs, report
from bench.gate.callgrind import Breakdown
from bench.gate.compare import Row, Tally, regressions, tally
from bench.gate.exits import Exit


@dataclass(frozen=True)
class Verdicts:
    """What a check found, whichever way it was measured."""

    title: str
    #: Lines printed above the table: what was compared with what, and how.
    preamble: list[str]
    rows: list[Row]
    reference: str
    breakdowns: dict[str, Breakdown]
    environment: dict[str, str]
    differences: dict[str, tuple[str, str]]
    compared_with: str


def finish(args: argparse.Namespace, verdicts: Verdicts) -> int:
    """Print, write the requested files, and say how the gate ends."""
    rows, reference = verdicts.rows, verdicts.reference
    counted = tally(rows)
    last = report.summary(rows, reference, counted, allow_uncompared=args.allow_uncompared)
    # Lines stay whole in a pipe or log (grep finds them); only a terminal gets them fitted.
    columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else 1_000
    fitted = (textwrap.fill(line, width=columns) for line in verdicts.preamble)
    print("\n".join(fitted))
    print(report.table(rows, reference, width=columns))
    for name, where in verdicts.breakdowns.items():
        print(f"\nwhere {name}'s instructions went (head minus base, per call):")
        print("\n".join(where.lines(width=max(80, min(columns, 100)))))
    if verdicts.breakdowns:
        print(f"callgrind outputs: {args.artifacts} (callgrind_annotate FILE, or KCachegrind)")
    print(last)
    if regressions(rows):
        exit_code = Exit.REGRESSED
    elif counted.complete or (args.allow_uncompared and counted.compared):
        exit_code = Exit.OK
    else:
        exit_code = Exit.NOT_VERIFIED
    _write_outputs(args, verdicts, last, exit_code, counted)
    return exit_code


def _write_outputs(
    args: argparse.Namespace, v: Verdicts, last: str, exit_code: Exit, counted: Tally
) -> None:
    if args.json:
        document = report.check_json(
            v.rows,
            reference=v.reference,
            baseline_path=v.compared_with,
            exit_code=int(exit_code),
            tally=counted,
            environment=v.environment,
            environment_differences=v.differences,
        )
        outputs.write("--json", args.json, json.dumps(document, indent=2) + "\n")
    if args.markdown:
        # Appended: $GITHUB_STEP_SUMMARY may already hold other steps' summaries.
        text = report.markdown(
            v.rows, v.reference, title=v.title, last_line=last, breakdowns=v.breakdowns
        )
        outputs.write("--markdown", args.markdown, text, append=True)
    for option, path, exported in (
        ("--bmf", args.bmf, export.bencher_bmf),
        ("--github-benchmark", args.github_benchmark, export.github_action_benchmark),
    ):
        if path:
            try:
                outputs.write(option, path, json.dumps(exported(v.rows), indent=2) + "\n")
            except export.NothingToExport as nothing:
                # No stale file from an earlier run is left to be taken for this one's.
                path.unlink(missing_ok=True)
                print(f"perf-check: {path} not written: {nothing}", file=sys.stderr)
