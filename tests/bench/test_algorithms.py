"""bench/algorithms.py describes every algorithm and language the registry has, and nothing
falls back to a default: adding an implementation of a known algorithm is its module plus one
registry entry, proved here on a scratch copy of the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import primes
from bench import algorithms
from bench.paths import REPO
from oracle import first_primes
from primes import registry


def _registry() -> tuple[registry.Implementation, ...]:
    return registry.implementations()


def test_the_table_has_exactly_the_registrys_algorithms() -> None:
    assert {impl.algorithm for impl in _registry()} == set(algorithms.ALGORITHMS)


def test_every_registered_language_has_a_row() -> None:
    missing = {impl.language for impl in _registry()} - set(algorithms.LANGUAGES)
    assert not missing


def test_unknown_kinds_are_refused_with_where_to_add_them() -> None:
    with pytest.raises(algorithms.UnknownKind, match="ALGORITHMS: add its row"):
        algorithms.algorithm("bogosort")
    with pytest.raises(algorithms.UnknownKind, match="LANGUAGES: add its row"):
        algorithms.language("cobol")


def test_each_algorithm_looks_different_on_a_plot() -> None:
    looks = [(a.marker, a.line) for a in algorithms.ALGORITHMS.values()]
    assert len(set(looks)) == len(looks)


TOY = '''
"""Trial division by every smaller number: a toy, to prove the extension point."""


def first_n(count: int) -> list[int]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % d for d in range(2, candidate)):
            found.append(candidate)
        candidate += 1
    return found
'''

#: Run with the scratch copy first on sys.path: registers nothing else, measures nothing.
SCRIPT = textwrap.dedent(
    """
    import json, statistics, sys
    from pathlib import Path

    import primes
    from bench import report
    from bench.raw.manifest import Manifest, StudyRecord
    from bench.studies.config import RunConfig, Tools

    out = Path(sys.argv[1])
    names = ("pure-naive", "pure-toy")
    assert "pure-toy" in primes.names(), primes.names()
    print(json.dumps(primes.get("pure-toy")(10)))
    config = RunConfig(implementations=names, quick=True, studies=("sweep",),
                       tools=Tools(Path(sys.executable), Path(sys.executable).parent, Path("/x")))
    benchmarks = []
    for name in names:
        kind = config.kinds()[name]
        for count in config.counts_for(name):
            data = [1e-8 * count * (1 + k / 100) * (2 if name == "pure-toy" else 1)
                    for k in range(5)]
            benchmarks.append({
                "group": f"first_n({count})", "name": f"test_first_n[{name}-{count}]",
                "fullname": f"suite::test_first_n[{name}-{count}]",
                "params": {"name": name, "count": count}, "param": f"{name}-{count}",
                "extra_info": {"implementation": name, "language": kind.language,
                               "algorithm": kind.algorithm, "count": count},
                "options": {},
                "stats": {"min": min(data), "max": max(data), "mean": statistics.mean(data),
                          "stddev": statistics.stdev(data), "rounds": len(data),
                          "median": statistics.median(data), "iqr": 0.0, "q1": 0.0,
                          "q3": 0.0, "iqr_outliers": 0, "stddev_outliers": 0,
                          "outliers": "0;0", "ld15iqr": min(data), "hd15iqr": max(data),
                          "ops": 1 / statistics.mean(data), "total": sum(data),
                          "iterations": 1, "data": data},
            })
    raw = out / "raw"
    raw.mkdir(parents=True)
    (raw / "pytest-benchmark.json").write_text(json.dumps({
        "machine_info": {}, "commit_info": {}, "benchmarks": benchmarks,
        "datetime": "2026-01-01T00:00:00", "version": "5.3.1"}))
    Manifest(mode="quick", argv=["python -m bench"], started_utc="now",
             implementations=list(names), kinds=config.kinds(),
             studies={"sweep": StudyRecord("sweep", "sweep",
                                           files=["pytest-benchmark.json"])}).write(raw)
    report.generate(raw, out)
    """
)


@pytest.mark.slow
def test_a_new_implementation_is_its_module_and_one_registry_entry(tmp_path: Path) -> None:
    package = tmp_path / "scratch" / "primes"
    shutil.copytree(Path(primes.__file__).parent, package)
    (package / "toy.py").write_text(TOY)
    registry = package / "registry.py"
    text = registry.read_text()
    entry = '    Implementation("pure-naive", "pure", "naive", "primes.naive"),\n'
    assert entry in text
    registry.write_text(
        text.replace(
            entry, entry + '    Implementation("pure-toy", "pure", "naive", "primes.toy"),\n'
        )
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": f"{package.parent}{os.pathsep}{REPO}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == first_primes(10)
    report = (out / "REPORT.md").read_text()
    assert "`pure-toy`" in report
    assert "pure-toy" in (out / "plots" / "scaling.svg").read_text()
