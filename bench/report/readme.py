"""The README's verdict: the block between two marker comments in README.md, written from the
committed run in results/raw/ whenever the report of results/ is written (`make report`, a
full `make bench`), never by a run into another directory. So the README's numbers are always
tool-written from committed raw data; tests/bench/report/test_readme.py fails on a hand edit.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import paths
from bench.report import markdown
from bench.report.document import Block, BulletList, Paragraph
from bench.report.rawrun import RawRun
from bench.report.sections import verdict

README = paths.REPO / "README.md"
BEGIN = "<!-- verdict:begin -->"
END = "<!-- verdict:end -->"
NOTE = (
    "<!-- Written by `python -m bench.report` (make report, make bench) from results/raw/; "
    "a hand edit is overwritten, and fails tests/bench/report/test_readme.py. -->"
)
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)


class ReadmeError(Exception):
    """README.md cannot take the verdict (its markers are missing)."""


def block(raw_dir: Path) -> str:
    """The Markdown between (and including) the markers, for the run in `raw_dir`."""
    run = RawRun(raw_dir)
    cpu = run.environment.get("cpu", {})
    bullets, summary = verdict.items(run)
    context = (
        f"From the run committed in [`results/`](results/REPORT.md) ({run.manifest.mode} mode, "
        f"{run.manifest.started_utc[:10]}, {cpu.get('model', 'an unknown CPU')}, "
        f"{cpu.get('usable_cores', '?')} cores usable); every figure is a ratio of medians with "
        "its 95% bootstrap interval."
    )
    blocks: list[Block] = [Paragraph(context), BulletList(tuple(bullets))]
    if summary:
        blocks.append(Paragraph(summary))
    return f"{BEGIN}\n{NOTE}\n\n{markdown.render(blocks)}{END}"


def replace(text: str, new_block: str) -> str:
    """`text` with its marked block replaced by `new_block`."""
    found = _BLOCK.findall(text)
    if len(found) != 1:
        raise ReadmeError(
            f"README.md needs one {BEGIN} … {END} block for the verdict, and has {len(found)}"
        )
    return _BLOCK.sub(lambda _: new_block, text)


class Pending:
    """README.md's new text, written beside it and waiting to replace it with one rename: a
    full disk fails while writing the new text, never half-way through README.md itself."""

    def __init__(self, readme: Path, text: str) -> None:
        self.readme = readme
        handle, name = tempfile.mkstemp(prefix=f".{readme.name}.", dir=readme.parent)
        self._temporary = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            shutil.copymode(readme, self._temporary)
        except BaseException:
            self._temporary.unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        self._temporary.replace(self.readme)

    def discard(self) -> None:
        """Remove the new text if it was not committed."""
        self._temporary.unlink(missing_ok=True)


def prepare(raw_dir: Path, out_dir: Path, readme: Path = README) -> Pending | None:
    """README's new verdict from `raw_dir`, ready to commit, when `out_dir` is the committed
    results/ and the verdict changed; None otherwise (a report written anywhere else leaves
    README.md alone)."""
    if out_dir.resolve() != paths.RESULTS.resolve():
        return None
    text = readme.read_text(encoding="utf-8")
    new = replace(text, block(raw_dir))
    return Pending(readme, new) if new != text else None


def update(raw_dir: Path, out_dir: Path, readme: Path = README) -> Path | None:
    """Rewrite `readme`'s verdict from `raw_dir` when `out_dir` is the committed results/
    (returns `readme`); a report written anywhere else leaves it alone (returns None)."""
    if out_dir.resolve() != paths.RESULTS.resolve():
        return None
    pending = prepare(raw_dir, out_dir, readme)
    if pending is not None:
        try:
            pending.commit()
        finally:
            pending.discard()
    return readme


def follow(raw_dir: Path, out_dir: Path, say: Callable[[str], None]) -> list[Path]:
    """`update`, for a caller that has written results/: a README it cannot update is said
    (one line), not a failure of the report already written."""
    try:
        written = update(raw_dir, out_dir)
    except (ReadmeError, OSError) as err:
        say(f"README.md not updated: {err}")
        return []
    return [] if written is None else [written]
