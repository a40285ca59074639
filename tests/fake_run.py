"""A raw run made up to order, for report, verdict and compare tests: each study is written
only when it has data, every timing spread evenly around the median the test states, so the
figures a test expects follow from the numbers it chose, never from a measured run."""

from __future__ import annotations

import copy
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyperfine_entry import hyperfine_entry

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.load import Load
from bench.raw.manifest import CommandSpec, HyperfineRecord, Manifest, StudyRecord
from bench.raw.samples import Samples, SamplesFile
from bench.report.rawrun import RawRun

KINDS = {
    "pure-naive": ("pure", "naive"),
    "cython-naive": ("cython", "naive"),
    "rust-naive": ("rust", "naive"),
    "pure-sieve": ("pure", "sieve"),
    "cython-sieve": ("cython", "sieve"),
    "rust-sieve": ("rust", "sieve"),
    "cython-wheel": ("cython", "wheel"),
    "rust-wheel": ("rust", "wheel"),
    "numba-naive": ("numba", "naive"),
    "mypyc-naive": ("mypyc", "naive"),
    "cython-untyped-naive": ("cython-untyped", "naive"),
}

#: Each talk script's implementation, and the module `python -c 'import MODULE'` times for it.
SCRIPTS = {
    "primes": "pure-naive",
    "primes-fast": "rust-naive",
    "primes-fast-rust": "rust-naive",
    "primes-fast-cython": "cython-naive",
}
MODULES = {"pure-naive": "primes.naive", "rust-naive": "primes._lib"}
CYTHON_MODULE = ("cython-naive", "primes_cython.naive")


def samples(centre: float, spread: float, rounds: int) -> list[float]:
    """`rounds` values spread evenly around `centre`, their median exactly `centre`."""
    if rounds == 1:
        return [centre]
    return [centre * (1 + spread * (2 * i / (rounds - 1) - 1)) for i in range(rounds)]


def _bench_entry(name: str, count: int, data: list[float]) -> dict[str, object]:
    language, algorithm = KINDS[name]
    return {
        "group": f"first_n({count})",
        "name": f"test_first_n[{name}-{count}]",
        "params": {"name": name, "count": count},
        "extra_info": {"implementation": name, "language": language, "algorithm": algorithm},
        "stats": {
            "median": statistics.median(data),
            "min": min(data),
            "max": max(data),
            "mean": statistics.mean(data),
            "rounds": len(data),
            "data": data,
        },
    }


def script(name: str, implementation: str, count: int) -> CommandSpec:
    tags = {"kind": "script", "script": name, "implementation": implementation}
    return CommandSpec(f"{name} {count}", (name, str(count)), {**tags, "count": str(count)})


#: A machine's facts as `environment.json` records them: a 2-core CPU under CPython 3.11.
ENVIRONMENT: dict[str, Any] = {
    "cpu": {"model": "Made-up CPU", "machine": "x86_64", "logical_cores": 2, "usable_cores": 2},
    "os": {"system": "Linux"},
    "toolchain": {"python": "3.11.7", "python_implementation": "CPython"},
    "git": {"commit": "0123456789abcdef", "dirty": False},
}


