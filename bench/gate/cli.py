"""`python -m bench.gate check|baseline`: what `make perf-check` and `make perf-baseline` run.

The jobs live apart: `options` parses, `policy` chooses counts and what may be compared,
`modes` measures one of three ways, `verdicts` prints and writes; here each failure becomes its
exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import primes
from bench.gate import against, base_build, instructions, modes, options, outputs, termination
from bench.gate.baseline import BaselineError
from bench.gate.exits import Exit
from bench.timers.errors import MeasurementError

__all__ = ["Exit", "main"]


def _run(args: argparse.Namespace, names: list[str]) -> int:
    # Minutes of measuring are not spent on a report that could not be written.
    requested = options.requested_outputs(args)
    outputs.check_apart(requested, options.kept(args))
    for option, path in requested.items():
        outputs.check_writable(option, path, append=option in options.APPENDED)
    if args.command == "baseline":
        return modes.record(args, names)
    if args.against is not None:
        outputs.check_artifacts(args.artifacts, against.SIDES)
        return modes.check_against(args, names)
    return modes.check_baseline(args, names)


def main(argv: Sequence[str] | None = None) -> int:
    parser = options.parser()
    args = parser.parse_args(argv)
    options.check_usage(parser, args)
    names = options.selected(parser, args.impl)
    try:
        with termination.raised_on_sigterm():
            return _run(args, names)
    except termination.Terminated:
        print("perf-gate: terminated; nothing compared", file=sys.stderr)
        return Exit.TERMINATED
    except KeyboardInterrupt:
        # A base build's make, pip and cargo have ended with it (see tethered.py), callgrind's
        # processes too (see instructions.py); no output file was written, so none is left
        # half written.
        print("perf-gate: interrupted; nothing compared", file=sys.stderr)
        return Exit.INTERRUPTED
    except outputs.OutputError as err:
        print(f"perf-gate: {err}", file=sys.stderr)
        return Exit.OUTPUT_FAILED
    except BaselineError as err:
        print(f"perf-gate: bad baseline: {err}", file=sys.stderr)
        return Exit.BAD_BASELINE
    except instructions.ValgrindMissing as err:
        print(f"perf-gate: {err}", file=sys.stderr)
        return Exit.NO_VALGRIND
    except (MeasurementError, primes.ImplementationUnavailable) as err:
        print(f"perf-gate: measurement failed: {err}", file=sys.stderr)
        return Exit.MEASUREMENT_FAILED
    except base_build.BaseBuildError as err:
        print(f"perf-gate: cannot build the base: {err}", file=sys.stderr)
        return Exit.BASE_BUILD_FAILED
