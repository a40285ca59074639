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
    # Written by `make annotate` into results/annotate/: beside a report in results/ (older
    # layouts, --out results) or one level up from results/reference/; linked when present.
    for link in ("annotate/index.html", "../annotate/index.html"):
        if (run.report_dir / link).exists():
            extra.append(
                Paragraph(
                    "Cython's annotated sources (which lines still call the Python C-API): "
                    f"[`{link.removeprefix('../')}`]({link})."
                )
            )
            break
    return [
        Heading("Reproducing"),
        Paragraph(
            f"This was a quick run (`make bench-quick`), measured for {minutes}; "
            "`make bench` measures the full set of counts and runs."
            if quick
            else f"This was a full run (`make bench`), measured for {minutes}."
        ),
        Code(
            "make bench         # set-up, then measure everything into results/machines/MACHINE/\n"
            "make bench-quick   # the same pipeline, fewer counts and runs, into results/scratch/\n"
            "make publish       # make this machine's run the reference, results/reference/\n"
            "make report        # regenerate the reference's report from results/reference/raw/\n"
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
