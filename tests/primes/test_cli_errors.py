"""The console scripts answer every odd input and every broken output without a traceback.

Each case runs a script in its own process, as a user's shell would: the entry point named in
pyproject.toml's [project.scripts], from this source tree's `pure/primes/cli.py` (the compiled
extensions come from the build, which only the installed package holds). A bad count gets
`primes: error: ...` and exit 2 whichever way it came; a full device gets one line and exit 1;
a closed pipe and Ctrl-C end the process by their signal, silently, as `seq` does.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import signal
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import pytest
from process_state import wait_for_cpu_time

import primes
from oracle import sieve

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "pure"

#: script name -> entry point in primes.cli, exactly as installed.
SCRIPTS: dict[str, str] = {
    name: target.removeprefix("primes.cli:")
    for name, target in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "scripts"
    ].items()
}

#: Which implementation each entry point runs in the slides' form.
IMPL_OF_ENTRY = {"main": "pure-naive", "main_rust": "rust-naive", "main_cython": "cython-naive"}

#: What a script prints at each count, and what `int()` refuses although `isdigit()` is true.
TEN_PRIMES = "[2, 3, 5, 7, 11, 13, 17, 19, 23, 29]\n"
NOT_DECIMAL_DIGITS = ["²", "①", "1²"]
ENOSPC = "No space left on device"


def _runner(entry: str, *, script: str = "primes", block: str | None = None) -> str:
    """Python code that runs `entry` like console script `script`, from this source tree."""
    installed = [str(Path(path)) for path in primes.__path__]
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(SOURCE)!r})",
        "import primes",
        # The source package first, then the installed one for the built primes._lib.
        f"primes.__path__.extend({installed!r})",
    ]
    if block is not None:  # as if this module were not built
        lines.append(f"sys.modules[{block!r}] = None")
    lines += [
        f"from primes.cli import {entry}",
        f"sys.argv[0] = {f'/venv/bin/{script}'!r}",  # as the console script sets it
        f"sys.exit({entry}())",
    ]
    return "\n".join(lines)


def environment(*, unbuffered: bool = False) -> dict[str, str]:
    """This environment, with standard output buffered (the default) or not (`python -u`)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return {**env, "PYTHONUNBUFFERED": "1"} if unbuffered else env


