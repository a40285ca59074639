"""callgrind.py: self costs from callgrind's output format, checked by hand on a small file and
against callgrind's own totals on real runs; the breakdown of a change by object and function."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import optional_tools
from bench.gate import callgrind
from bench.gate.callgrind import (
    CallgrindFormatError,
    Function,
    Profile,
    breakdown,
    call_profile,
    group_of,
    parse,
    read,
)

PY = "/opt/py/lib/libpython3.11.so.1.0"
EXT = "/venv/lib/python3.11/site-packages/primes/_lib.abi3.so"
LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6"

# Every feature callgrind 3.19 writes: name compression in each table (ob/cob, fl/fi/fe/cfi,
# fn/cfn), calls= whose next line is an inclusive cost, relative subpositions, a missing
# trailing count, a cost line with no counts, jumps, comments, and Ir found by name.
SMALL = f"""\
# callgrind format
version: 1
creator: hand
cmd:  python -c x=1; y: 2
part: 1
positions: line
events: Ir Dr
summary: 1065 70

ob=(1) {PY}
fl=(1) Python/ceval.c
fn=(1) _PyEval_EvalFrameDefault
10 100 7
+2 50
* 5 1
-3 1
0
cob=(2) {EXT}
cfi=(2) ???
cfn=(2) 0x00000000000187f0
calls=2 0
12 9000 900
fi=(3) Include/object.h
20 30
fe=(1)
cfn=(3) PyLong_FromLong
calls=1 5
12 777
jump=3 +4
jcnd=1/2 +4

# a function met again later adds up
fn=(3)
5 200 40
cob=(3) {LIBC}
cfn=(4) malloc
calls=1 0
5 400

ob=(2)
fl=(2)
fn=(2)
0 600 20
cfn=(1)
calls=1 10
0 123456

