"""A run's machine: keyed by the cores it could use, so a run under `taskset -c 0` is a machine
of its own, and labelled as the stand-in it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import paths
from bench.run import machine

EPYC = {
    "cpu": {"model": "AMD EPYC", "logical_cores": 2, "usable_cores": 2, "machine": "x86_64"},
    "os": {"system": "Linux"},
    "toolchain": {"python": "3.11.7", "python_implementation": "CPython"},
}


def _with_cpu(**cpu: Any) -> dict[str, Any]:
    return {**EPYC, "cpu": {**EPYC["cpu"], **cpu}}


def test_one_core_of_a_machine_is_labelled_a_stand_in_for_a_second_one() -> None:
    one = _with_cpu(usable_cores=1)
    assert machine.slug(one) == "amd-epyc-1c-linux-x86_64-py3.11"
    expected = (
        "one core of amd-epyc-2c-linux-x86_64-py3.11 (taskset), a stand-in for a second machine"
    )
    assert machine.stand_in(one) == machine.label(one) == expected
    assert machine.stand_in(_with_cpu(logical_cores=8, usable_cores=3)) == (
        "3 cores of amd-epyc-8c-linux-x86_64-py3.11 (taskset), a stand-in for a second machine"
    )


def test_a_machine_used_whole_is_labelled_by_what_it_is() -> None:
    assert machine.stand_in(EPYC) is None
    assert machine.label(EPYC) == "AMD EPYC, 2 cores, Linux x86_64, Python 3.11.7"
    # macOS has no CPU affinity: only the machine's count is recorded.
    mac = {
        "cpu": {"model": "Apple M1", "logical_cores": 3, "usable_cores": None, "machine": "arm64"},
        "os": {"system": "Darwin"},
        "toolchain": {"python": "3.11.9"},
    }
    assert machine.stand_in(mac) is None
    assert machine.label(mac) == "Apple M1, 3 cores, Darwin arm64, Python 3.11.9"
    assert machine.label({"cpu": {"model": "AMD EPYC"}}) == "AMD EPYC"
    assert machine.label({}) == "an unknown machine"


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs CPU affinity (Linux) and two usable cores to restrict a process to one",
)
def test_a_process_restricted_to_one_core_is_keyed_by_it() -> None:
    """What `taskset -c 0` does, done by the child itself: the slug counts the affinity."""
    core = min(os.sched_getaffinity(0))
    program = (
        f"import os, sys; os.sched_setaffinity(0, {{{core}}}); from bench.run import machine; "
        "facts = machine.here(__import__('pathlib').Path(sys.executable)); "
        "print(machine.slug(facts)); print(machine.label(facts))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=paths.REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    slug, label = done.stdout.splitlines()
    whole = machine.slug(machine.here(Path(sys.executable)))
    cores = len(os.sched_getaffinity(0))
    assert f"-{cores}c-" in whole and slug == whole.replace(f"-{cores}c-", "-1c-", 1)
    assert label.startswith("one core of ") and label.endswith("a stand-in for a second machine")
