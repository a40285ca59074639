"""`environment.json`: what `bench.environment.collect` found, as written at the end of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.raw.layout import ENVIRONMENT


def write(raw_dir: Path, environment: dict[str, Any]) -> None:
    text = json.dumps(environment, indent=2) + "\n"
    (raw_dir / ENVIRONMENT).write_text(text, encoding="utf-8")


def read(raw_dir: Path) -> dict[str, Any]:
    """The environment of the run in `raw_dir`; empty when the run did not record one."""
    path = raw_dir / ENVIRONMENT
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