ob=(3)
fn=(4)
0 70 2
ob=(4) ???
fn=(5) 0x00000000000187f0
0 9
totals: 1065 70
"""

SMALL_SELF = {
    Function(PY, "_PyEval_EvalFrameDefault"): 100 + 50 + 5 + 1 + 0 + 30,
    Function(PY, "PyLong_FromLong"): 200,
    Function(EXT, "0x00000000000187f0"): 600,
    Function(LIBC, "malloc"): 70,
    Function("???", "0x00000000000187f0"): 9,
}


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_small_file_gives_exact_self_costs_and_skips_inclusive_call_costs() -> None:
    parsed = parse(SMALL.splitlines(keepends=True))
    assert dict(parsed.profile.costs) == SMALL_SELF
    assert parsed.profile.total() == parsed.summary == parsed.totals == 1065
    assert parsed.parts == 1


def test_other_events_are_found_by_name() -> None:
    assert parse(SMALL.splitlines(), event="Dr").profile.total() == 70
    swapped = "events: Dr Ir\nfn=f\n1 5 11\n2 6\n"
    assert dict(parse(swapped.splitlines()).profile.costs) == {Function("???", "f"): 11}


def test_instruction_positions_with_hex_and_relative_subpositions() -> None:
    text = "positions: instr line\nevents: Ir\nob=a.so\nfn=f\n0x4a0 3 5\n+4 * 6\n-2 +1 7\n* * 8\n"
    assert parse(text.splitlines()).profile.costs == {Function("a.so", "f"): 26}


def test_parts_of_one_file_add_up_and_keep_their_names() -> None:
    part = "part: {n}\nevents: Ir\nsummary: {s}\nob=(1) a.so\nfn=(1) f\n0 {s}\ntotals: {s}\n"
    text = part.format(n=1, s=10) + part.format(n=2, s=32).replace("(1) a.so", "(1)")
    parsed = parse(text.splitlines())
    assert parsed.profile.costs == {Function("a.so", "f"): 42}
    assert (parsed.summary, parsed.totals, parsed.parts) == (42, 42, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("events: Ir\nfn=(7)\n0 1\n", r"\(7\) used before it was defined in the fn table"),
        ("events: Dr\nfn=f\n0 1\n", "no Ir event"),
        ("fn=f\n0 1\n", "a cost before the events: line"),
        ("events: Ir\nfn=f\ncalls=1 0\n", "calls= without its cost line"),
        ("events: Ir\nfn=f\n0 x\n", "not a count"),
        ("events: Ir\nfn=f\nfoo=bar\n", "unknown position"),
        ("positions: instr line\nevents: Ir\nfn=f\n0x10\n", "expected 2 subposition"),
        ("events: Ir\nwhat is this\n", "neither a cost"),
        ("version: 1\n", "no events: line"),
    ],
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(CallgrindFormatError, match=message):
        parse(text.splitlines())


def test_read_checks_self_costs_against_the_declared_totals(tmp_path: Path) -> None:
    assert read(write(tmp_path / "ok.out", SMALL)).costs == SMALL_SELF
    wrong = write(tmp_path / "wrong.out", SMALL.replace("totals: 1065", "totals: 1066"))
    with pytest.raises(
        CallgrindFormatError,
        match=r"wrong.out: self costs add up to 1,065 Ir, its totals: line says 1,066",
    ):
        read(wrong)


def test_call_profile_is_the_difference_of_two_parts(tmp_path: Path) -> None:
    full = write(tmp_path / "p.2", "events: Ir\nob=a.so\nfn=f\n0 50\nfn=g\n0 7\nfn=h\n0 3\n")
    empty = write(tmp_path / "p.3", "events: Ir\nob=a.so\nfn=f\n0 20\nfn=g\n0 7\nfn=k\n0 4\n")
    diff = call_profile(full, empty)
    assert diff.costs == {Function("a.so", "f"): 30, Function("a.so", "h"): 3,
                          Function("a.so", "k"): -4}  # fmt: skip
    assert diff.total() == (50 + 7 + 3) - (20 + 7 + 4)


@pytest.mark.parametrize(
    ("obj", "group"),
    [
        ("/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0", "libpython"),
        ("/work/pure/primes/_lib.abi3.so", "extension"),
        (
            "/v/lib/python3.11/site-packages/primes/_lib.cpython-311-x86_64-linux-gnu.so",
            "extension",
        ),
        (
            "/v/lib/python3.11/site-packages/primes_cython/naive.cpython-311-x86_64-linux-gnu.so",
            "extension",
        ),
        ("/work/cython/build/primes_cython/trial.cpython-311-x86_64-linux-gnu.so", "extension"),
        ("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc"),
        ("/usr/lib/x86_64-linux-gnu/libm.so.6", "libm"),
        ("/root/.pyenv/versions/3.11.7/bin/python3.11", "python"),
        ("/usr/bin/python3", "python"),
        ("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "ld-linux-x86-64.so.2"),
        (
            "/opt/py/lib/python3.11/lib-dynload/array.cpython-311-x86_64-linux-gnu.so",
            "array.cpython-311-x86_64-linux-gnu.so",
        ),
        ("???", "???"),
    ],
)
def test_objects_are_grouped(obj: str, group: str) -> None:
    assert group_of(obj) == group


def profile(**costs: int) -> Profile:
    """Keys are `object__function`, with `py`, `ext`, `libc` for the usual objects."""
    objects = {"py": PY, "ext": EXT, "libc": LIBC}
    out = {}
    for key, cost in costs.items():
        obj, name = key.split("__")
        out[Function(objects.get(obj, obj), name)] = cost
    return Profile(out)


BASE = profile(py__eval=1_000, py__malloc=200, ext__0x15280=5_000, libc__memcpy=40)
HEAD = profile(py__eval=1_000, py__malloc=260, ext__0x19910=7_000, libc__memcpy=30, ext__new=5)


def test_breakdown_splits_the_change_by_group_and_function() -> None:
    b = breakdown(BASE, HEAD, top=3)
    assert (b.base, b.head, b.delta) == (6_240, 8_295, 2_055)
    assert [(g.group, g.base, g.head, g.delta) for g in b.groups] == [
        ("extension", 5_000, 7_005, 2_005),
        ("libpython", 1_200, 1_260, 60),
        ("libc", 40, 30, -10),
    ]
    assert [(f.object, f.function, f.delta) for f in b.functions] == [
        ("_lib.abi3.so", "0x19910", 7_000),
        ("_lib.abi3.so", "0x15280", -5_000),
        ("libpython3.11.so.1.0", "malloc", 60),
    ]
    assert (b.others, b.others_delta) == (2, 5 - 10)  # ext new, libc memcpy
    assert b.share(2_005) == pytest.approx(2_005 / 2_055)
    assert b.lines()[-1].split() == ["(2", "other", "functions)", "-5"]
    assert b.markdown().endswith("| 2 other functions | | | | -5 |\n")


def test_breakdown_matches_objects_by_file_name_and_merges_recursion_levels() -> None:
    # A base and a head checkout install the same library under different paths.
    base = Profile({Function("/base/.venv/x/_lib.abi3.so", "f"): 10,
                    Function(PY, "_PyEval_EvalFrameDefault"): 50,
                    Function(PY, "_PyEval_EvalFrameDefault'2"): 20})  # fmt: skip
    head = Profile({Function("/head/.venv/x/_lib.abi3.so", "f"): 12,
                    Function(PY, "_PyEval_EvalFrameDefault"): 90})  # fmt: skip
    b = breakdown(base, head)
    assert [(f.object, f.function, f.base, f.head) for f in b.functions] == [
        ("libpython3.11.so.1.0", "_PyEval_EvalFrameDefault", 70, 90),
        ("_lib.abi3.so", "f", 10, 12),
    ]


def test_no_change_renders_as_such() -> None:
    b = breakdown(BASE, BASE)
    assert (b.groups, b.functions, b.share(1)) == ((), (), None)
    assert "  (no change)" in b.lines()
    assert "+0" in b.markdown()


def test_lines_fit_a_terminal_and_keep_addresses_beside_their_object() -> None:
    long = "core::ptr::drop_in_place<alloc::vec::Vec<u32>>::h" + "0123456789abcdef" * 8
    head = Profile({**HEAD.costs, Function(EXT, long): 1})
    for width in (100, 80):
        lines = breakdown(BASE, head).lines(width)
        assert max(map(len, lines)) <= width
    lines = breakdown(BASE, head).lines()
    assert lines[0] == "instructions 6,240 -> 8,296: +2,056 (+32.95%)"
    (row,) = [line for line in lines if line.startswith("0x19910")]
    assert row.split() == ["0x19910", "(_lib.abi3.so)", "0", "7,000", "+7,000"]
    assert any(line.startswith("core::ptr::drop_in_place") and "…" in line for line in lines)


def test_markdown_is_two_tables_with_escaped_cells() -> None:
    head = Profile({**HEAD.costs, Function(EXT, "operator|"): 1})
    text = breakdown(BASE, head).markdown()
    assert text.startswith("**instructions 6,240 -> 8,296: +2,056 (+32.95%)**\n")
    assert "| object | base | head | change | share |" in text
    assert "| extension | 5,000 | 7,006 | +2,006 | 98% |" in text
    assert "| `0x19910` | \\_lib.abi3.so | 0 | 7,000 | +7,000 |" in text
    assert "| `operator\\|` | \\_lib.abi3.so | 0 | 1 | +1 |" in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in rows)


# --- a real run under callgrind ----------------------------------------------------------------

# Start-up, then two workloads of different sizes, each closed by the marker the probe uses.
WORKLOADS = (
    "import os; os.getppid(); sum(range(10**4)); os.getppid(); sum(range(10**5)); os.getppid()"
)
# What a loop of sum(range(n)) spends its instructions on in CPython 3.11 and later.
SUM_LOOP = {"builtin_sum", "rangeiter_next", "PyLong_FromLong", "_PyLong_New",
            "_PyObject_Free", "_PyObject_Malloc", "PyObject_Free", "PyObject_Malloc",
            "long_dealloc", "_Py_Dealloc", "PyIter_Next"}  # fmt: skip


@pytest.fixture(scope="module")
def real_parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    valgrind = optional_tools.valgrind()
    optional_tools.require("valgrind", valgrind)
    tmp = tmp_path_factory.mktemp("callgrind")
    out = tmp / "callgrind.out"
    subprocess.run(
        [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-before=getppid",
         "--dump-line=no", sys.executable, "-s", "-P", "-c", WORKLOADS],
        cwd=tmp, env={"PYTHONHASHSEED": "0", "LC_ALL": "C"}, capture_output=True, check=True,
        timeout=300,
    )  # fmt: skip
    parts = sorted(tmp.glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
    assert len(parts) == 3  # start-up, sum over 10**4, sum over 10**5; exit goes to `out`
    return [*parts, out]


def declared(path: Path, key: str) -> int:
    (line,) = [line for line in path.read_text().splitlines() if line.startswith(f"{key}:")]
    return int(line.split()[1])


def test_real_files_add_up_to_their_summary_and_totals_lines(real_parts: list[Path]) -> None:
    for path in real_parts:
        # Read once (the start-up part is most of a megabyte): read() parses the file's lines.
        total = read(path).total()
        assert total == declared(path, "summary") == declared(path, "totals"), path.name
    small, large = real_parts[1], real_parts[2]
    diff = call_profile(large, small)
    assert diff.total() == declared(large, "summary") - declared(small, "summary")


def test_a_real_breakdown_puts_a_bigger_sum_in_the_interpreter(real_parts: list[Path]) -> None:
    shared = bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))
    interpreter = callgrind.LIBPYTHON if shared else callgrind.PYTHON
    small, large = read(real_parts[1]), read(real_parts[2])
    # The interpreter's own code is where the build says it is: libpython, or the executable.
    (where,) = {group_of(f.object) for f in large.costs if f.name == "builtin_sum"}
    assert where == interpreter
    b = breakdown(small, large)
    assert b.delta > 0
    assert b.groups[0].group == interpreter
    assert b.groups[0].delta > 0.95 * b.delta
    top = b.functions[0]
    assert group_of(top.object) == interpreter
    assert top.function in SUM_LOOP and top.delta > 0
    assert "builtin_sum" in {f.function for f in b.functions}
    assert max(map(len, b.lines())) <= 100
    print("\n".join(b.lines()))
