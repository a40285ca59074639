"""What a report must never print as a figure, for the tests that check it never does."""

from __future__ import annotations

import re

#: What must never be printed as a figure: a negative duration, a negative or zero speed-up,
#: a share above 100%.
IMPOSSIBLE = (
    re.compile(r"[−-]\d[\d.,]* ?(?:ns|µs|ms|s)\b"),
    re.compile(r"(?<![\w.])[−-]\d[\d.,]*x\b"),
    re.compile(r"(?<![\d.])0(?:\.0+)?x\b"),
    re.compile(r"\b(?:10[1-9]|1[1-9]\d|[2-9]\d\d|\d{4,})%"),
)


def impossible(text: str) -> list[str]:
    return [match.group() for pattern in IMPOSSIBLE for match in pattern.finditer(text)]
