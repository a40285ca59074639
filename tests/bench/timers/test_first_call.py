"""The first-call timer: a fresh interpreter imports, calls once, then calls until its budget."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from bench.paths import REPO
from bench.timers import first_call_child
from bench.timers.errors import MeasurementError
from bench.timers.first_call import SteadyCalls, measure

PYTHON = Path(sys.executable)


def test_a_fresh_process_reports_import_first_and_steady_calls() -> None:
    # range(n) has n elements and equals every later range(n): the child's own check passes.
    process = measure(PYTHON, "builtins", "range", 7, SteadyCalls(3, 0.0, 10), cwd=REPO)
    assert len(process.steady) == 3  # no time budget: exactly the minimum
    assert process.import_seconds > 0
    assert process.first_call > 0
    assert all(seconds > 0 for seconds in process.steady)


def test_the_steady_calls_stop_at_their_maximum() -> None:
    process = measure(PYTHON, "builtins", "range", 7, SteadyCalls(1, 60.0, 4), cwd=REPO)
    assert len(process.steady) == 4


def test_a_module_that_cannot_be_imported_is_a_measurement_error() -> None:
    with pytest.raises(MeasurementError, match=r"no_such_module\.first_n\(5\).*ModuleNotFound"):
        measure(PYTHON, "no_such_module", "first_n", 5, SteadyCalls(1, 0.0, 1), cwd=REPO)


def test_the_child_refuses_a_first_call_unlike_the_later_ones(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = []

    def first_n(count: int) -> list[int]:
        calls.append(count)
        return list(range(count + (len(calls) > 1)))  # later calls return one more

    monkeypatch.setitem(sys.modules, "fake_jit", types.SimpleNamespace(first_n=first_n))
    assert first_call_child.main(["fake_jit", "first_n", "4", "2", "0", "5"]) == 1
    assert "differ" in capsys.readouterr().err


def test_the_child_prints_one_json_object(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = types.SimpleNamespace(first_n=lambda count: list(range(count)))
    monkeypatch.setitem(sys.modules, "fake_fast", module)
    assert first_call_child.main(["fake_fast", "first_n", "4", "2", "0", "5"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"import_seconds", "first_call", "steady"}
    assert len(printed["steady"]) == 2
