"""Raw results -> REPORT.md, report.html and plots/. Reads the raw directory only; measures
nothing. Entry point: `python -m bench.report` (`make report`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench import staging
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


def render(blocks: list[Block]) -> dict[str, str]:
    """Every output file's text, by its path relative to the output directory."""
    from bench.report.wording import TITLE

    files = {
        MARKDOWN: markdown.render(blocks, plots_dir=PLOTS),
        HTML: html.render(blocks, title=TITLE),
    }
    for block in blocks:
        if isinstance(block, Figure):
            files[f"{PLOTS}/{block.name}.svg"] = block.svg
    return files


def _write(files: dict[str, str], out_dir: Path, published_dir: Path) -> list[Path]:
    """`files` written under `out_dir`; a file that cannot be written is an OSError naming
    where it was to be published (a write that fails has no file name of its own)."""
    written = []
    for relative, text in files.items():
        path = out_dir / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            reason = err.strerror or str(err)
            raise OSError(err.errno, reason, str(published_dir / relative)) from None
        written.append(path)
    return written


def generate(raw_dir: Path, out_dir: Path, *, published_dir: Path | None = None) -> list[Path]:
    """Write the report of `raw_dir` into `out_dir`, file by file; returns the files written.

    For a directory nobody reads while it is written (a staging directory): see `publish`
    for the report of a directory in use. Links in the report point at `raw/...`, so `raw_dir`
    is normally `out_dir/raw`. When the report is written somewhere to be moved later,
    `published_dir` is where it will live.
    """
    published = published_dir or out_dir
    files = render(build(raw_dir, report_dir=published))
    written = _write(files, out_dir, published)
    # Plots of sections that no longer produce one would otherwise linger and mislead.
    (out_dir / PLOTS).mkdir(exist_ok=True)
    for stale in set((out_dir / PLOTS).glob("*.svg")) - set(written):
        stale.unlink()
    return written


def publish(
    raw_dir: Path, out_dir: Path, on_installed: Callable[[], None] | None = None
) -> list[Path]:
    """Replace the report in `out_dir` by the report of `raw_dir`, all of it or nothing.

    Every raw file is read and every output rendered before anything is written; the outputs
    are written into a staging directory beside them and swapped in together
    (`bench.staging`), so a full disk, an error or Ctrl-C leaves the previous report as it was,
    byte for byte. An output that cannot be written is an OSError naming it as it would have
    been published. `on_installed` runs the moment the new report is in place.
    """
    blocks = build(raw_dir, report_dir=out_dir)
    # Before the plots are drawn, which is most of the work: an output that cannot be a
    # directory is said at once, and a damaged raw file (read by `build`) still first.
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(out_dir))
    files = render(blocks)
    try:
        with staging.workspace(out_dir) as stage:
            (stage / PLOTS).mkdir()  # swapped in even when no section draws a plot
            _write(files, stage, out_dir)
            staging.install(stage, out_dir, OUTPUTS, on_installed=on_installed)
    except OSError as err:
        raise _published(err, out_dir) from None
    return [out_dir / name for name in files]


def _published(err: OSError, out_dir: Path) -> OSError:
    """`err` naming a path the reader knows: a staging directory's file as the output it was
    to become, an error without a file as the output directory."""
    name = err.filename
    if name is None:
        return OSError(err.errno, err.strerror or str(err), str(out_dir))
    path = Path(name)
    inside = path.relative_to(out_dir) if path.is_relative_to(out_dir) else None
    if inside is not None and inside.parts and inside.parts[0].startswith(staging.PREFIX):
        path = out_dir.joinpath(*inside.parts[1:])
        return OSError(err.errno, err.strerror or str(err), str(path))
    return err
