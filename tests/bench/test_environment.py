"""What the driver and the gate record about the CPU: the keys environment.json, the report's
environment table and the gate's flat view read."""

from __future__ import annotations

import os

from bench import environment


def test_the_cpu_record_keeps_its_keys() -> None:
    found = environment.cpu()
    assert list(found) == [
        "machine", "logical_cores", "usable_cores", "model", "physical_cores",
        "flags_of_interest", "frequency_governor",
    ]  # fmt: skip
    assert found["logical_cores"] == os.cpu_count()
    assert found["physical_cores"] is None or 1 <= found["physical_cores"] <= os.cpu_count()
    assert set(found["flags_of_interest"]) <= set(environment.INTERESTING_CPU_FLAGS)
    assert found["model"] is None or isinstance(found["model"], str)
