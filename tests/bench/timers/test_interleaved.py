"""The interleaved in-process timer: calibrated loops, one sample of every case per round."""

from __future__ import annotations

import time

from bench.timers.interleaved import calibrate, interleaved


def test_calibration_gives_slow_cases_fewer_loops() -> None:
    fast = calibrate(lambda: None, 0.005)
    slow = calibrate(lambda: time.sleep(0.001), 0.005)
    assert fast > 100 * slow
    assert 1 <= slow <= 10


def test_interleaved_times_every_case_once_per_round() -> None:
    calls = {"a": 0, "b": 0}

    def case(name: str) -> None:
        calls[name] += 1

    timed = interleaved({"a": lambda: case("a"), "b": lambda: case("b")}, rounds=4, target=0.001)
    assert set(timed) == {"a", "b"}
    for samples in timed.values():
        assert len(samples.seconds) == 4
        assert all(seconds > 0 for seconds in samples.seconds)


def test_before_sample_runs_before_every_sample_and_not_during_calibration() -> None:
    order: list[str] = []
    timed = interleaved(
        {"a": lambda: order.append("a"), "b": lambda: order.append("b")},
        rounds=3,
        target=0.0001,
        before_sample=lambda: order.append("|"),
    )
    loops = {name: samples.loops for name, samples in timed.items()}
    # Calibration's calls come first, with no marker among them.
    calibration = order[: order.index("|")]
    assert set(calibration) == {"a", "b"}
    samples = "".join(order[len(calibration) :]).split("|")[1:]
    assert len(samples) == 3 * 2
    for sample in samples:
        (name,) = set(sample)
        assert len(sample) == loops[name]
