"""`environment.json`: what `bench.environment.collect` found, as written at the end of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.raw import records
from bench.raw.layout import ENVIRONMENT


class EnvironmentFormatError(ValueError):
    """Not an environment file: not JSON, or not an object."""


def write(raw_dir: Path, environment: dict[str, Any]) -> None:
    records.write(raw_dir / ENVIRONMENT, environment)


def read(raw_dir: Path) -> dict[str, Any]:
    """The environment of the run in `raw_dir`; empty when the run did not record one.

    A free-form object: what it holds is `bench.environment`'s to say, and the report asks
    for each key with a default."""
    path = raw_dir / ENVIRONMENT
    if not path.exists():
        return {}
    return records.read(path, dict[str, Any], EnvironmentFormatError)
