"""The console scripts of the talk: `primes N`, `primes-fast N`, `primes-fast-rust N`,
`primes-fast-cython N`, plus `primes --impl NAME N` and `primes --list`.

Every way of calling them ends in one of these, never a traceback:

- the primes on standard output, exit 0;
- `primes: error: ...` on standard error, exit 2 (each script says its own name, as in its
  usage line: `primes-fast: error: ...`): a bad argument or a count the implementation
  refuses (negative, above its largest count or sys.maxsize, more than memory can hold), the
  same message whether the count came by the slides' form or by `--impl`;
- `primes: error: cannot write to standard output: ...`, exit 1, when standard output fails
  (a full disk, `> /dev/full`), as coreutils' `seq` answers `write error`, exit 1;
- nothing at all when the reader of a pipe goes away (`primes 5000 | head -c 10`): the process
  ends by SIGPIPE, as `seq` and every C program with default signal handling do (a shell shows
  status 141); with Ctrl-C, likewise by SIGINT (status 130), the way Python itself ends on an
  uncaught KeyboardInterrupt, only without the traceback.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence

# Not `from typing import TYPE_CHECKING`: importing typing would add to every start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from sys import UnraisableHookArgs
    from typing import NoReturn

#: `primes: error: ...` and the status argparse gives a usage error.
_EXIT_ERROR = 2
#: Standard output could not be written, as coreutils report a write error.
_EXIT_WRITE_FAILED = 1


class _OutputFailed(Exception):
    """Standard output could not be written."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _run(name: str, argv: Sequence[str]) -> int:
    # One OpenBLAS thread, unless the user chose: these scripts never call BLAS, and numpy
    # (numpy-sieve, numba-naive) would otherwise have OpenBLAS reserve a buffer and a stack
    # per core at import, which under a memory limit ends the process with exit(1).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.unraisablehook = _ignore_finalizers_out_of_memory
    try:
        try:
            return _dispatch(name, argv)
        finally:
            _flush_stdout()
    except _OutputFailed as failed:
        return _output_failed(failed.error)
    except KeyboardInterrupt:
        return _end_by_signal("SIGINT", 130)


def _dispatch(name: str, argv: Sequence[str]) -> int:
    # The slides' form, `primes 5000`, skips argparse: these scripts are timed as whole
    # processes by hyperfine, and the start-up should be the interpreter's, not ours.
    # isdecimal, not isdigit: `²` is a digit that int() refuses.
    if len(argv) == 1 and argv[0].isdecimal():
        try:
            first_n = _load(name)
        except ImportError:  # not built: the options path says so, as for --impl
            return _main_with_options(name, argv)
        return _print_first_n(first_n, argv[0])
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

    class Help(argparse.Action):
        """argparse's -h/--help, writing as the primes are written: argparse ignores an
        error writing its help, so `primes --help > /dev/full` would end quietly, status 0."""

        def __call__(
            self,
            parser: argparse.ArgumentParser,
            namespace: argparse.Namespace,
            values: object,
            option_string: str | None = None,
        ) -> None:
            _write(parser.format_help())
            parser.exit()

    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Print the first COUNT primes, by any registered implementation.",
        add_help=False,
    )
    parser.add_argument(
        "-h", "--help", action=Help, nargs=0, help="show this help message and exit"
    )
    parser.add_argument("count", nargs="?", help="how many primes to print")
    parser.add_argument(
        "--impl",
        metavar="NAME",
        help=f"implementation name or alias (default: {default}); see --list",
    )
    parser.add_argument("--list", action="store_true", help="list the implementations and exit")
    args = parser.parse_args(argv)

    if args.list:
        if args.count is not None or args.impl is not None:
            parser.error("--list takes no other arguments")
        _write(_table())
        return 0
    if args.count is None:
        parser.error("COUNT is required (or use --list)")
    try:
        first_n = registry.get(default if args.impl is None else args.impl)
    except KeyError as err:
        return _error(err.args[0])
    except registry.ImplementationUnavailable as err:
        # A load that ran out of memory leaves objects whose finalizers fail at exit, each
        # printing "Exception ignored ..." after the error line: end without them.
        _end_now(_error(err.args[0]))
    if not _is_integer(args.count):
        parser.error(f"COUNT must be an integer, got {_shorten(args.count)!r}")
    return _print_first_n(first_n, args.count)


def _is_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return _too_long(text)
    return True


def _too_long(text: str) -> bool:
    """An integer literal that int() refuses only for its length (`int_max_str_digits`)."""
    digits = text.strip().removeprefix("-").removeprefix("+").replace("_", "")
    limit = sys.get_int_max_str_digits()
    return digits.isdecimal() and 0 < limit < len(digits)


def _print_first_n(first_n: Callable[[int], list[int]], text: str) -> int:
    """Print first_n(int(text)), or say why not; `text` is an integer literal."""
    try:
        count: int | None = int(text)
    except ValueError:
        count = None  # thousands of digits (_too_long): larger than any count
    if count is None or not -_LONG_COUNT < count < _LONG_COUNT:
        # Refused here, so the error line shows the number shortened, as it shows COUNT.
        if text.strip().startswith("-"):
            return _error(f"count must be non-negative, got {_shorten(text)}")
        return _error(f"count {_shorten(text)} is larger than sys.maxsize")
    try:
        line = f"{first_n(count)}\n"
    except (ValueError, OverflowError) as err:
        return _error(str(err))
    except MemoryError as err:
        # A MemoryError without words is CPython's, from writing the list out as text.
        from primes.contract import out_of_memory_message

        _end_now(_error(str(err) or out_of_memory_message(count)))
    _write(line)
    return 0


