"""Every `first_n` implementation, by name, loaded on demand.

Names are `<language>-<algorithm>`. Adding an implementation is one module plus one entry in
`_IMPLEMENTATIONS`; the tests and benchmarks pick it up from here.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from functools import cache

FirstN = Callable[[int], list[int]]
#: A buffer twin: the same primes as a read-write 1-D `memoryview` of format "I" (uint32),
#: over memory Python owns, filled in place (no copy): what to call when the caller needs no list.
FirstNBuffer = Callable[[int], memoryview]


class ImplementationUnavailable(ImportError):
    """Registered but not loadable here: extension not built, or dependency missing."""


class Implementation:
    """One registered implementation and how to load it.

    A plain class rather than a dataclass: importing `dataclasses` (it pulls in `inspect`)
    would add about 12 ms to every `primes --impl NAME` process that hyperfine times.
    """

    __slots__ = (
        "algorithm",
        "attribute",
        "buffer",
        "ends_process_without_memory",
        "hint",
        "language",
        "module",
        "name",
        "optional",
        "peer",
        "requires",
        "uninterruptible",
    )

    def __init__(
        self,
        name: str,
        language: str,
        algorithm: str,
        module: str,
        attribute: str = "first_n",
        *,
        optional: bool = False,
        requires: tuple[str, ...] = (),
        hint: str = "run `make build`",
        buffer: str | None = None,
        peer: bool = False,
        uninterruptible: str | None = None,
        ends_process_without_memory: bool = False,
    ) -> None:
        self.name = name
        self.language = language
        self.algorithm = algorithm
        self.module = module
        self.attribute = attribute
        #: Optional peers are listed only when their dependency is installed.
        self.optional = optional
        #: The third-party modules an optional one needs: whether they are installed decides
        #: whether `names()` lists it, found without importing them (numba's import alone is
        #: a quarter of a second of CPU in every process that asks).
        self.requires = requires
        #: What to do when it cannot be loaded.
        self.hint = hint
        #: The module's attribute holding the buffer twin (`FirstNBuffer`), if it has one.
        self.buffer = buffer
        #: Third-party code behind the contract (numpy, primesieve): its signal handling is
        #: not ours to test.
        self.peer = peer
        #: Why a long call cannot be stopped by Ctrl-C, for an implementation that breaks
        #: that part of the contract knowingly; None when Ctrl-C stops it.
        self.uninterruptible = uninterruptible
        #: Whether loading it, or its first call, can end the whole process instead of raising
        #: when memory runs short: OpenBLAS (loaded by numpy) calls exit(1) when it cannot
        #: allocate its buffers, LLVM (numba's compiler) aborts. Under an address-space limit
        #: a child process loads it and calls it once first.
        self.ends_process_without_memory = ends_process_without_memory

    def __repr__(self) -> str:
        return f"Implementation({self.name!r}, {self.module}.{self.attribute})"

    def load(self) -> FirstN:
        return _load(self)

    def load_buffer(self) -> FirstNBuffer | None:
        """The buffer twin, or None when the implementation has none."""
        if self.buffer is None:
            return None
        self.load()  # the same ImplementationUnavailable when the module cannot be imported
        twin: FirstNBuffer = getattr(sys.modules[self.module], self.buffer)
        return twin

    def unavailable_reason(self) -> str | None:
        try:
            self.load()
        except ImplementationUnavailable as err:
            return str(err)
        return None

    def installed(self) -> bool:
        """Whether the modules it `requires` are installed (found on sys.path, or already
        imported); not whether they load: `unavailable_reason` and `load` say that."""
        for module in self.requires:
            try:
                if importlib.util.find_spec(module) is None:
                    return False
            except (ImportError, ValueError):  # blocked, or a module without a spec
                return False
        return True

    def max_count(self) -> int:
        """The largest count it accepts (its integer width's limit), sys.maxsize if unbounded."""
        module = sys.modules.get(self.module) or importlib.import_module(self.module)
        return int(getattr(module, "MAX_COUNT", sys.maxsize))


@cache
def _load(impl: Implementation) -> FirstN:
    refused = _would_end_this_process(impl)
    if refused is not None:
        raise ImplementationUnavailable(refused)
    try:
        module = importlib.import_module(impl.module)
    except _LOAD_ERRORS as err:
        raise ImplementationUnavailable(_why_not_loaded(impl, err)) from err
    function: FirstN = getattr(module, impl.attribute)
    if impl.ends_process_without_memory and _under_address_space_limit():
        # The first call loads more (numba imports its typed containers and maps the cached
        # kernel): done here, a failure for want of memory is the load's one-line refusal,
        # not a SystemError from deep in numba at the caller's first call. The child process
        # of _would_end_this_process made this call with a little less room than this one
        # has and did not end.
        try:
            function(1)
        except _LOAD_ERRORS as err:
            raise ImplementationUnavailable(_why_not_loaded(impl, err)) from err
    return function


# OSError: llvmlite loads its library itself (numba), and says so when it cannot;
# MemoryError, SystemError: the import ran out of memory in Python, or in C code that
# does not say so.
_LOAD_ERRORS = (ImportError, OSError, MemoryError, SystemError)


#: What the dynamic loader, the allocators, OpenBLAS, LLVM and C++ say when memory runs out,
#: as it appears in an error (numpy and llvmlite wrap the loader's words in advice of their
#: own, "install numpy") or in a child's standard error (among finalizers' complaints).
_LOW_MEMORY = (
    r"OpenBLAS error: [^\n]*|LLVM ERROR: [^\n]*|std::bad_alloc"
    r"|[^\s'\"]*: failed to map segment from shared object"
    r"|[^\n]*(?:Cannot allocate memory|out of memory)[^\n]*"
)
#: An error quoted in a reason is cut to this many characters.
_QUOTED = 160


#: The child that loads an implementation, from this process's sys.path, under what this
#: process has left of its address space, and calls it once.
_LOAD_UNDER_LIMIT = """
import importlib, json, resource, sys
left, module, attribute, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
sys.path[:] = json.loads(path)
with open("/proc/self/statm", "rb") as statm:
    mapped = int(statm.read().split()[0]) * resource.getpagesize()
_, hard = resource.getrlimit(resource.RLIMIT_AS)
resource.setrlimit(resource.RLIMIT_AS, (mapped + left, hard))
getattr(importlib.import_module(module), attribute)(1)
"""
#: How a process ended by its own code says why, when it does not say "memory".
_FATAL = ("Fatal Python error", "LLVM ERROR", "terminate called", "OpenBLAS")
#: Bytes less than this process has left that the child gets.
_CHILD_MARGIN = 1 << 20
#: Seconds the child may take: numpy imports, and numba loads its cached kernel, in about one.
_LOAD_TIMEOUT = 60


def _would_end_this_process(impl: Implementation) -> str | None:
    """Why loading `impl` would end this process for want of memory, or None.

    Asked only under an address-space limit (`ulimit -v`), of a module not imported yet: a
    child process loads it and calls it once with as much address space as this one has left.
    Where the child cannot measure that (no /proc), it fails by raising, and loading goes ahead.
    """
    if not impl.ends_process_without_memory or impl.module in sys.modules:
        return None
    try:
        import resource
    except ImportError:
        return None
    if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
        return None
    import json
    import subprocess

    from primes.contract import memory_limit

    # This process's sys.path: the child loads the module this one would. A little less room
    # than this process has: it maps more before it loads (subprocess, json, the child's pipe).
    left = str(max(0, (memory_limit() or 0) - _CHILD_MARGIN))
    path = json.dumps(sys.path)
    command = [sys.executable, "-c", _LOAD_UNDER_LIMIT, left, impl.module, impl.attribute, path]
    try:
        child = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=_LOAD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        cause = f"loading it took over {_LOAD_TIMEOUT} s in a child process"
    except (OSError, MemoryError) as err:  # not even a child process fits
        cause = f"cannot start a child process to load it: {err}"
    else:
        if child.returncode == 0:
            return None
        said = [line for line in child.stderr.decode(errors="replace").splitlines() if line]
        raised = bool(said) and said[0].startswith("Traceback")
        low_memory = _low_memory_words("\n".join(said))
        if raised and low_memory is None and not said[-1].startswith("MemoryError"):
            # It fails by raising for another reason, which this process can catch itself.
            return None
        # Failing for want of memory early, by raising, the child says nothing of what a load
        # with a little more room would meet later: OpenBLAS's exit, LLVM's abort.
        fatal = [line for line in said if line.startswith(_FATAL)]
        cause = low_memory or (fatal or said or [f"exit status {child.returncode}"])[-1]
        cause = cause.rstrip(": ")  # "MemoryError: " without words
    return _not_enough_memory(impl, cause)


def _not_enough_memory(impl: Implementation, cause: str) -> str:
    from primes.contract import format_bytes, memory_limit

    limit = memory_limit()
    left = "" if limit is None else f"; this process can allocate at most {format_bytes(limit)}"
    return (
        f"{impl.name}: cannot import {impl.module}: not enough memory to load it "
        f"({_quote(cause)}){left}"
    )


def _why_not_loaded(impl: Implementation, err: BaseException) -> str:
    """One line: what failed, and the way out (more memory, or the implementation's hint)."""
    low_memory = _low_memory_words("\n".join(_lines(err)))
    if low_memory or _chain_has(err, MemoryError):
        return _not_enough_memory(impl, low_memory or "MemoryError")
    first = next(iter(_lines(err, causes=False)), "")
    if not isinstance(err, ImportError):
        first = f"{type(err).__name__}: {first}" if first else type(err).__name__
    if _under_address_space_limit():
        # C code that ran out of memory without saying so (SystemError: error return without
        # exception set) is the likely cause; the hint would send the user to rebuild.
        return _not_enough_memory(impl, first)
    return f"{impl.name}: cannot import {impl.module} ({_quote(first)}); {impl.hint}"


def _under_address_space_limit() -> bool:
    try:
        import resource
    except ImportError:
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def _low_memory_words(text: str) -> str | None:
    """The first words in `text` that say memory ran out, or None."""
    import re

    found = re.search(_LOW_MEMORY, text, re.IGNORECASE)
    return found[0].strip() if found else None


def _chain_has(err: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _lines(err: BaseException, *, causes: bool = True) -> list[str]:
    """The non-blank lines of the error's text, and of its causes' (numpy's advice quotes the
    loader's error in its own text; Python chains others as the cause)."""
    lines = []
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines += [line.strip() for line in str(current).splitlines() if line.strip()]
        current = (current.__cause__ or current.__context__) if causes else None
    return lines


def _quote(text: str) -> str:
    """`text` for a one-line reason: folders dropped from the paths it names, then cut."""
    import re

    text = text.removeprefix("Original error was: ")  # numpy's wording
    text = re.sub(r"(?<![\w.])/(?:[^/\s'\"]+/)+", "", text)
    return text if len(text) <= _QUOTED else text[: _QUOTED - 3] + "..."


#: Python's Ctrl-C handler runs between two bytecodes; pure Python compiled to C has none, and
#: the unchanged naive.py never calls anything that would check for signals instead.
_COMPILED_PYTHON_IGNORES_SIGNALS = (
    "unchanged Python compiled to C never returns to the interpreter's loop, where Python "
    "handles signals, nor checks for them itself; stop it with Ctrl-\\ (SIGQUIT)"
)

_IMPLEMENTATIONS: tuple[Implementation, ...] = (
    Implementation("pure-naive", "pure", "naive", "primes.naive"),
    Implementation(
        "cython-naive", "cython", "naive", "primes_cython.naive", buffer="first_n_buffer"
    ),
    Implementation("rust-naive", "rust", "naive", "primes._lib", buffer="first_n_buffer"),
    Implementation(
        "rust-naive-simd",
        "rust",
        "naive-simd",
        "primes._lib",
        "first_n_naive_simd",
        buffer="first_n_naive_simd_buffer",
    ),
    Implementation("pure-trial", "pure", "trial", "primes.trial"),
    Implementation(
        "cython-trial", "cython", "trial", "primes_cython.trial", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-trial", "rust", "trial", "primes._lib", "first_n_trial", buffer="first_n_trial_buffer"
    ),
    Implementation("pure-sieve", "pure", "sieve", "primes.sieve"),
    Implementation(
        "cython-sieve", "cython", "sieve", "primes_cython.sieve", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-sieve", "rust", "sieve", "primes._lib", "first_n_sieve", buffer="first_n_sieve_buffer"
    ),
    Implementation(
        "cython-wheel", "cython", "wheel", "primes_cython.wheel", buffer="first_n_buffer"
    ),
    Implementation(
        "rust-wheel", "rust", "wheel", "primes._lib", "first_n_wheel", buffer="first_n_wheel_buffer"
    ),
    Implementation(
        "numpy-sieve",
        "numpy",
        "sieve",
        "primes.peers.numpy_sieve",
        optional=True,
        requires=("numpy",),
        hint="install numpy (it is in requirements/dev.lock)",
        peer=True,
        ends_process_without_memory=True,
    ),
    Implementation(
        "primesieve",
        "primesieve",
        "sieve",
        "primes.peers.primesieve",
        optional=True,
        requires=("primesieve",),
        hint="run `make peers` (needs Debian's libprimesieve-dev)",
        peer=True,
    ),
    # What a user tries before a rewrite (alternatives/): the talk's naive algorithm under
    # numba, and pure/primes/naive.py compiled unchanged by mypyc and by Cython.
    Implementation(
        "numba-naive",
        "numba",
        "naive",
        "primes_alternatives.numba_naive",
        optional=True,
        requires=("numpy", "numba"),
        hint="run `make build` (it installs numba, pinned in requirements/dev.lock)",
        ends_process_without_memory=True,
    ),
    Implementation(
        "mypyc-naive",
        "mypyc",
        "naive",
        "primes_alternatives.compiled",
        "first_n_mypyc",
        uninterruptible=_COMPILED_PYTHON_IGNORES_SIGNALS,
    ),
    Implementation(
        "cython-untyped-naive",
        "cython-untyped",
        "naive",
        "primes_alternatives.compiled",
        "first_n_cython_untyped",
        uninterruptible=_COMPILED_PYTHON_IGNORES_SIGNALS,
    ),
)

#: The talk's short names.
ALIASES: dict[str, str] = {"pure": "pure-naive", "cython": "cython-naive", "rust": "rust-naive"}

_BY_NAME = {impl.name: impl for impl in _IMPLEMENTATIONS}


def implementations() -> tuple[Implementation, ...]:
    """Every registered implementation, available or not."""
    return _IMPLEMENTATIONS


def implementation(name: str) -> Implementation:
    """The registry entry for a name or alias; KeyError lists the valid names."""
    try:
        return _BY_NAME[ALIASES.get(name, name)]
    except KeyError:
        valid = ", ".join([*_BY_NAME, *ALIASES])
        raise KeyError(f"unknown implementation {name!r}; choose one of: {valid}") from None


def names() -> list[str]:
    """The implementation names to test and benchmark.

    Built-in implementations are always listed, so a missing build fails loudly in `get`;
    optional ones are listed only when their dependencies are installed, and one that is
    installed but does not load (a broken install, too little memory) fails loudly in `get`
    too. Nothing is imported to answer: `primes --list` and `unavailable()` load each.
    """
    return [impl.name for impl in _IMPLEMENTATIONS if not impl.optional or impl.installed()]


def unavailable() -> dict[str, str]:
    """Name -> reason, for every registered implementation that cannot be loaded here."""
    reasons = {impl.name: impl.unavailable_reason() for impl in _IMPLEMENTATIONS}
    return {name: reason for name, reason in reasons.items() if reason is not None}


def get(name: str) -> FirstN:
    """The `first_n(count) -> list[int]` callable of an implementation name or alias."""
    return implementation(name).load()
