"""Every study `python -m bench` can run, in the order it runs them.

Adding a study: a module here with an object satisfying `bench.studies.base.Study`, one entry
in `STUDIES`, and (for the report) a section in `bench/report/sections/`.
"""

from __future__ import annotations

from bench.studies import (
    boundary,
    costs,
    first_call,
    split,
    startup,
    sweep,
    talk,
    targets,
    threads,
)
from bench.studies.base import Study

STUDIES: tuple[Study, ...] = (
    talk.STUDY,
    startup.STUDY,
    first_call.STUDY,
    sweep.STUDY,
    split.STUDY,
    boundary.STUDY,
    threads.STUDY,
    targets.STUDY,
    costs.STUDY,
)


def by_name(name: str) -> Study:
    for study in STUDIES:
        if study.name == name:
            return study
    valid = ", ".join(study.name for study in STUDIES)
    raise KeyError(f"unknown study {name!r}; choose from: {valid}")