def _end_now(status: int) -> NoReturn:
    """End the process with `status` without tearing the interpreter down: out of memory,
    the finalizers of what the failed work left (numba's compiler's) fail in turn, and each
    failure prints a few lines after the one error line. Nothing is left to write."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def _ignore_finalizers_out_of_memory(unraisable: UnraisableHookArgs) -> None:
    """sys.unraisablehook: a finalizer that fails for want of memory while the work runs out
    of it is not news (the command's own error says so); anything else is reported as usual."""
    if not isinstance(unraisable.exc_value, MemoryError):
        sys.__unraisablehook__(unraisable)


#: Counts with more digits than _shorten keeps are refused by the CLI itself: any
#: implementation would quote every digit in its error.
_LONG_COUNT = 10**40


def _shorten(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"


def _prog() -> str:
    """The script's own name (`primes-fast`), for its usage line and its errors."""
    # os.path, not pathlib: an error in the slides' form should not import pathlib.
    name = os.path.basename(sys.argv[0]) if sys.argv else ""  # noqa: PTH119
    name = name.removesuffix(".exe")  # a console script on Windows
    # `python -m primes.cli` (argv[0] is the file) or `python -c` (argv[0] is "-c").
    return "primes" if not name or name.startswith("-") or name.endswith(".py") else name


def _error(message: str) -> int:
    print(f"{_prog()}: error: {message}", file=sys.stderr)
    return _EXIT_ERROR


def _write(text: str) -> None:
    stream = sys.stdout
    if stream is None:  # started with standard output closed (`primes 5 >&-`)
        import errno

        raise _OutputFailed(OSError(errno.EBADF, os.strerror(errno.EBADF)))
    try:
        raw = getattr(stream, "buffer", None)
        if isinstance(raw, io.RawIOBase) and os.linesep == "\n":
            stream.flush()
            _write_all(raw, text.encode(stream.encoding, stream.errors or "strict"))
        else:
            stream.write(text)
            stream.flush()
    except OSError as err:
        raise _OutputFailed(err) from err


def _write_all(raw: io.RawIOBase, data: bytes) -> None:
    # Unbuffered (`python -u`, PYTHONUNBUFFERED=1): the text layer writes to the descriptor
    # once and drops what a short write left, which is what a pipe whose reader went away
    # returns. Writing the rest is what raises BrokenPipeError.
    view = memoryview(data)
    while view:
        written = raw.write(view)
        if written is None:  # a non-blocking descriptor that is full
            import errno

            raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        view = view[written:]


def _flush_stdout() -> None:
    # Flushed here, not at exit: at exit a failed flush is "Exception ignored ...", status 120.
    if sys.stdout is not None:
        _write("")


def _output_failed(err: OSError) -> int:
    # What is still buffered goes to /dev/null, so the flush at exit fails no more.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no stdout, or one without a descriptor
        pass
    if isinstance(err, BrokenPipeError):
        return _end_by_signal("SIGPIPE", 128 + 13)
    print(f"{_prog()}: error: cannot write to standard output: {err.strerror}", file=sys.stderr)
    return _EXIT_WRITE_FAILED


def _end_by_signal(name: str, status: int) -> int:
    """End the process by the signal's default action, as a C program would; else `status`."""
    import signal

    signum = getattr(signal, name, None)
    if signum is not None:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    return status  # no such signal here (Windows), or it is blocked


#: No line of `primes --list` is wider than this (nor than the terminal, when narrower).
_LIST_WIDTH = 100


def _table() -> str:
    """What `primes --list` prints: every implementation, why some are not available, aliases."""
    import shutil
    import textwrap

    from primes import registry

    rows = [("name", "language", "algorithm", "available", "max count")]
    reasons = []
    for impl in registry.implementations():
        reason = impl.unavailable_reason()
        if reason is None:
            limit = impl.max_count()
            shown = "unbounded" if limit >= sys.maxsize else f"{limit:,}"
            rows.append((impl.name, impl.language, impl.algorithm, "yes", shown))
        else:
            rows.append((impl.name, impl.language, impl.algorithm, _not_available(impl.hint), "-"))
            reasons.append(reason)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    width = min(_LIST_WIDTH, shutil.get_terminal_size((_LIST_WIDTH, 24)).columns)
    if reasons:
        lines += ["", "not available:"]
        lines += [
            textwrap.fill(reason, width, initial_indent="  ", subsequent_indent="    ")
            for reason in reasons
        ]
    aliases = ", ".join(f"{alias} = {name}" for alias, name in registry.ALIASES.items())
    lines += ["", textwrap.fill(f"aliases: {aliases}", width, subsequent_indent="  ")]
    return "\n".join(lines) + "\n"


def _not_available(hint: str) -> str:
    """The table's short cell: `no (make peers)` for the hint "run `make peers` (...)"."""
    parts = hint.split("`")
    return f"no ({parts[1]})" if len(parts) >= 3 else "no (see below)"


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
