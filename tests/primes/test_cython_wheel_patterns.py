"""The Cython wheel's pre-sieve patterns, written as C constants at build time, against the
definition: bit k of byte i is set when 30i + RESIDUES[k] shares no factor with the group's
primes (a gcd, not the generator's modular stepping). The wheel's results are checked against
the oracle elsewhere; this names the culprit when a pattern is wrong."""

from __future__ import annotations

import importlib.util
import math
import re
from types import ModuleType

from bench.paths import REPO

RESIDUES = (1, 7, 11, 13, 17, 19, 23, 29)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "wheel_patterns", REPO / "cython/wheel_patterns.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_groups_cover_the_primes_7_to_149_each_once_with_periods_below_64_kib() -> None:
    groups = _generator().GROUPS
    covered = [p for group in groups for p in group]
    assert covered == [p for p in range(7, 150) if all(p % d for d in range(2, p))]
    assert all(math.prod(group) < 64 * 1024 for group in groups)


def test_each_pattern_clears_exactly_the_numbers_with_a_factor_in_its_group() -> None:
    generator = _generator()
    for group in generator.GROUPS:
        product = math.prod(group)
        pattern = generator.pattern(group)
        assert len(pattern) == product
        for i, byte in enumerate(pattern):
            for k, r in enumerate(RESIDUES):
                assert bool(byte >> k & 1) == (math.gcd(30 * i + r, product) == 1), (group, i, k)


def test_the_header_holds_every_pattern_in_order_as_c_constants() -> None:
    generator = _generator()
    text = generator.header()
    body = text.split("WHEEL_PATTERNS[] = {", 1)[1].split("};", 1)[0]
    values = bytes(int(v) for v in re.findall(r"\d+", body))
    assert values == b"".join(generator.pattern(group) for group in generator.GROUPS)
    lengths = re.search(r"WHEEL_PATTERN_LENGTH\[\] = \{([^}]*)\}", text)
    assert lengths is not None
    assert [int(v) for v in lengths.group(1).split(",")] == [math.prod(g) for g in generator.GROUPS]
    assert f"#define WHEEL_PATTERNS_BYTES {len(values)}" in text
