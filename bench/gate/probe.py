"""Runs under callgrind: `python -s -P probe.py NAME COUNT [--switch]` times calls by their
instructions.

Callgrind is started with `--dump-before=getppid`, so each `os.getppid()` below (nothing else
in the process calls it) closes one part of the profile. The part holding `first_n(COUNT)` minus
the part holding `first_n(0)` is the call's own cost: start-up, imports and the interpreter's
work around each call cancel out, whatever the implementation's language. `first_n(COUNT // 2)`
is counted the same way, for the growth exponent between the two counts.

With `--switch`, callgrind was started with `--instr-atstart=no`: start-up and imports (numba's
take tens of seconds under instrumentation) run at valgrind's plain speed, and the probe switches
instrumentation on just before part 0 ends and off after the last part. Callgrind counts the
same instructions in each later part either way; only the parts not read are left uncounted.
The switch is callgrind's client request, the few machine instructions valgrind.h's macro
expands to, written into an executable page (x86-64 only; elsewhere, or where no page may be
executable, the probe exits with SWITCH_UNAVAILABLE and the gate runs it instrumented from the
start).

Each counted call is preceded by an uncounted call of the same count, and no result outlives
its part: the counted call then finds the allocator as that same call leaves it, whatever the
start-up before it allocated. Without that, glibc's calloc clears only the part of a buffer that
lies below the heap's high-water mark (memory fresh from the kernel is already zero), and where
that mark lies depends on every allocation since start-up, the lengths of the paths the
interpreter was started from among them: rust-wheel's count moved by 5.9% with the checkout's path.

With `--files` (the gate's uncounted warm-up run) it prints, as JSON, every file the process
has loaded: each imported module's and each mapped object's (the interpreter, libpython, libc,
extensions). The gate keys a kept count by their contents.

Standard library and `primes` only: it is run by path, outside the checkout's sys.path.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from primes import registry

#: First calls pay for lazy set-up (interned strings, type objects, caches); keep that out.
WARM_UP_COUNT = 10
#: Exit status when `--switch` was asked for and this machine cannot issue the request.
SWITCH_UNAVAILABLE = 75

# valgrind.h's amd64 client request as a function of the request's six words (rdi): the
# preamble rotates rdi by 128 bits (a no-op natively), xchg rbx,rbx asks valgrind; the answer is
# rdx, 0 when not running under valgrind.
_AMD64_REQUEST = bytes.fromhex(
    "4889f8"  # mov rax, rdi: the request's words
    "31d2"  # xor edx, edx: the default answer
    "48c1c703" "48c1c70d" "48c1c73d" "48c1c733"  # rol rdi, 3; 13; 61; 51
    "4887db"  # xchg rbx, rbx
    "4889d0"  # mov rax, rdx
    "c3"  # ret
)  # fmt: skip
_RUNNING_ON_VALGRIND = 0x1001
# callgrind.h: VG_USERREQ_TOOL_BASE('C', 'T') + 4 and + 5.
_START_INSTRUMENTATION = 0x43540004
_STOP_INSTRUMENTATION = 0x43540005


def _client_request() -> Callable[[int], int] | None:
    """valgrind's client request for this process, None where it cannot be issued."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return None
    import ctypes
    import mmap

    try:
        page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError):
        return None
    page.write(_AMD64_REQUEST)
    words = ctypes.c_uint64 * 6
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    function = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64))(address)

    def request(code: int) -> int:
        _keep = page  # the code lives as long as the function
        return int(function(words(code, 0, 0, 0, 0, 0)))

    return request


def loaded_files() -> list[str]:
    """Every module file imported and every file mapped (shared objects), sorted."""
    files = {
        str(path)
        for module in list(sys.modules.values())
        if isinstance(path := getattr(module, "__file__", None), str)
    }
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        maps = ""
    for line in maps.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith("/"):
            files.add(fields[5].removesuffix(" (deleted)"))
    return sorted(files)


def main(argv: list[str]) -> int:
    name, count = argv[1], int(argv[2])
    options = set(argv[3:])
    # Made and issued in every run, switched or not (natively, and with instrumentation on
    # already, a request does nothing): the start-up's allocations shape the heap the counted
    # calls find (importing ctypes alone moved rust-wheel's count by 1.7%), so the same
    # start-up in both ways counts the same.
    request = _client_request()
    on_valgrind = request is not None and request(_RUNNING_ON_VALGRIND) > 0
    if "--switch" in options and not on_valgrind:
        print(f"{name}: cannot switch callgrind's instrumentation on here", file=sys.stderr)
        return SWITCH_UNAVAILABLE
    first_n = registry.get(name)
    first_n(WARM_UP_COUNT)
    if request is not None:
        request(_START_INSTRUMENTATION)
    os.getppid()  # part 0 ends: start-up
    lengths = []
    # Parts 1-6: uncounted and counted first_n(count // 2), the same for count, then for 0.
    for n in (count // 2, count, 0):
        for _ in ("uncounted", "counted"):
            lengths.append(len(first_n(n)))  # the list is freed within its part
            os.getppid()
    if request is not None:
        request(_STOP_INSTRUMENTATION)  # shutdown is not read
    expected = [n for n in (count // 2, count, 0) for _ in range(2)]
    if lengths != expected:
        print(f"{name}: first_n returned {lengths} values, not {expected}", file=sys.stderr)
        return 1
    if "--files" in options:
        print(json.dumps(loaded_files()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