@dataclass
class FakeRun:
    """A raw run made up to order: medians (seconds) per implementation and count, whole
    processes, start-up, threads, the start-up vs work split, targets, each study's load and
    the machine. Each study is written only when it has data."""

    #: (implementation, count) -> median seconds in process.
    in_process: dict[tuple[str, int], float] = field(default_factory=dict)
    spread: float = 0.002
    rounds: int = 41
    #: Talk script -> whole-process median at 5,000; script at 0 -> its median.
    whole: dict[str, float] = field(default_factory=dict)
    at_zero: dict[str, float] = field(default_factory=dict)
    #: `python -c pass`'s median; None: 0.7 times `primes-fast 0`'s (each import is 0.8
    #: times its script at 0).
    interpreter: float | None = None
    #: Implementation -> (one thread's seconds per call, two threads' seconds per call).
    threads: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Implementation -> (`primes --impl NAME 0`'s median, `... 5000`'s), the split study.
    split: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Target key -> (subject, reference, count, subject's seconds, reference's seconds), each
    #: timed interleaved by the targets study.
    targets: dict[str, tuple[str, str, int, float, float]] = field(default_factory=dict)
    #: More than one: each target timed in this many fresh processes, a case per side and
    #: process (`key/role/process`), as a full run does now.
    target_processes: int = 1
    #: Study -> the share of the cores other processes used while it measured; None records
    #: no load at all (a run from before load was recorded).
    loads: dict[str, float] | None = None
    #: environment.json's contents; None writes none.
    environment: dict[str, Any] | None = None
    mode: str = "full"

    def write(self, raw: Path) -> RawRun:
        (raw / "hyperfine").mkdir(parents=True)
        studies: dict[str, StudyRecord] = {}
        if self.in_process:
            studies[layout.SWEEP] = self._sweep(raw)
        if self.whole:
            studies[layout.TALK] = self._talk(raw)
        if self.at_zero:
            studies[layout.STARTUP] = self._startup(raw)
        if self.threads:
            studies[layout.THREADS] = self._threads(raw)
        if self.split:
            studies[layout.SPLIT] = self._split(raw)
        if self.targets:
            studies[layout.TARGETS] = self._targets(raw)
        if self.loads is not None:
            for name, study in studies.items():
                study.seconds = 10.0
                study.load = _load(self.loads.get(name, 0.01), busy=name in self.loads)
        Manifest(
            mode=self.mode,
            argv=["python -m bench"],
            started_utc="2026-01-01 00:00:00 UTC",
            implementations=list(KINDS),
            studies=studies,
        ).write(raw)
        if self.environment is not None:
            (raw / layout.ENVIRONMENT).write_text(json.dumps(self.environment))
        return RawRun(raw)

    def _sweep(self, raw: Path) -> StudyRecord:
        entries = [
            _bench_entry(name, count, samples(centre, self.spread, self.rounds))
            for (name, count), centre in self.in_process.items()
        ]
        (raw / layout.SWEEP_JSON).write_text(json.dumps({"benchmarks": entries}))
        return StudyRecord(layout.SWEEP, "sweep", files=[layout.SWEEP_JSON])

    def _threads(self, raw: Path) -> StudyRecord:
        data = SamplesFile(layout.THREADS, {"count": 5000, "threads": 2})
        for name, (one, two) in self.threads.items():
            for threads, centre in (("1", one), ("2", two)):
                _add(data, f"{name}/{threads}", centre, implementation=name, threads=threads)
        data.write(raw / layout.THREADS_JSON)
        return StudyRecord(layout.THREADS, "threads")

    def _talk(self, raw: Path) -> StudyRecord:
        talk = StudyRecord(layout.TALK, "talk")
        for key, pair in (
            ("talk-pure-vs-rust", ("primes", "primes-fast")),
            ("talk-rust-vs-cython", ("primes-fast-rust", "primes-fast-cython")),
        ):
            specs = [script(name, SCRIPTS[name], TALK_COUNT) for name in pair]
            talk.hyperfine.append(self._hyperfine(raw, key, specs, self.whole))
        return talk

    def _startup(self, raw: Path) -> StudyRecord:
        specs = [CommandSpec("python -c pass", ("python", "-c", "pass"), {"kind": "interpreter"})]
        modules = list(MODULES.items())
        if "primes-fast-cython 0" in self.at_zero:
            modules.append(CYTHON_MODULE)
        interpreter = self.interpreter or self.at_zero["primes-fast 0"] * 0.7
        times = {"python -c pass": interpreter}
        for name, module in modules:
            label = f"python -c 'import {module}'"
            specs.append(
                CommandSpec(
                    label,
                    ("python", "-c", f"import {module}"),
                    {"kind": "import", "implementations": name},
                )
            )
            at_zero = next(v for k, v in self.at_zero.items() if SCRIPTS[k.split()[0]] == name)
            times[label] = at_zero * 0.8
        specs += [script(label.split()[0], SCRIPTS[label.split()[0]], 0) for label in self.at_zero]
        study = StudyRecord(layout.STARTUP, "startup")
        study.hyperfine.append(
            self._hyperfine(raw, layout.STARTUP, specs, {**times, **self.at_zero})
        )
        return study

    def _split(self, raw: Path) -> StudyRecord:
        specs, medians = [], {}
        for name, pair in self.split.items():
            for count, median in zip((0, TALK_COUNT), pair, strict=True):
                label = f"primes --impl {name} {count}"
                tags = {"kind": "split", "implementation": name, "count": str(count)}
                specs.append(CommandSpec(label, ("primes", "--impl", name, str(count)), tags))
                medians[label] = median
        study = StudyRecord(layout.SPLIT, "split")
        study.hyperfine.append(self._hyperfine(raw, layout.SPLIT, specs, medians))
        return study

    def _targets(self, raw: Path) -> StudyRecord:
        specs = {
            key: {
                "goal": "within 1.5x",
                "subject": subject,
                "reference": reference,
                "count": count,
                "max_ratio": 1.5,
            }
            for key, (subject, reference, count, _, _) in self.targets.items()
        }
        data = SamplesFile(layout.TARGETS, {"rounds": 21, "targets": specs})
        for key, (_, _, _, subject, reference) in self.targets.items():
            for role, centre in (("subject", subject), ("reference", reference)):
                if self.target_processes == 1:
                    _add(data, f"{key}/{role}", centre, target=key, role=role)
                    continue
                for process in map(str, range(1, self.target_processes + 1)):
                    name = f"{key}/{role}/{process}"
                    _add(data, name, centre, target=key, role=role, process=process)
        data.write(raw / layout.TARGETS_JSON)
        return StudyRecord(layout.TARGETS, "targets", files=[layout.TARGETS_JSON])

    def _hyperfine(
        self, raw: Path, name: str, specs: list[CommandSpec], medians: dict[str, float]
    ) -> HyperfineRecord:
        record = HyperfineRecord(
            json=f"hyperfine/{name}.json", log=f"hyperfine/{name}.log", commands=tuple(specs)
        )
        results = [
            hyperfine_entry(spec.command, samples(medians[spec.label], 0.01, 41)) for spec in specs
        ]
        (raw / record.json).write_text(json.dumps({"results": results}))
        (raw / record.log).write_text("")
        return record


