"""`python -m bench.report` on a synthetic raw directory: every figure checked is recomputed
here from the JSON files, independently of the report's code."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hyperfine_entry import hyperfine_entry

from bench import algorithms
from bench.paths import REPO
from bench.raw.manifest import CommandSpec, HyperfineRecord, Manifest, StudyRecord
from bench.report import plots
from bench.report.__main__ import main as report_main
from bench.report.document import Figure, Table
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.sections import scaling, sweep

#: The report's command line, run from the repository root as `make report` runs it.
REPORT = (sys.executable, "-m", "bench.report")

VENV = "/venv/bin"
PY = f"{VENV}/python"


def _times(centre: float, spread: float, runs: int) -> list[float]:
    # Deterministic and asymmetric, so mean and median differ.
    return [centre + spread * ((i * 13) % runs - runs / 3) / runs for i in range(runs)]


def _hyperfine_entry(command: str, times: list[float]) -> dict[str, object]:
    return hyperfine_entry(
        command,
        times,
        user=0.9 * statistics.mean(times),
        system=0.01,
        memory_usage_byte=[10_000_000] * len(times),
    )


def _script(script: str, implementation: str, count: int) -> CommandSpec:
    return CommandSpec(
        f"{script} {count}",
        (f"{VENV}/{script}", str(count)),
        {"kind": "script", "script": script, "implementation": implementation, "count": str(count)},
    )


#: Whole-process seconds of the synthetic run.
WHOLE = {
    "primes 5000": _times(0.420, 0.030, 40),
    "primes-fast 5000": _times(0.036, 0.004, 90),
    "primes-fast-rust 5000": _times(0.037, 0.005, 80),
    "primes-fast-cython 5000": _times(0.052, 0.004, 70),
}
STARTUP = {
    "python -c pass": _times(0.0105, 0.001, 200),
    "python -c 'import primes.naive'": _times(0.0118, 0.001, 200),
    "python -c 'import primes._lib'": _times(0.0123, 0.001, 200),
    "python -c 'import primes_cython.naive'": _times(0.0125, 0.001, 200),
    "primes 0": _times(0.0150, 0.001, 150),
    "primes-fast 0": _times(0.0160, 0.001, 150),
    "primes-fast-cython 0": _times(0.0300, 0.002, 100),
}
#: In-process seconds per call: pure grows exactly as n², the compiled ones as n^1.9.
COUNTS = (100, 1000, 5000, 10_000)
IN_PROCESS_ROUNDS = 9
IN_PROCESS = {
    "pure-naive": {n: 1.5e-8 * n**2 for n in COUNTS},
    "rust-naive": {n: 2.0e-9 * n**1.9 for n in COUNTS},
    "cython-naive": {n: 2.1e-9 * n**1.9 for n in COUNTS},
}
#: (language, algorithm) of each, as the in-process suite records them from the registry.
KINDS = {
    "pure-naive": ("pure", "naive"),
    "rust-naive": ("rust", "naive"),
    "cython-naive": ("cython", "naive"),
}


def _in_process_entry(
    name: str, count: int, centre: float, kind: tuple[str, str] | None = None
) -> dict[str, object]:
    language, algorithm = kind or KINDS[name]
    data = _times(centre, centre * 0.05, IN_PROCESS_ROUNDS)
    return {
        "group": f"first_n({count})",
        "name": f"test_first_n[{name}-{count}]",
        "fullname": f"bench/timers/suite/test_first_n.py::test_first_n[{name}-{count}]",
        "params": {"name": name, "count": count},
        "param": f"{name}-{count}",
        "extra_info": {
            "implementation": name,
            "language": language,
            "algorithm": algorithm,
            "count": count,
        },
        "options": {},
        "stats": {
            "min": min(data),
            "max": max(data),
            "mean": statistics.mean(data),
            "stddev": statistics.stdev(data),
            "rounds": len(data),
            "median": statistics.median(data),
            "iqr": 0.0,
            "q1": 0.0,
            "q3": 0.0,
            "iqr_outliers": 0,
            "stddev_outliers": 0,
            "outliers": "0;0",
            "ld15iqr": min(data),
            "hd15iqr": max(data),
            "ops": 1 / statistics.mean(data),
            "total": sum(data),
            "data": data,
            "iterations": 1,
        },
    }


def _write_hyperfine(
    raw: Path, name: str, specs: list[CommandSpec], times: dict[str, list[float]]
) -> HyperfineRecord:
    record = HyperfineRecord(
        json=f"hyperfine/{name}.json",
        log=f"hyperfine/{name}.log",
        commands=tuple(specs),
        options=("-N", "--warmup", "3", "--min-runs", "40"),
    )
    results = [_hyperfine_entry(spec.command, times[spec.label]) for spec in specs]
    (raw / record.json).write_text(json.dumps({"results": results}, indent=2))
    log = ""
    for number, spec in enumerate(specs, 1):
        log += f"Benchmark {number}: {spec.command}\n  Range (min … max): ...\n"
        if name == "startup" and number == 2:  # hyperfine's warning after that command's results
            log += " \n  Warning: Statistical outliers were detected. Consider re-running.\n"
        log += " \n"
    (raw / record.log).write_text(log)
    return record


def _write_pytest_benchmark(raw: Path, benchmarks: list[dict[str, object]]) -> None:
    (raw / "pytest-benchmark.json").write_text(
        json.dumps(
            {
                "machine_info": {},
                "commit_info": {},
                "benchmarks": benchmarks,
                "datetime": "2026-01-01T00:00:00",
                "version": "5.3.1",
            }
        )
    )


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("results") / "raw"
    (raw / "hyperfine").mkdir(parents=True)
    talk = StudyRecord("talk", "talk")
    talk.hyperfine.append(
        _write_hyperfine(
            raw,
            "talk-pure-vs-rust",
            [_script("primes", "pure-naive", 5000), _script("primes-fast", "rust-naive", 5000)],
            WHOLE,
        )
    )
    talk.hyperfine.append(
        _write_hyperfine(
            raw,
            "talk-rust-vs-cython",
            [
                _script("primes-fast-rust", "rust-naive", 5000),
                _script("primes-fast-cython", "cython-naive", 5000),
            ],
            WHOLE,
        )
    )
    startup_specs = [CommandSpec("python -c pass", (PY, "-c", "pass"), {"kind": "interpreter"})]
    for module, name in (
        ("primes.naive", "pure-naive"),
        ("primes._lib", "rust-naive"),
        ("primes_cython.naive", "cython-naive"),
    ):
        startup_specs.append(
            CommandSpec(
                f"python -c 'import {module}'",
                (PY, "-c", f"import {module}"),
                {"kind": "import", "module": module, "implementations": name},
            )
        )
    startup_specs += [
        _script("primes", "pure-naive", 0),
        _script("primes-fast", "rust-naive", 0),
        _script("primes-fast-cython", "cython-naive", 0),
    ]
    startup = StudyRecord("startup", "startup")
    startup.hyperfine.append(_write_hyperfine(raw, "startup", startup_specs, STARTUP))
    benchmarks = [
        _in_process_entry(name, count, centre)
        for name, by_count in IN_PROCESS.items()
        for count, centre in by_count.items()
    ]
    _write_pytest_benchmark(raw, benchmarks)
    sweep = StudyRecord("sweep", "sweep", files=["pytest-benchmark.json"])
    sweep.notes.append("primesieve: refused by the correctness gate, not timed (count 100: wrong)")
    manifest = Manifest(
        mode="full",
        argv=["python -m bench"],
        started_utc="2026-01-01 00:00:00 UTC",
        finished_utc="2026-01-01 00:05:00 UTC",
        implementations=list(IN_PROCESS),
        studies={"talk": talk, "startup": startup, "sweep": sweep},
    )
    manifest.write(raw)
    (raw / "environment.json").write_text(
        json.dumps(
            {
                "cpu": {"model": "Synthetic CPU 9000", "usable_cores": 2, "logical_cores": 2},
                "os": {"distribution": "Debian GNU/Linux 12 (bookworm)", "kernel": "6.1"},
                "toolchain": {
                    "python": "3.11.7",
                    "rustc": "rustc 1.95.0",
                    "hyperfine": "hyperfine 1.20.0",
                },
                "build": {
                    "rust": {"BUILD_PROFILE": "release"},
                    "cython": {"BUILD_PROFILE": "release"},
                },
                "git": {"commit": "0123456789abcdef", "dirty": False},
            }
        )
    )
    (raw / "correctness.json").write_text(
        json.dumps(
            {
                "oracle": "sieve",
                "verdicts": [
                    {"subject": "rust-naive", "count": 100, "ok": True, "detail": ""},
                    {
                        "subject": "primesieve",
                        "count": 100,
                        "ok": False,
                        "detail": "returned array, not list",
                    },
                ],
            }
        )
    )
    return raw


@pytest.fixture(scope="module")
def out(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of `raw`, written by the command's main in this process; the command itself,
    in a child, writes the same bytes (test_the_same_raw_data_gives_the_same_bytes)."""
    out = tmp_path_factory.mktemp("report")
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()) as err,
    ):
        assert report_main(["--raw", str(raw), "--out", str(out)]) == 0, err.getvalue()
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def _row(markdown: str, label: str) -> list[str]:
    """The cells of every table row starting with `label`, in order of appearance."""
    rows = [line for line in markdown.splitlines() if line.startswith(f"| {label} |")]
    assert rows, f"no row {label!r}"
    return [cell.strip() for cell in rows[0].strip("|").split("|")][1:]


