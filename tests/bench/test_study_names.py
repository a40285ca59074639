"""One study, one name: from a study's name (`--study NAME`, its manifest key) a reader finds
its measuring in `bench/studies/NAME.py`, what the report computes from it in
`bench/report/findings/NAME.py`, and the section that prints it in
`bench/report/sections/NAME.py`, which reads the raw files `bench/raw/layout.py` names after
it (`-` becomes `_` in module names)."""

from __future__ import annotations

import importlib
import inspect

import pytest

from bench.raw import layout
from bench.report.sections import SECTIONS
from bench.studies import STUDIES, Study


def _module(study: Study) -> str:
    return study.name.replace("-", "_")


def _layout_names(study: Study) -> list[str]:
    """The layout constants whose value is the study's name (its raw file or folder)."""
    return [key for key, value in vars(layout).items() if key.isupper() and value == study.name]


@pytest.mark.parametrize("study", STUDIES, ids=lambda study: study.name)
def test_a_studys_name_finds_its_measuring_findings_and_section(study: Study) -> None:
    name = _module(study)
    assert type(study).__module__ == f"bench.studies.{name}"
    importlib.import_module(f"bench.report.findings.{name}")
    section = importlib.import_module(f"bench.report.sections.{name}")
    assert section.render in SECTIONS
    constants = _layout_names(study)
    assert constants, f"bench/raw/layout.py names no raw file {study.name!r}"
    # The section reads the study's own files by the layout's name for them.
    source = inspect.getsource(section)
    assert any(f"layout.{constant}" in source for constant in constants), constants
