"""Helpers shared by the report sections."""

from __future__ import annotations

from collections.abc import Callable

from bench.report.document import Block, Paragraph
from bench.report.rawrun import RawRun

#: A section turns the raw run into blocks; it must cope with its data being absent.
Section = Callable[[RawRun], list[Block]]


def not_measured(what: str, *studies: str) -> list[Block]:
    options = " ".join(f"--study {study}" for study in studies)
    return [
        Paragraph(
            f"*Not measured in this run:* {what}. Measure it with "
            f"`.venv/bin/python -m bench {options}` (or `make bench`)."
        )
    ]


#: How prose names a language the raw data records; any other is named as recorded.
LANGUAGE_NAMES = {"pure": "pure Python", "rust": "Rust", "cython": "Cython"}


def language_label(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)