def _load_times(raw: Path, name: str) -> list[list[float]]:
    data = json.loads((raw / "hyperfine" / f"{name}.json").read_text())
    return [entry["times"] for entry in data["results"]]


def test_talk_table_one_is_recomputed_from_its_json(raw: Path, out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    pure, rust = _load_times(raw, "talk-pure-vs-rust")
    mean_p, sd_p, mean_r, sd_r = (
        statistics.mean(pure),
        statistics.stdev(pure),
        statistics.mean(rust),
        statistics.stdev(rust),
    )
    ratio = mean_p / mean_r
    sigma = ratio * math.sqrt((sd_p / mean_p) ** 2 + (sd_r / mean_r) ** 2)
    section = markdown.split("### Pure Python vs Rust")[1].split("###")[0]
    assert _row(section, "talk (slide): mean ± σ") == [
        "411.3 ± 13.0 ms",
        "33.2 ± 6.2 ms",
        "12.38 ± 2.35",
    ]
    assert _row(section, "this run: mean ± σ") == [
        f"{_ms(mean_p)} ± {_ms(sd_p)} ms",
        f"{_ms(mean_r)} ± {_ms(sd_r)} ms",
        f"{ratio:.2f} ± {sigma:.2f}",
    ]
    medians = _row(section, "this run: median")
    assert medians[:2] == [
        f"{_ms(statistics.median(pure))} ms",
        f"{_ms(statistics.median(rust))} ms",
    ]
    assert medians[2].startswith(
        f"{statistics.median(pure) / statistics.median(rust):.2f} (95% CI "
    )
    assert _row(section, "this run: min … max, runs")[:2] == [
        f"{_ms(min(pure))} … {_ms(max(pure))} ms, {len(pure)}",
        f"{_ms(min(rust))} … {_ms(max(rust))} ms, {len(rust)}",
    ]


def test_talk_table_two_is_recomputed_from_its_json(raw: Path, out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    rust, cython = _load_times(raw, "talk-rust-vs-cython")
    section = markdown.split("### Rust vs Cython")[1].split("###")[0]
    # The slide's order: Rust first. The ratio column is Cython's time over Rust's.
    ratio = statistics.mean(cython) / statistics.mean(rust)
    assert _row(section, "talk (slide): mean ± σ") == [
        "37.0 ± 13.2 ms",
        "38.1 ± 8.0 ms",
        "1.03 ± 0.43",
    ]
    cells = _row(section, "this run: mean ± σ")
    assert cells[0] == f"{_ms(statistics.mean(rust))} ± {_ms(statistics.stdev(rust))} ms"
    assert cells[1] == f"{_ms(statistics.mean(cython))} ± {_ms(statistics.stdev(cython))} ms"
    assert cells[2].startswith(f"{ratio:.2f} ± ")


def test_the_12x_is_explained_with_the_measured_parts(raw: Path, out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    section = markdown.split("## Where did the 12x come from?")[1].split("\n## ")[0]
    pure_in, rust_in = (
        statistics.median(_times(c, c * 0.05, IN_PROCESS_ROUNDS))
        for c in (IN_PROCESS["pure-naive"][5000], IN_PROCESS["rust-naive"][5000])
    )
    pure_whole, rust_whole = (statistics.median(t) for t in _load_times(raw, "talk-pure-vs-rust"))
    startup = {label: statistics.median(times) for label, times in STARTUP.items()}
    assert _row(section, "interpreter start-up")[1:] == [f"{_ms(startup['python -c pass'])} ms"] * 3
    assert _row(section, "**fixed cost**")[1:] == [
        f"**{_ms(startup['primes 0'])} ms**",
        f"**{_ms(startup['primes-fast 0'])} ms**",
        f"**{_ms(startup['primes-fast-cython 0'])} ms**",
    ]
    in_process_ratio = pure_in / rust_in
    whole_ratio = pure_whole / rust_whole
    assert in_process_ratio > whole_ratio  # the synthetic run is built like this machine's
    ratios = _row(section, "pure Python ÷ Rust")
    assert ratios[0].startswith(f"{whole_ratio:.2f} (95% CI")
    work = (pure_whole - startup["primes 0"]) / (rust_whole - startup["primes-fast 0"])
    assert ratios[1] == f"{work:.1f}x"
    assert ratios[2].startswith(f"{in_process_ratio:.2f} (95% CI")
    assert f"**{in_process_ratio:.1f}x**" in section
    assert "pulls the whole-process ratio down" in section
    # The remainder row is explained with its own figures: pure Python's share of its compute.
    pure_rest = pure_whole - startup["primes 0"] - pure_in
    assert f"pure-naive {_ms(pure_rest)} ms, {pure_rest / pure_in * 100:.0f}% of its computing" in (
        section
    )


def test_scaling_exponents_are_fitted_from_the_sweep(out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    # Medians of exact power laws (times a constant spread factor): the exponents come back.
    assert _row(markdown, "fitted exponent") == ["2.00", "1.90", "1.90"]
    centre = IN_PROCESS["pure-naive"][10_000]
    median = statistics.median(_times(centre, centre * 0.05, IN_PROCESS_ROUNDS))
    assert _row(markdown, "10,000")[0] == f"{median:.1f} s"


def test_warnings_refusals_and_environment_are_shown(out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    assert (
        "[`hyperfine/startup.log`](raw/hyperfine/startup.log), `python -c 'import primes.naive'`: "
        "Statistical outliers were detected." in markdown
    )
    assert "**refused, not timed**: count 100: returned array, not list" in markdown
    assert "primesieve: refused by the correctness gate" in markdown
    assert "Synthetic CPU 9000" in markdown


def test_the_html_page_is_self_contained(out: Path) -> None:
    page = (out / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<table>") == page.count("</table>") >= 5
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(images) == 2
    for source in images:
        assert source.startswith("data:image/svg+xml;base64,")
        svg = ElementTree.fromstring(base64.b64decode(source.split(",", 1)[1]))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "411.3 ± 13.0 ms" in page


def test_plots_are_written_beside_the_markdown(out: Path) -> None:
    markdown = (out / "REPORT.md").read_text()
    for name in ("scaling", "where-the-time-goes"):
        assert f"](plots/{name}.svg)" in markdown
        svg = ElementTree.parse(out / "plots" / f"{name}.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_same_raw_data_gives_the_same_bytes(raw: Path, out: Path, tmp_path: Path) -> None:
    subprocess.run([*REPORT, "--raw", str(raw), "--out", str(tmp_path)], check=True, cwd=REPO)
    for name in ("REPORT.md", "report.html", "plots/scaling.svg", "plots/where-the-time-goes.svg"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_a_missing_study_is_reported_as_not_measured(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = Manifest.read(raw)
    del manifest.studies["startup"]
    partial = tmp_path / "raw"
    shutil.copytree(raw, partial)
    manifest.write(partial)
    # The command's main, here: its child would draw the same report after importing it all.
    assert report_main(["--raw", str(partial)]) == 0
    assert capsys.readouterr().err == ""
    markdown = (tmp_path / "REPORT.md").read_text()
    assert "*Not measured in this run:* the start-up study" in markdown
    assert "### Pure Python vs Rust" in markdown


def test_no_raw_directory_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [*REPORT, "--raw", str(tmp_path / "raw")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 2
    assert "run `make bench` first" in done.stderr


COMMITTED = REPO / "results" / "reference" / "raw"


@pytest.mark.skipif(
    not (COMMITTED / "manifest.json").exists(), reason="no committed results/reference/raw yet"
)
def test_the_committed_report_matches_its_raw_data() -> None:
    markdown = (REPO / "results" / "reference" / "REPORT.md").read_text()
    for name, title, commands in (
        ("talk-pure-vs-rust", "### Pure Python vs Rust", ("primes 5000", "primes-fast 5000")),
        (
            "talk-rust-vs-cython",
            "### Rust vs Cython",
            ("primes-fast-rust 5000", "primes-fast-cython 5000"),
        ),
    ):
        # A run with the start-up study times the talk's commands in its hyperfine run.
        own = COMMITTED / "hyperfine" / f"{name}.json"
        source = own if own.exists() else COMMITTED / "hyperfine" / "startup.json"
        by_name = {r["command"]: r for r in json.loads(source.read_text())["results"]}
        first, second = (by_name[command] for command in commands)
        section = markdown.split(title)[1].split("###")[0]
        assert _row(section, "this run: mean ± σ")[:2] == [
            f"{_ms(first['mean'])} ± {_ms(first['stddev'])} ms",
            f"{_ms(second['mean'])} ± {_ms(second['stddev'])} ms",
        ]
        assert _row(section, "this run: median")[:2] == [
            f"{_ms(statistics.median(first['times']))} ms",
            f"{_ms(statistics.median(second['times']))} ms",
        ]


def test_inline_markdown_is_read_as_commonmark() -> None:
    from bench.report.inline import plain, to_html

    text = "*Not measured:* `python -c 'import M'` **fast** [`raw/x.json`](raw/x.json) a < b"
    assert to_html(text) == (
        "<em>Not measured:</em> <code>python -c 'import M'</code> <strong>fast</strong> "
        '<a href="raw/x.json"><code>raw/x.json</code></a> a &lt; b'
    )
    assert plain(text) == "Not measured: `python -c 'import M'` fast `raw/x.json` a < b"


#: A language the report has never heard of, recorded as the suite records it, beside the
#: baseline and a sieve-only peer.
NEW_LANGUAGE = {
    "pure-naive": ("pure", "naive"),
    "zig-naive": ("zig", "naive"),
    "pure-sieve": ("pure", "sieve"),
    "zig-sieve": ("zig", "sieve"),
    "numpy-sieve": ("numpy", "sieve"),
}


ZIG = algorithms.Language("#f7a41d")


@pytest.fixture
def new_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RawRun:
    # A new language is one row of bench/algorithms.py's LANGUAGES.
    monkeypatch.setitem(algorithms.LANGUAGES, "zig", ZIG)
    seconds = {"naive": 1e-8, "sieve": 1e-9}
    benchmarks = [
        _in_process_entry(
            name,
            count,
            seconds[algorithm] * count * (2 if lang == "pure" else 1),
            (lang, algorithm),
        )
        for name, (lang, algorithm) in NEW_LANGUAGE.items()
        for count in (1000, 5000, 10_000)
    ]
    raw = tmp_path / "raw"
    raw.mkdir()
    _write_pytest_benchmark(raw, benchmarks)
    Manifest(
        mode="quick",
        argv=["python -m bench"],
        started_utc="now",
        implementations=list(NEW_LANGUAGE),
        studies={"sweep": StudyRecord("sweep", "sweep", files=["pytest-benchmark.json"])},
    ).write(raw)
    return RawRun(raw)


def test_a_new_language_gets_a_grid_column(new_language: RawRun) -> None:
    table = next(b for b in sweep.render(new_language) if isinstance(b, Table))
    assert table.header == ("algorithm \\ language", "pure", "zig", "`numpy-sieve`")
    rows = {row[0]: row[1:] for row in table.rows}
    assert set(rows) == {"naive", "sieve"}
    assert rows["naive"][1].endswith("(2.00x)")  # zig-naive, twice as fast as pure-naive
    assert rows["sieve"][1] != "–"
    assert rows["naive"][2] == "–" and rows["sieve"][2] != "–"  # the peer, in its row only


def test_a_new_language_gets_its_rows_colour_and_its_algorithms_markers(
    new_language: RawRun,
) -> None:
    figure = next(b for b in scaling.render(new_language) if isinstance(b, Figure))
    palette = plots.Palette(Lineup.of(new_language), list(NEW_LANGUAGE))
    zig = palette.colour("zig-naive")
    assert zig == palette.colour("zig-sieve") == ZIG.colour
    assert zig not in {palette.colour(n) for n in ("pure-naive", "numpy-sieve")}
    assert palette.marker("zig-naive") == palette.marker("pure-naive")
    assert palette.marker("zig-sieve") == palette.marker("pure-sieve")
    assert palette.marker("numpy-sieve") != palette.marker("pure-sieve")
    for name in ("zig-naive", "zig-sieve"):
        assert f"<!-- {name}: time ∝" in figure.svg
    assert f"stroke: {zig}" in figure.svg


def test_the_talks_figures_are_quoted_from_the_slides(out: Path) -> None:
    from bench.slides import PURE_VS_RUST, RUST_VS_CYTHON

    markdown = (out / "REPORT.md").read_text()
    assert f"## Where did the {PURE_VS_RUST.ratio:.0f}x come from?" in markdown
    for table in (PURE_VS_RUST, RUST_VS_CYTHON):
        assert f"the talk: {table.ratio:.2f} ± {table.ratio_stddev:.2f})" in markdown
    assert f"the talk's {PURE_VS_RUST.ratio:.2f}x" in markdown


def test_the_html_page_has_contents_and_unbreakable_numbers() -> None:
    from bench.report import html
    from bench.report.document import Heading, Paragraph

    page = html.render(
        [
            Heading("Title", 1),
            Paragraph("summary"),
            Heading("Start-up vs work"),
            Table(("count", *(f"c{i}" for i in range(12))), (("100", *["1.2 µs (3.4x)"] * 12),)),
            Heading("Start-up vs work"),
        ],
        title="t",
    )
    assert page.index('<nav class="toc"') < page.index('<h2 id="start-up-vs-work">')
    assert '<a href="#start-up-vs-work-2">' in page and '<h2 id="start-up-vs-work-2">' in page
    assert '<span class="n">1.2 µs</span> <span class="n">(3.4x)</span>' in page
    assert '<table class="many">' in page


def test_plot_labels_lose_their_backticks() -> None:
    assert plots.label("fixed: `primes --impl NAME 0`") == "fixed: primes --impl NAME 0"


def test_a_quick_run_says_so_where_it_says_how_to_reproduce(new_language: RawRun) -> None:
    from bench.report.sections import reproduce

    text = " ".join(b.text for b in reproduce.render(new_language) if hasattr(b, "text"))
    assert "This was a quick run (`make bench-quick`)" in text
    assert "this run measured for" not in text


def test_a_language_missing_from_the_table_is_refused_by_name(
    new_language: RawRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(algorithms.LANGUAGES, "zig")
    with pytest.raises(algorithms.UnknownKind, match="language 'zig' is not in bench/algorithms"):
        scaling.render(new_language)
