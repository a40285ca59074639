"""Raw results -> REPORT.md, report.html and plots/. Reads the raw directory only; measures
nothing. Entry point: `python -m bench.report` (`make report`)."""

from __future__ import annotations

from pathlib import Path

from bench.report import html, markdown
from bench.report.document import Block, Figure
from bench.report.rawrun import RawRun

MARKDOWN = "REPORT.md"
HTML = "report.html"
PLOTS = "plots"
#: What `generate` writes into the output directory.
OUTPUTS = (MARKDOWN, HTML, PLOTS)


def build(raw_dir: Path, *, report_dir: Path | None = None) -> list[Block]:
    from bench.report.sections import SECTIONS

    run = RawRun(raw_dir, report_dir=report_dir)
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks += section(run)
    return blocks


def generate(raw_dir: Path, out_dir: Path, *, published_dir: Path | None = None) -> list[Path]:
    """Write the report of `raw_dir` into `out_dir`; returns the files written.

    Links in the report point at `raw/...`, so `raw_dir` is normally `out_dir/raw`. When the
    report is written somewhere to be moved later, `published_dir` is where it will live.
    """
    from bench.report.sections.overview import TITLE

    blocks = build(raw_dir, report_dir=published_dir or out_dir)
    plots = out_dir / PLOTS
    plots.mkdir(parents=True, exist_ok=True)
    written = []
    figures = [block for block in blocks if isinstance(block, Figure)]
    for figure in figures:
        path = plots / f"{figure.name}.svg"
        path.write_text(figure.svg, encoding="utf-8")
        written.append(path)
    # Plots of sections that no longer produce one would otherwise linger and mislead.
    for stale in set(plots.glob("*.svg")) - set(written):
        stale.unlink()
    (out_dir / MARKDOWN).write_text(markdown.render(blocks, plots_dir=PLOTS), encoding="utf-8")
    (out_dir / HTML).write_text(html.render(blocks, title=TITLE), encoding="utf-8")
    return [out_dir / MARKDOWN, out_dir / HTML, *written]
