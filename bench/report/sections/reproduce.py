"""How to get these numbers again, and which raw file holds what."""

from __future__ import annotations

from bench.report.document import Block, BulletList, Code, Heading, Paragraph
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    files = []
    for study in run.manifest.studies.values():
        files += [f"[`{f}`](raw/{f}) ({study.name})" for f in study.files]
    seconds = sum(study.seconds for study in run.manifest.studies.values())
    minutes = f"{seconds / 60:.1f} minutes"
    quick = run.manifest.mode == "quick"
    durations = ", ".join(
        f"{study.name} {study.seconds:.0f} s" for study in run.manifest.studies.values()
    )
    extra: list[Block] = []
    # Written by `make annotate` next to the report; linked when present.
    if (run.report_dir / "annotate" / "index.html").exists():
        extra.append(
            Paragraph(
                "Cython's annotated sources (which lines still call the Python C-API): "
                "[`annotate/index.html`](annotate/index.html)."
            )
        )
    return [
        Heading("Reproducing"),
        Paragraph(
            f"This was a quick run (`make bench-quick`), measured for {minutes}; "
            "`make bench` measures the full set of counts and runs."
            if quick
            else f"This was a full run (`make bench`), measured for {minutes}."
        ),
        Code(
            "make bench         # set-up, then measure everything into results/\n"
            "make bench-quick   # the same pipeline, fewer counts and runs, into results/scratch/\n"
            "make report        # regenerate REPORT.md, report.html and plots/ from results/raw/\n"
            ".venv/bin/python -m bench --help"
        ),
        Paragraph(
            "Raw files of this run, as the tools wrote them, plus `manifest.json` (what ran), "
            "`environment.json` and `correctness.json`:"
        ),
        BulletList(tuple(files)),
        Paragraph(f"Time each study took in this run: {durations}."),
        *extra,
    ]
