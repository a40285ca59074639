"""The `count` argument every `first_n` and every buffer twin takes like range() does: the
index-like values it accepts with the primes they give, and the values it refuses with the
exception and message it must raise."""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import pytest

#: (count, the primes it gives).
INDEX_LIKE = [
    pytest.param(True, [2], id="True"),
    pytest.param(False, [], id="False"),
    pytest.param(np.int64(3), [2, 3, 5], id="np.int64"),
    pytest.param(np.uint8(4), [2, 3, 5, 7], id="np.uint8"),
    pytest.param(np.int32(0), [], id="np.int32-zero"),
]

_NOT_AN_INTEGER = (TypeError, "count must be an integer")
_NEGATIVE = (ValueError, "count must be non-negative")
_ABOVE_MAXSIZE = (OverflowError, r"larger than sys\.maxsize")

#: (count, the exception it raises, a regular expression its message matches).
REFUSED = [
    pytest.param(3.0, *_NOT_AN_INTEGER, id="float"),
    pytest.param(2.5, *_NOT_AN_INTEGER, id="fraction-float"),
    pytest.param("3", *_NOT_AN_INTEGER, id="str"),
    pytest.param(b"3", *_NOT_AN_INTEGER, id="bytes"),
    pytest.param(None, *_NOT_AN_INTEGER, id="None"),
    pytest.param(Fraction(3), *_NOT_AN_INTEGER, id="Fraction"),
    pytest.param(np.float64(3.0), *_NOT_AN_INTEGER, id="np.float64"),
    pytest.param([3], *_NOT_AN_INTEGER, id="list"),
    pytest.param(-1, *_NEGATIVE, id="-1"),
    pytest.param(-(10**30), *_NEGATIVE, id="-1e30"),
    pytest.param(np.int64(-5), *_NEGATIVE, id="np.int64-negative"),
    pytest.param(sys.maxsize + 1, *_ABOVE_MAXSIZE, id="maxsize+1"),
    pytest.param(2**64, *_ABOVE_MAXSIZE, id="2**64"),
    pytest.param(10**30, *_ABOVE_MAXSIZE, id="1e30"),
]