def run_python(
    *args: str,
    stdout: int | IO[Any] = subprocess.PIPE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -P ARGS` in its own process (this environment unless `env`), standard error
    captured as text."""
    return subprocess.run(
        [sys.executable, "-P", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def run(
    script: str,
    *args: str,
    stdout: int | IO[Any] = subprocess.PIPE,
    block: str | None = None,
    unbuffered: bool = False,
) -> subprocess.CompletedProcess[str]:
    code = _runner(SCRIPTS[script], script=script, block=block)
    return run_python("-c", code, *args, stdout=stdout, env=environment(unbuffered=unbuffered))


def assert_error(
    done: subprocess.CompletedProcess[str], message: str, *, usage: bool, script: str = "primes"
) -> None:
    """Exit 2, nothing on stdout, `SCRIPT: error: message` (after argparse's usage line)."""
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    if usage:
        assert lines[0].startswith(f"usage: {script} "), done.stderr
        lines = lines[1:]
    assert lines == [f"{script}: error: {message}"]


def expected_error(impl: str, count: int) -> str:
    """The message of the exception the implementation itself raises for `count`."""
    with pytest.raises((ValueError, OverflowError, MemoryError)) as raised:
        primes.get(impl)(count)
    return str(raised.value)


def test_every_script_is_covered() -> None:
    assert set(SCRIPTS) == {"primes", "primes-fast", "primes-fast-rust", "primes-fast-cython"}
    assert set(SCRIPTS.values()) <= set(IMPL_OF_ENTRY)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_slides_form_prints_the_primes(script: str) -> None:
    done = run(script, "10")
    assert (done.returncode, done.stdout, done.stderr) == (0, TEN_PRIMES, "")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("over", ["max", "2**40", "huge"])
def test_a_count_too_large_is_one_line_in_both_forms(script: str, over: str) -> None:
    impl = IMPL_OF_ENTRY[SCRIPTS[script]]
    count = {
        "max": primes.implementation(impl).max_count() + 1,
        "2**40": 2**40,
        "huge": 99999999999999999999999,
    }[over]
    message = expected_error(impl, count)
    assert_error(run(script, str(count)), message, usage=False, script=script)
    assert_error(run(script, "--impl", impl, str(count)), message, usage=False, script=script)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("more", [0, 1], ids=["as-long-as-int-converts", "longer"])
def test_a_count_with_thousands_of_digits_is_shortened(script: str, more: int) -> None:
    # int() converts up to sys.get_int_max_str_digits() digits: both sides of that line
    # give the same short line.
    digits = "9" * (sys.get_int_max_str_digits() + more)
    shown = f"{digits[:20]}...({len(digits)} characters)"
    message = f"count {shown} is larger than sys.maxsize"
    assert_error(run(script, digits), message, usage=False, script=script)
    assert_error(run(script, "--impl", "pure", digits), message, usage=False, script=script)
    negative = f"count must be non-negative, got -{digits[:19]}...({len(digits) + 1} characters)"
    assert_error(run(script, "--impl", "pure", f"-{digits}"), negative, usage=False, script=script)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("text", NOT_DECIMAL_DIGITS)
def test_digits_that_int_refuses_are_a_usage_error(script: str, text: str) -> None:
    assert text.isdigit()
    message = f"COUNT must be an integer, got {text!r}"
    assert_error(run(script, text), message, usage=True, script=script)
    assert_error(run(script, "--impl", "pure", text), message, usage=True, script=script)


def test_other_decimal_digits_are_counts() -> None:
    done = run("primes", "\u0661\u0660")  # Arabic-Indic "10": isdecimal(), and int() takes it
    assert (done.returncode, done.stdout, done.stderr) == (0, TEN_PRIMES, "")


def test_a_negative_count_is_one_line() -> None:
    assert_error(run("primes", "-5"), "count must be non-negative, got -5", usage=False)


@pytest.mark.parametrize("args", [["--list", "extra"], ["--list", "5"], ["--list", "--impl", "x"]])
def test_list_refuses_other_arguments(args: Sequence[str]) -> None:
    assert_error(run("primes", *args), "--list takes no other arguments", usage=True)


def test_list_alone_still_lists() -> None:
    done = run("primes", "--list")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "pure-naive" in done.stdout


def test_an_extension_not_built_is_one_line() -> None:
    done = run("primes-fast-cython", "10", block="primes_cython.naive")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(
        "primes-fast-cython: error: cython-naive: cannot import primes_cython.naive ("
    ), done.stderr
    assert done.stderr.endswith("; run `make build`\n")
    assert len(done.stderr.splitlines()) == 1


def test_the_slides_form_does_not_import_argparse() -> None:
    # hyperfine times `primes-fast 5000` as a whole process: argparse would add to it.
    code = _runner("main_rust").replace(
        "sys.exit(main_rust())",
        "status = main_rust()\nprint('argparse' in sys.modules, file=sys.stderr)\nsys.exit(status)",
    )
    done = run_python("-c", code, "10")
    assert (done.returncode, done.stdout, done.stderr) == (0, TEN_PRIMES, "False\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("args", [["10"], ["--impl", "rust", "10"], ["--list"], ["--help"]])
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_full_device_is_one_line_and_exit_1(
    script: str, args: Sequence[str], unbuffered: bool
) -> None:
    with Path("/dev/full").open("w") as full:
        done = run(script, *args, stdout=full, unbuffered=unbuffered)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"{script}: error: cannot write to standard output: {ENOSPC}\n"


def test_help_still_prints_and_exits_0() -> None:
    done = run("primes", "--help")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: primes [-h] [--impl NAME] [--list] [count]\n")
    assert re.search(r"^  -h, --help +show this help message and exit$", done.stdout, re.M)


@pytest.mark.parametrize(
    ("args", "status", "out", "err"),
    [
        (["10"], 0, TEN_PRIMES, ""),
        (["-5"], 2, "", "primes: error: count must be non-negative, got -5\n"),
    ],
)
def test_python_m_primes_is_the_primes_command(
    args: list[str], status: int, out: str, err: str
) -> None:
    done = run_python("-m", "primes", *args, env={**environment(), "PYTHONPATH": str(SOURCE)})
    assert (done.returncode, done.stdout, done.stderr) == (status, out, err)


#: An implementation out of memory whose leftovers' finalizers fail too, during the call and
#: at exit, as numba's compiler's do when memory runs out while it compiles the kernel.
FINALIZERS_OUT_OF_MEMORY = """
class Leftover:
    def __del__(self):
        raise MemoryError
def first_n(count):
    Leftover()
    raise MemoryError
kept_until_exit = Leftover()
from primes import cli
cli._load = lambda name: first_n
"""


def test_out_of_memory_is_one_line_whatever_finalizers_then_fail() -> None:
    code = _runner("main").replace(
        "from primes.cli import main", FINALIZERS_OUT_OF_MEMORY + "from primes.cli import main"
    )
    done = run_python("-c", code, "10")
    message = "cannot allocate the result for count 10: not enough memory for 10 primes"
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"primes: error: {message}\n")


def test_a_closed_stdout_is_one_line_and_exit_1() -> None:
    # A Python child cannot be started with descriptor 1 closed; the shell does it (`>&-`).
    code = _runner("main")
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-P", "-c", code, "10"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == "primes: error: cannot write to standard output: Bad file descriptor\n"


def _popen(script: str, *args: str, unbuffered: bool = False) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-P", "-c", _runner(SCRIPTS[script], script=script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(unbuffered=unbuffered),
    )


def _close_the_pipe_and_expect_sigpipe(child: subprocess.Popen[bytes], *, after: bytes) -> None:
    """The reader takes `after` (nothing if empty) and goes away: the child must say nothing
    and end by SIGPIPE (a shell shows 141, as for `seq`)."""
    assert child.stdout is not None and child.stderr is not None
    try:
        assert child.stdout.read(len(after)) == after
        child.stdout.close()
        err = child.stderr.read()
        child.wait(timeout=60)
    finally:
        child.kill()
    assert err == b""
    assert child.returncode == -signal.SIGPIPE


#: Output beyond a pipe's buffer (64 KiB on Linux): 85 KB from the talk's naive loops (12,000
#: primes, a third of the time 20,000 took), 1.7 MB from the sieve.
LONG_OUTPUTS = [
    ("primes-fast", ["12000"]),
    ("primes-fast-cython", ["12000"]),
    *[(script, ["--impl", "rust-sieve", "200000"]) for script in SCRIPTS],
]


@pytest.mark.parametrize(("script", "args"), LONG_OUTPUTS)
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_closed_pipe_ends_quietly_by_sigpipe(
    script: str, args: Sequence[str], unbuffered: bool
) -> None:
    # `primes-fast 12000 | head -c 10`: the reader takes 10 bytes and goes away. Unbuffered,
    # Python's text layer would drop the rest of a short write and exit 0.
    child = _popen(script, *args, unbuffered=unbuffered)
    assert child.stdout is not None
    # Did it fit, the child would write it all and exit 0 before the reader went away. Every
    # prime past those below 10,000 has five digits or more: 7 bytes with its ", ".
    at_least = 7 * (int(args[-1]) - len(sieve(10_000)))
    assert at_least > fcntl.fcntl(child.stdout, fcntl.F_GETPIPE_SZ)
    _close_the_pipe_and_expect_sigpipe(child, after=b"[2, 3, 5, ")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_pipe_closed_before_the_write_ends_quietly_by_sigpipe(
    script: str, unbuffered: bool
) -> None:
    child = _popen(script, "10", unbuffered=unbuffered)
    _close_the_pipe_and_expect_sigpipe(child, after=b"")


#: CPU time a child of the slides' form has used when it gets Ctrl-C: several times what its
#: start and imports take (about 0.05 s), so it is computing, however loaded the machine.
COMPUTING_AFTER_CPU_S = 0.3


@pytest.mark.parametrize(("script", "count"), [("primes", "2000000"), ("primes-fast", "5000000")])
def test_ctrl_c_ends_quietly_by_sigint(script: str, count: str) -> None:
    child = _popen(script, count)  # minutes of work
    try:
        wait_for_cpu_time(child, COMPUTING_AFTER_CPU_S)  # imported and computing
        os.kill(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert (out, err) == (b"", b"")
    assert child.returncode == -signal.SIGINT  # a shell shows 130


# --- What the scripts print when asked for help or the list -------------------------------------

#: No line of `primes --list` may be wider: the reasons a row is unavailable are wrapped to it.
LIST_WIDTH = 100


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_names_itself_in_its_usage(script: str) -> None:
    done = run(script, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script} [-h] [--impl NAME] [--list] [count]\n")
    default = IMPL_OF_ENTRY[SCRIPTS[script]]
    assert f"(default: {default})" in " ".join(done.stdout.split())


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_names_itself_in_its_errors(script: str) -> None:
    done = run(script, "5", "6")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(f"usage: {script} "), done.stderr
    assert done.stderr.splitlines()[-1] == f"{script}: error: unrecognized arguments: 6"


@pytest.mark.parametrize("argv0", ["-c", "", "/src/pure/primes/cli.py"])
def test_a_name_that_is_not_a_script_is_primes(argv0: str) -> None:
    # `python -m primes.cli` and `python -c`: argv[0] is the file or "-c".
    code = _runner("main_rust", script="primes-fast").replace(
        "sys.argv[0] = '/venv/bin/primes-fast'", f"sys.argv[0] = {argv0!r}"
    )
    assert f"sys.argv[0] = {argv0!r}" in code
    done = run_python("-c", code, "-1")
    assert done.stderr == "primes: error: count must be non-negative, got -1\n"


@functools.cache
def _list(*, columns: int | None = None) -> tuple[str, ...]:
    """`primes --list` without primesieve (blocked, whether installed or not), by line: run
    once for each width and shared by the tests that read it (each run loads every
    implementation: about half a second of CPU)."""
    env = environment()
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = run_python("-c", _runner("main", block="primesieve"), "--list", env=env)
    assert (done.returncode, done.stderr) == (0, "")
    return tuple(done.stdout.splitlines())


def test_list_without_primesieve_fits_100_columns() -> None:
    lines = _list()
    assert max(len(line) for line in lines) <= LIST_WIDTH, "\n".join(lines)
    header, *rows = lines[: lines.index("")]
    assert header.split() == ["name", "language", "algorithm", "available", "max", "count"]
    cells = {row.split()[0]: row.split(None, 3)[3] for row in rows}
    assert cells["primesieve"] == "no (make peers)  -"
    assert set(cells) == {impl.name for impl in primes.registry.implementations()}


def test_list_says_why_below_the_table() -> None:
    lines = _list()
    below = lines[lines.index("") + 1 :]
    assert below[0] == "not available:"
    reason = " ".join(line.strip() for line in below[1 : below.index("")])
    assert reason.startswith("primesieve: cannot import primes.peers.primesieve (")
    assert reason.endswith("; run `make peers` (needs Debian's libprimesieve-dev)")
    assert below[-1] == "aliases: pure = pure-naive, cython = cython-naive, rust = rust-naive"


def test_list_says_unbounded_not_sys_maxsize() -> None:
    text = "\n".join(_list())
    assert f"{sys.maxsize:,}" not in text
    rows = {line.split()[0]: line.split()[-1] for line in _list()[1:] if line}
    assert rows["pure-naive"] == "unbounded"
    assert rows["rust-naive"] == f"{primes.implementation('rust-naive').max_count():,}"


@pytest.mark.parametrize("columns", [60, 80])
def test_list_wraps_the_reasons_to_a_narrower_terminal(columns: int) -> None:
    lines = _list(columns=columns)
    table_end = lines.index("")
    assert max(len(line) for line in lines[:table_end]) <= 80  # the table itself is narrow
    assert max(len(line) for line in lines[table_end:]) <= columns, "\n".join(lines)


def test_list_marks_an_unbuilt_extension_with_its_command() -> None:
    lines = _list()
    assert "no (make build)" not in "\n".join(lines)
    code = _runner("main", block="primes_cython.naive")
    done = run_python("-c", code, "--list")
    row = next(line for line in done.stdout.splitlines() if line.startswith("cython-naive "))
    assert row.endswith("  no (make build)  -"), row
    assert max(len(line) for line in done.stdout.splitlines()) <= LIST_WIDTH
