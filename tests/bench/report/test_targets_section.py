"""The targets section on made-up raw data whose verdicts are known: met, missed, not measured
(with its reason, and a quick run's skip), and the widths a terminal and a phone allow."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.raw import layout
from bench.raw.manifest import Manifest, StudyRecord
from bench.raw.samples import Samples, SamplesFile
from bench.report.document import Block, BulletList, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections import targets as section
from bench.report.terminal import print_blocks


def _spec(goal: str, count: int, limit: float, **extra: str) -> dict[str, Any]:
    return {
        "goal": goal,
        "subject": "rust-wheel:buffer",
        "reference": "primesieve-c",
        "count": count,
        "max_ratio": limit,
        **extra,
    }


SPECS = {
    "met": _spec("within 1.5x", 100_000, 1.5),
    "missed": _spec("within 1.5x", 1_000_000, 1.5),
    "absent": _spec("within 1.5x", 10_000_000, 1.5, not_measured="`rust-wheel:buffer` unavailable"),
    "fast": _spec("15x faster", 5_000, 1 / 15),
    "skipped": _spec("15x faster", 10_000_000, 1 / 15, not_measured="skipped in a quick run"),
}
#: subject, reference seconds per call (every round alike): ratios 1.2, 1.8 and 0.05.
TIMES = {"met": (1.2e-3, 1e-3), "missed": (18e-3, 10e-3), "fast": (1e-3, 20e-3)}


def _raw(
    tmp_path: Path, mode: str = "quick", specs: dict[str, Any] = SPECS, **settings: Any
) -> RawRun:
    record = StudyRecord(layout.TARGETS, "targets", notes=["absent: not measured, (the notes)"])
    Manifest(mode=mode, argv=[], started_utc="now", studies={layout.TARGETS: record}).write(
        tmp_path
    )
    data = SamplesFile(layout.TARGETS, {"rounds": 5, "target": 0.05, "targets": specs, **settings})
    for key, (subject, reference) in TIMES.items():
        data.add(f"{key}/subject", Samples(1, (subject,) * 5), target=key, role="subject")
        data.add(f"{key}/reference", Samples(1, (reference,) * 5), target=key, role="reference")
    data.write(tmp_path / layout.TARGETS_JSON)
    return RawRun(tmp_path)


def _texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Paragraph)]


def test_each_goal_gets_a_table_with_its_verdicts(tmp_path: Path) -> None:
    blocks = section.render(_raw(tmp_path, unavailable={"rust-wheel:buffer": "not built"}))
    tables = [block for block in blocks if isinstance(block, Table)]
    assert [table.header for table in tables] == [
        ("n", "verdict", "ratio (95% CI)", "subject", "reference"),
        ("n", "verdict", "speed-up (95% CI)", "subject", "reference"),
    ]
    within, faster = ({row[0]: row[1:3] for row in table.rows} for table in tables)
    assert within == {
        "100,000": ("met", "1.20 (1.20–1.20)"),
        "1,000,000": ("missed: 20% over", "1.80 (1.80–1.80)"),
        "10,000,000": ("not measured: `rust-wheel:buffer` unavailable", "–"),
    }
    # A speed-up goal is shown as the speed-up: 20x against a limit of at least 15x.
    assert faster == {
        "5,000": ("met", "20.0x (20.0–20.0)"),
        "10,000,000": ("not measured: skipped in a quick run", "–"),
    }
    texts = _texts(blocks)
    assert "**within 1.5x**: `rust-wheel:buffer` ÷ `primesieve-c` ≤ 1.50" in texts
    assert "**15x faster**: `primesieve-c` ÷ `rust-wheel:buffer` ≥ 15.0" in texts
    # Why a side could not be timed, once per name, from the raw file (not the run's notes).
    (reasons,) = [block for block in blocks if isinstance(block, BulletList)]
    assert reasons.items == ("`rust-wheel:buffer`: not built",)


def test_a_quick_run_says_which_counts_it_skipped(tmp_path: Path) -> None:
    texts = _texts(section.render(_raw(tmp_path, skipped_counts=[10_000_000])))
    assert (
        "*A quick run:* 5 rounds of about 50.0 ms per case; it skipped n = 10,000,000, "
        "so the targets there say so. `make bench` measures them all."
    ) in texts
    texts = _texts(section.render(_raw(tmp_path, mode="full")))
    assert "A full run: 5 rounds of about 50.0 ms per case." in texts
    long_calls = {"from_count": 100_000_000, "rounds": 7}
    texts = _texts(section.render(_raw(tmp_path, mode="full", long_calls=long_calls)))
    assert (
        "A full run: 5 rounds of about 50.0 ms per case (7 from n = 100,000,000, where a call"
        " takes over half a second)."
    ) in texts


def test_a_raw_file_without_reasons_falls_back_to_the_runs_notes(tmp_path: Path) -> None:
    # Before the reasons were written into the raw file, only the run's notes said why.
    old = {
        key: {k: v for k, v in spec.items() if k != "not_measured"} for key, spec in SPECS.items()
    }
    blocks = section.render(_raw(tmp_path, specs=old))
    rows = [row for block in blocks if isinstance(block, Table) for row in block.rows]
    assert ("10,000,000", "not measured", "–", "–", "–") in rows
    assert BulletList(("absent: not measured, (the notes)",)) in blocks


def test_verdicts_and_figures_stay_whole_in_80_columns(tmp_path: Path) -> None:
    blocks = section.render(_raw(tmp_path, unavailable={"rust-wheel:buffer": "not built"}))
    out = io.StringIO()
    print_blocks(Console(file=out, width=80, force_terminal=False), blocks)
    # rich fits any table into 80 columns by wrapping cells: what must hold is that no
    # verdict or figure is wrapped or cut, so each is still on one line.
    text = out.getvalue()
    for word in ("missed: 20% over", "1.80 (1.80–1.80)", "20.0x (20.0–20.0)", "18.0 ms"):
        assert word in text


def test_a_verdict_whose_interval_holds_the_limit_says_so(tmp_path: Path) -> None:
    Manifest(mode="full", argv=[], started_utc="now").write(tmp_path)
    specs = {"close": _spec("within 1.5x", 100_000, 1.5), "clear": _spec("within 2x", 100, 2.0)}
    data = SamplesFile(layout.TARGETS, {"targets": specs})
    # Medians 1.4 and 1.0; the subject's rounds spread from 1.0 to 1.9, the limit 1.5 among them.
    data.add("close/subject", Samples(1, (1.0, 1.3, 1.4, 1.6, 1.9)), target="close", role="subject")
    data.add("close/reference", Samples(1, (1.0,) * 5), target="close", role="reference")
    data.add("clear/subject", Samples(1, (1.0,) * 5), target="clear", role="subject")
    data.add("clear/reference", Samples(1, (1.0,) * 5), target="clear", role="reference")
    data.write(tmp_path / layout.TARGETS_JSON)
    blocks = section.render(RawRun(tmp_path))
    verdicts = [row[1] for block in blocks if isinstance(block, Table) for row in block.rows]
    assert verdicts == [f"met ({section.UNSURE})", "met"]


def _in_processes(data: SamplesFile, key: str, pairs: list[tuple[float, float]]) -> None:
    """One case per side and process: the subject's and the reference's seconds per call."""
    for process, times in enumerate(pairs, start=1):
        for role, seconds in zip(("subject", "reference"), times, strict=True):
            data.add(
                f"{key}/{role}/{process}",
                Samples(1, (seconds, seconds)),
                target=key,
                role=role,
                process=str(process),
            )


def test_a_target_timed_in_several_processes_shows_their_median_and_range(
    tmp_path: Path,
) -> None:
    Manifest(mode="full", argv=[], started_utc="now").write(tmp_path)
    specs = {
        "steady": _spec("within 1.1x", 100_000_000, 1.1),
        "slow-mode": _spec("within 1.1x", 203_280_221, 1.1),
        "slow-twice": _spec("within 1.1x", 300_000_000, 1.1),
    }
    long_calls = {"from_count": 100_000_000, "rounds": 2, "processes": 3}
    data = SamplesFile(layout.TARGETS, {"rounds": 15, "target": 0.1, "targets": specs})
    data.settings["long_calls"] = long_calls
    _in_processes(data, "steady", [(1.0, 1.0), (1.02, 1.0), (0.99, 1.0)])
    # One process in three runs 18% slow: the verdict goes by the median, the range shows it.
    _in_processes(data, "slow-mode", [(1.0, 1.0), (1.18, 1.0), (1.01, 1.0)])
    _in_processes(data, "slow-twice", [(1.19, 1.0), (1.18, 1.0), (1.01, 1.0)])
    data.write(tmp_path / layout.TARGETS_JSON)
    blocks = section.render(RawRun(tmp_path))
    (table,) = [block for block in blocks if isinstance(block, Table)]
    # Every row a range of processes' ratios, none a 95% interval: the header says so.
    assert table.header == ("n", "verdict", "ratio (range)", "subject", "reference")
    assert [row[:3] for row in table.rows] == [
        ("100,000,000", "met", "1.00 (range 0.990–1.02)"),
        ("203,280,221", f"met ({section.SPREAD})", "1.01 (range 1.00–1.18)"),
        ("300,000,000", f"missed: 7% over ({section.SPREAD})", "1.18 (range 1.01–1.19)"),
    ]
    # Medians over every process's rounds: 1.0, 1.0, 1.01, 1.01, 1.18, 1.18.
    assert table.rows[1][3:] == ("1.0 s", "1.0 s")
    assert table.rows[2][3:] == ("1.2 s", "1.0 s")
    (timing,) = [text for text in _texts(blocks) if text.startswith("A full run")]
    assert "from n = 100,000,000, where a call takes over half a second, 2 rounds in each" in (
        timing
    )
    assert "3 fresh processes" in timing and "a slow mode shows as spread" in timing


def test_every_target_in_fresh_processes_is_said_with_both_round_counts(tmp_path: Path) -> None:
    Manifest(mode="full", argv=[], started_utc="now").write(tmp_path)
    specs = {"short": _spec("within 1.1x", 100_000, 1.1)}
    data = SamplesFile(layout.TARGETS, {"rounds": 15, "target": 0.1, "targets": specs})
    data.settings["long_calls"] = {
        "from_count": 100_000_000,
        "rounds": 2,
        "processes": 3,
        "short_rounds": 5,
    }
    # The study's own process's slow mode, now one process of three.
    _in_processes(data, "short", [(1.19, 1.0), (1.01, 1.0), (1.0, 1.0)])
    data.write(tmp_path / layout.TARGETS_JSON)
    blocks = section.render(RawRun(tmp_path))
    (table,) = [block for block in blocks if isinstance(block, Table)]
    assert table.rows[0][:3] == ("100,000", f"met ({section.SPREAD})", "1.01 (range 1.00–1.19)")
    (timing,) = [text for text in _texts(blocks) if text.startswith("A full run")]
    assert "held" not in timing  # a run from before the heap jitter does not claim it
    data.settings["heap_jitter"] = {"smallest": 4096, "largest": 1024 * 1024}
    data.write(tmp_path / layout.TARGETS_JSON)
    (with_jitter,) = [
        text for text in _texts(section.render(RawRun(tmp_path))) if text.startswith("A full run")
    ]
    assert with_jitter.endswith(
        "a slow mode shows as spread. Before each sample, blocks adding up to a random size"
        " (4.00 KiB to 1.00 MiB) are held, so each sample finds the heap otherwise: the wheels'"
        " buffer twins have run about 20% slower at some placements of their memory, and kept"
        " that speed as long as the placement held."
    ), with_jitter
    assert timing.startswith(
        "A full run: every target in 3 fresh processes, 5 rounds of about 100.0 ms per case"
        " in each, and 2 from n = 100,000,000, where a call takes over half a second. The"
        " ratio is the median"
    ), timing


def test_the_one_process_shape_of_earlier_runs_still_renders_as_it_did(tmp_path: Path) -> None:
    # Runs before the long calls moved to several processes: 7 rounds in one, as
    # `key/subject` and `key/reference`; the section's first paragraph says "in one process".
    long_calls = {"from_count": 100_000_000, "rounds": 7}
    blocks = section.render(_raw(tmp_path, mode="full", long_calls=long_calls))
    assert "interleaved round by round in one process" in _texts(blocks)[0]
    rows = [row for block in blocks if isinstance(block, Table) for row in block.rows]
    assert ("100,000", "met", "1.20 (1.20–1.20)", "1.2 ms", "1.0 ms") in rows


def test_a_table_of_both_shapes_says_either_interval(tmp_path: Path) -> None:
    # A run before every target moved to processes: the short count in one process, the long
    # one in several, under one goal.
    Manifest(mode="full", argv=[], started_utc="now").write(tmp_path)
    specs = {
        "short": _spec("within 1.1x", 100_000, 1.1),
        "long": _spec("within 1.1x", 100_000_000, 1.1),
    }
    data = SamplesFile(layout.TARGETS, {"targets": specs})
    data.add("short/subject", Samples(1, (1.0,) * 5), target="short", role="subject")
    data.add("short/reference", Samples(1, (1.0,) * 5), target="short", role="reference")
    _in_processes(data, "long", [(1.0, 1.0), (1.02, 1.0), (0.99, 1.0)])
    data.write(tmp_path / layout.TARGETS_JSON)
    (table,) = [b for b in section.render(RawRun(tmp_path)) if isinstance(b, Table)]
    assert table.header == ("n", "verdict", "ratio (95% CI or range)", "subject", "reference")
    assert [row[2] for row in table.rows] == ["1.00 (1.00–1.00)", "1.00 (range 0.990–1.02)"]
