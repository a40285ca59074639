"""`check --against REF`: the base commit resolved and built from this repository's own history,
both builds measured in one job, every figure compared, the result files it writes, the cached
base reused, and a regression's instructions broken down from real callgrind outputs.

The end-to-end tests run callgrind, so they are marked slow. They build no base: HEAD's base is
a fixture, a cache folder of their own whose build is this checkout's venv (what `make build` of
HEAD would give), so the gate finds it cached and measures it; the real build of a base is
tested with fake Makefiles in test_base_build.py and runs for real in CI's perf step.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import optional_tools
from bench.gate import against, base_build, cli, instructions, outputs, policy
from bench.gate.callgrind import EXTENSION
from bench.gate.compare import INSTRUCTIONS, SCALING, TIME_VS_BASE, Row, Verdict
from bench.paths import REPO

needs_valgrind = optional_tools.needs("valgrind", optional_tools.valgrind())

SCHEMAS = Path(__file__).parent / "schemas"
IMPLEMENTATIONS = ("rust-naive", "pure-sieve")
METRICS = (INSTRUCTIONS, SCALING, TIME_VS_BASE)


def rev_parse(ref: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", ref],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


# --- resolving the base -----------------------------------------------------------------------


def test_resolve_head_is_git_rev_parse_head() -> None:
    # Others may commit meanwhile: HEAD read before or after is fine, nothing else is.
    before = rev_parse("HEAD")
    resolved = base_build.resolve("HEAD")
    after = rev_parse("HEAD")
    assert resolved in {before, after}
    assert re.fullmatch(r"[0-9a-f]{40}", resolved)


def test_resolve_takes_any_commit_ish() -> None:
    assert base_build.resolve("78293f8") == "78293f80de6c3380ba072f13908d9d5e2ff30446"
    parent = base_build.resolve("78293f8~1")
    assert parent == rev_parse("78293f8~1")
    assert parent.startswith("2cb21db")


@pytest.mark.parametrize(
    "ref",
    [
        "no-such-ref",
        "--all",  # an option to git, were it not for --end-of-options
        "78293f8^{tree}",  # an object, but not a commit
        "",
    ],
)
def test_resolving_a_bad_ref_names_it(ref: str) -> None:
    with pytest.raises(base_build.BaseBuildError) as caught:
        base_build.resolve(ref)
    assert str(caught.value) == f"{ref!r} is not a commit in this repository"


# --- check --against, end to end ---------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    done: subprocess.CompletedProcess[str]
    commit: str
    folder: Path

    @property
    def output(self) -> str:
        return self.done.stdout + self.done.stderr

    def path(self, name: str) -> Path:
        return self.folder / name


#: The gate, its cache of bases moved to argv[1] (a test's fixture, not the checkout's cache)
#: and its count for compiled implementations set to argv[2].
GATE_WITH_CACHE = (
    "import sys; from pathlib import Path; from bench.gate import base_build, cli, policy; "
    "base_build.CACHE = Path(sys.argv[1]); policy.COMPILED_COUNT = int(sys.argv[2]); "
    "sys.exit(cli.main(sys.argv[3:]))"
)
#: rust-naive at the gate's 5,000 is 140 million instructions, a few seconds under callgrind and
#: ~40 ms a call to time; at 2,000 it still grows nearly quadratically, and its count still
#: differs from pure-sieve's (the pure-Python count, 1,000), so each side's own count shows.
COMPILED_COUNT = 2_000


def fixture_base(cache: Path, commit: str) -> Path:
    """`commit`'s base, cached as the gate leaves a finished build: this checkout's venv."""
    folder = cache / commit
    (folder / "src").mkdir(parents=True)
    (folder / "src" / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    python = folder / "src" / ".venv" / "bin" / "python"
    stamp = {"commit": commit, **base_build._toolchain(), "implementations": list(IMPLEMENTATIONS)}
    assert set(IMPLEMENTATIONS) <= set(base_build.registered(python))
    (folder / base_build.STAMP).write_text(json.dumps(stamp))
    return folder


def against_run(folder: Path, commit: str, cache: Path, *options: str) -> Run:
    folder.mkdir(parents=True, exist_ok=True)
    impls = [arg for name in IMPLEMENTATIONS for arg in ("--impl", name)]
    outputs = {
        "--json": "check.json",
        "--markdown": "summary.md",
        "--bmf": "bmf.json",
        "--github-benchmark": "gab.json",
        # Not the shared default under target/: another gate run there would clobber it.
        "--artifacts": "artifacts",
    }
    paths = [arg for option, name in outputs.items() for arg in (option, str(folder / name))]
    # The commit rather than HEAD: others may commit meanwhile, and both runs must name the
    # same base (it is HEAD's all the same).
    command = ["check", "--against", commit, *impls, *paths, *options]
    done = subprocess.run(
        [sys.executable, "-c", GATE_WITH_CACHE, str(cache), str(COMPILED_COUNT), *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return Run(done, commit, folder)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bases")
    fixture_base(folder, rev_parse("HEAD"))
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Run:
    optional_tools.require("valgrind", optional_tools.valgrind())
    return against_run(tmp_path_factory.mktemp("against"), rev_parse("HEAD"), cache)


@pytest.fixture(scope="module")
def document(run: Run) -> dict[str, Any]:
    assert run.path("check.json").exists(), run.output
    data: dict[str, Any] = json.loads(run.path("check.json").read_text())
    return data


def rows_of(document: dict[str, Any], metric: str) -> dict[str, dict[str, Any]]:
    return {r["implementation"]: r for r in document["rows"] if r["metric"] == metric}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.slow
@needs_valgrind
def test_head_against_itself_passes_with_every_figure_compared(run: Run) -> None:
    assert run.done.returncode == cli.Exit.OK, run.output
    lines = run.done.stdout.splitlines()
    # A busy machine may leave time figures too noisy to judge: said, not failed.
    assert re.fullmatch(
        r"perf-check: OK, compared (6 of 6 figures|[4-5] of 6 figures, [1-2] too noisy to "
        r"judge), no implementation regressed",
        lines[-1],
    ), lines[-1]
    assert re.match(
        rf"base: {run.commit} = {run.commit[:12]} \(reused from the cache\); "
        r"head: this checkout \([0-9a-f]{12}( with uncommitted changes)?\), both measured now, "
        r"\d+ s$",
        lines[0],
    ), lines[0]
    assert "Traceback" not in run.output


@pytest.mark.slow
@needs_valgrind
def test_the_json_counts_six_figures_all_compared(run: Run, document: dict[str, Any]) -> None:
    assert document["schema"] == "primes-perf-check/2"
    assert document["exit_code"] == 0
    assert document["compared"] + document["too_noisy"] == document["figures"] == 6
    assert document["regressed"] == []
    assert document["failed_metrics"] == []
    assert document["reference"] == "base"
    assert document["baseline"] == f"{run.commit} ({run.commit})"
    assert document["environment"]["valgrind"].startswith("valgrind-")
    # Each implementation's rows together: instructions, scaling, then time.
    assert [(r["implementation"], r["metric"]) for r in document["rows"]] == [
        (name, metric) for name in IMPLEMENTATIONS for metric in METRICS
    ]
    for r in document["rows"]:
        timed = r["metric"] == TIME_VS_BASE
        assert r["verdict"] in (("ok", "too noisy to judge") if timed else ("ok",)), r


@pytest.mark.slow
@needs_valgrind
def test_instruction_and_scaling_rows_hold_both_builds_figures(document: dict[str, Any]) -> None:
    counted = rows_of(document, INSTRUCTIONS)
    assert {name: r["count"] for name, r in counted.items()} == {
        "rust-naive": COMPILED_COUNT,
        "pure-sieve": policy.PURE_COUNT,
    }
    for r in counted.values():
        # One commit in two checkouts (the cached base's folder and this one), two separate
        # installs measured through paths of one length, bytecode compiled under the stage: a
        # fresh clone read at most 0.007% apart (numpy-sieve), far inside the 1% threshold and
        # the 0.1% the gate promises across checkouts.
        assert r["baseline"] > 0
        assert abs(r["change"]) <= 0.001
        assert r["threshold"] == 0.01
    growth = rows_of(document, SCALING)
    for r in growth.values():
        assert r["change"] == pytest.approx(r["now"] - r["baseline"])
        assert abs(r["change"]) <= 0.1
    # The talk's algorithm grows nearly quadratically, a sieve nearly linearly.
    assert 1.5 < growth["rust-naive"]["now"] < 2.2
    assert 0.6 < growth["pure-sieve"]["now"] < 1.3


@pytest.mark.slow
@needs_valgrind
def test_time_rows_hold_the_ratio_inside_its_interval(document: dict[str, Any]) -> None:
    timed = rows_of(document, TIME_VS_BASE)
    assert set(timed) == set(IMPLEMENTATIONS)
    for r in timed.values():
        assert r["low"] <= r["now"] <= r["high"]
        assert r["baseline"] == 1.0
        assert r["change"] == pytest.approx(r["now"] - 1)
        assert r["threshold"] == 0.04
        # All 31 rounds, or 20 for one settled within half the threshold after two pairs.
        stopped = r["note"].endswith(
            "median of 20 interleaved rounds, then no more: after 2 pairs of processes its 99% "
            "interval was within ±2.0%"
        )
        assert stopped or r["note"].endswith("median of 31 interleaved rounds"), r["note"]
        assert not stopped or (r["verdict"] == "ok" and 0.98 <= r["low"] <= r["high"] <= 1.02)
        # The same commit against itself: the interval must not clear 1 ± 4%.
        assert r["low"] <= 1.04 and r["high"] >= 0.96
        inside = r["low"] >= 0.96 and r["high"] <= 1.04
        assert r["verdict"] == ("ok" if inside else "too noisy to judge")


@pytest.mark.slow
@needs_valgrind
def test_the_markdown_summary_has_the_table_and_the_verdict(run: Run) -> None:
    lines = run.path("summary.md").read_text().splitlines()
    assert lines[0] == f"## Performance gate: this change against {run.commit} ({run.commit[:12]})"
    assert any(
        line.startswith("**OK, compared ") and line.endswith("no implementation regressed**")
        for line in lines
    )
    header = lines.index("| implementation | count | metric | baseline | now | change | verdict |")
    body = lines[header + 2 : header + 8]
    assert [line.split(" | ")[2] for line in body] == [
        "instructions", "growth exponent", "time / base",
    ] * 2  # fmt: skip
    assert all(line.startswith(f"| {name} |") for name, line in zip(
        [n for n in IMPLEMENTATIONS for _ in METRICS], body, strict=True
    ))  # fmt: skip
    assert header + 8 == len(lines)  # nothing regressed: no breakdown below the table


@pytest.mark.slow
@needs_valgrind
def test_the_history_exports_are_valid_and_hold_both_implementations(run: Run) -> None:
    bmf = json.loads(run.path("bmf.json").read_text())
    assert list(validator("bencher-bmf.schema.json").iter_errors(bmf)) == []
    assert {name: sorted(measures) for name, measures in bmf.items()} == {
        f"rust-naive first_n({COMPILED_COUNT})": ["instructions", "scaling", "time-vs-base"],
        "pure-sieve first_n(1000)": ["instructions", "scaling", "time-vs-base"],
    }
    timing = bmf[f"rust-naive first_n({COMPILED_COUNT})"]["time-vs-base"]
    assert timing["lower_value"] <= timing["value"] <= timing["upper_value"]
    gab = json.loads(run.path("gab.json").read_text())
    assert list(validator("github-action-benchmark-custom.schema.json").iter_errors(gab)) == []
    assert sorted(entry["name"] for entry in gab) == sorted(
        f"{name} first_n({count}) - {slug}"
        for name, count in (("rust-naive", COMPILED_COUNT), ("pure-sieve", 1_000))
        for slug in ("instructions", "scaling", "time-vs-base")
    )
    assert all(
        "\nverdict: ok" in entry["extra"] or "\nverdict: too noisy to judge" in entry["extra"]
        for entry in gab
    )


@pytest.mark.slow
@needs_valgrind
def test_both_sides_callgrind_outputs_are_kept(run: Run) -> None:
    kept = sorted(
        str(p.relative_to(run.path("artifacts"))) for p in run.path("artifacts").rglob("*")
    )
    assert kept == sorted(
        [outputs.ARTIFACTS_MARKER]
        + [f"{side}" for side in against.SIDES]
        + [
            f"{side}/{name}.{part}.callgrind.out"
            for side in against.SIDES
            for name in IMPLEMENTATIONS
            for part in ("count", "zero")
        ]
    )


@pytest.mark.slow
@needs_valgrind
def test_a_second_run_reuses_the_base_and_its_counts(
    run: Run, document: dict[str, Any], cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert run.done.returncode == cli.Exit.OK, run.output
    assert "reused from its cache" not in run.done.stderr
    assert "counting this checkout's 2 implementation(s)" in run.done.stderr
    assert "2 implementation(s) of the base" in run.done.stderr
    # The fixture base is this checkout's venv: the same files, counted once for both sides
    # (for the head, while the base was checked).
    assert (
        "the base's pure-sieve, rust-naive reused (the same files as the head's, counted once "
        "for both)" in run.done.stderr
    )
    stamp = cache / run.commit / base_build.STAMP
    built = stamp.read_text()
    # Fewer timed rounds: this run is about what it reuses, and its time rows are not read.
    again = against_run(tmp_path_factory.mktemp("again"), run.commit, cache, "--rounds", "9")
    assert again.done.returncode == cli.Exit.OK, again.output
    first_line = again.done.stdout.splitlines()[0]
    assert f"= {run.commit[:12]} (reused from the cache);" in first_line
    assert "building the base" not in again.done.stderr
    assert stamp.read_text() == built
    # The base's counts are read back, not taken again: the same figures to the instruction,
    # with the callgrind outputs the breakdown reads.
    assert "the base's instructions of 2 implementation(s) reused from its cache" in (
        again.done.stderr
    )
    assert "0 implementation(s) of the base" in again.done.stderr
    assert "the head's pure-sieve, rust-naive reused (the same files were counted before)" in (
        again.done.stderr
    )
    second = json.loads(again.path("check.json").read_text())
    for metric in (INSTRUCTIONS, SCALING):
        assert {n: r["baseline"] for n, r in rows_of(second, metric).items()} == {
            n: r["baseline"] for n, r in rows_of(document, metric).items()
        }
    for name in IMPLEMENTATIONS:
        first_kept, kept = (
            instructions.kept_profiles(r.path("artifacts") / "base", name) for r in (run, again)
        )
        assert kept.full.read_bytes() == first_kept.full.read_bytes()
        assert kept.empty.read_bytes() == first_kept.empty.read_bytes()


# --- where a regression's instructions went, from real callgrind outputs ---------------------


@dataclass(frozen=True)
class Kept:
    folder: Path
    #: rust-naive's instructions on each side, as the gate counted them.
    base: int
    head: int


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory, run: Run, document: dict[str, Any]) -> Kept:
    """A real, deterministic "regression": the head does twice the work.

    The head is the --against run's own (rust-naive at COMPILED_COUNT, its profiles in the run's
    artifacts, its count in the run's JSON); the base is counted here at half that count.
    """
    folder = tmp_path_factory.mktemp("kept")
    shutil.copytree(run.path("artifacts") / "head", folder / "head")
    valgrind = instructions.find_valgrind()
    counted = instructions.measure(
        {"rust-naive": COMPILED_COUNT // 2}, python=sys.executable, valgrind=valgrind,
        keep=folder / "base",
    )  # fmt: skip
    head = rows_of(document, INSTRUCTIONS)["rust-naive"]["now"]
    assert head == int(head) > 0
    return Kept(folder, counted["rust-naive"].instructions, int(head))


def regressed(kept: Kept, metric: str = INSTRUCTIONS) -> Row:
    base, head = kept.base, kept.head
    return Row(
        "rust-naive", metric, COMPILED_COUNT, base, head, head / base - 1, 0.02, Verdict.REGRESSED
    )


@pytest.mark.slow
@needs_valgrind
def test_breakdown_of_a_regression_adds_up_to_the_counted_change(kept: Kept) -> None:
    rows = [
        regressed(kept),
        # Not regressed, or not an instruction metric: no breakdown, and no files read for them.
        Row("pure-sieve", INSTRUCTIONS, 1_000, 1e6, 1e6, 0.0, 0.02, Verdict.OK),
        Row("rust-sieve", TIME_VS_BASE, 1_000, 1.0, 1.5, 0.5, 0.04, Verdict.REGRESSED),
    ]
    breakdowns = against._breakdowns(rows, kept.folder)
    assert list(breakdowns) == ["rust-naive"]
    where = breakdowns["rust-naive"]
    # The parsed profiles add up exactly to what the gate counted from callgrind's totals.
    assert (where.base, where.head) == (kept.base, kept.head)
    assert where.delta > 0
    assert sum(g.delta for g in where.groups) == where.delta
    # The extra work is trial division in the Rust extension, not the interpreter around it.
    largest = where.groups[0]
    assert largest.group == EXTENSION
    assert largest.delta > 0.5 * where.delta
    assert where.share(largest.delta) == pytest.approx(largest.delta / where.delta)
    assert where.headline().startswith(f"instructions {kept.base:,} -> {kept.head:,}: +")


@pytest.mark.slow
@needs_valgrind
def test_a_scaling_regression_alone_is_broken_down_too(kept: Kept) -> None:
    breakdowns = against._breakdowns([regressed(kept, SCALING)], kept.folder)
    assert list(breakdowns) == ["rust-naive"]
    assert breakdowns["rust-naive"].delta == kept.head - kept.base