def _add(data: SamplesFile, key: str, centre: float, **tags: str) -> None:
    """21 rounds of one call each, spread ±1% around `centre`."""
    data.add(key, Samples(1, tuple(samples(centre, 0.01, 21))), **tags)


def _load(others: float, *, busy: bool) -> Load:
    """A study's load over 10 s on 2 cores, other processes taking `others` of them."""
    return Load(
        wall=10.0,
        cores=2,
        others=others * 10.0 * 2,
        steal=0.0,
        own=10.0,
        load_before=(5.9, 4.0, 3.0) if busy else (0.7, 0.9, 1.2),
        load_after=(6.1, 4.2, 3.1) if busy else (1.1, 1.0, 1.1),
    )


#: Talk script -> whole-process median at n = 5,000: the Rust and Cython scripts 3% apart.
WHOLE = {
    "primes 5000": 0.408,
    "primes-fast 5000": 0.036,
    "primes-fast-rust 5000": 0.036,
    "primes-fast-cython 5000": 0.037,
}


#: In-process medians at n = 5,000 of a quiet run: Rust and Cython alike, the sieve far ahead.
IN_PROCESS = {
    ("pure-naive", 5000): 0.350,
    ("cython-naive", 5000): 0.021,
    ("rust-naive", 5000): 0.021,
    ("pure-sieve", 5000): 570e-6,
    ("cython-sieve", 5000): 71e-6,
    ("rust-sieve", 5000): 72e-6,
}
#: Two threads twice the work of one in Rust and Cython, not in pure Python (the GIL).
THREADS = {
    "pure-naive": (0.364, 0.693),
    "rust-naive": (0.021, 0.021),
    "cython-naive": (0.021, 0.0211),
}


def quiet() -> FakeRun:
    """A quiet run whose studies agree: Rust and Cython alike in every study, start-up a third
    of the Rust process, every remainder positive, `rust-wheel`'s work a few percent below
    zero (noise)."""
    return FakeRun(
        in_process={
            **IN_PROCESS,
            ("cython-wheel", 5000): 40e-6,
            ("rust-wheel", 5000): 40e-6,
            ("numba-naive", 5000): 0.022,
            ("mypyc-naive", 5000): 0.120,
            ("cython-untyped-naive", 5000): 0.300,
        },
        whole=dict(WHOLE),
        at_zero={"primes 0": 0.013, "primes-fast 0": 0.013, "primes-fast-cython 0": 0.014},
        interpreter=0.009,
        threads=dict(THREADS),
        split={
            "pure-naive": (0.030, 0.400),
            "rust-naive": (0.030, 0.052),
            "cython-naive": (0.031, 0.053),
            "rust-wheel": (0.0305, 0.030),
        },
        targets={
            "wheel": ("cython-wheel", "rust-wheel", 5000, 40e-6, 40e-6),
            "naive": ("cython-naive", "rust-naive", 5000, 0.021, 0.021),
        },
        environment=copy.deepcopy(ENVIRONMENT),
    )


def one_plot() -> FakeRun:
    """A quiet run of the start-up vs work split alone, on a known machine: its report draws one
    plot (plots/startup-split.svg), for tests of how a report is written and installed rather
    than of what it says, at a fraction of a full run's drawing."""
    fake = quiet()
    return FakeRun(split=fake.split, environment=fake.environment)


def run_folder(folder: Path, fake: FakeRun | None = None) -> Path:
    """A run as a results folder holds it, FOLDER/raw/ (a machine's directory, a downloaded
    artifact): `fake`, or a quiet run."""
    (fake or quiet()).write(folder / "raw")
    return folder
