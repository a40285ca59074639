"""The README's verdict: the block between two marker comments in README.md, written from the
published run in results/reference/raw/ when it is published (`make publish`) or its report
regenerated (`make report`), never by a run, which writes its own directory. So the README's
numbers are always tool-written from committed raw data; tests/bench/report/test_readme.py
fails on a hand edit.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import paths
from bench.paths import machine_slug
from bench.report import markdown
from bench.report.document import Block, BulletList, Paragraph
from bench.report.rawrun import RawRun
from bench.report.sections import verdict
from bench.report.wording import busy_warning

README = paths.REPO / "README.md"
BEGIN = "<!-- verdict:begin -->"
END = "<!-- verdict:end -->"
NOTE = (
    "<!-- Written by `make publish` and `make report` from results/reference/raw/; "
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
        "From the published run in [`results/reference/`](results/reference/REPORT.md) "
        f"({run.manifest.mode} mode, {run.manifest.started_utc[:10]}, "
        f"{cpu.get('model', 'an unknown CPU')}, {cpu.get('usable_cores', '?')} cores usable; "
        f"machine `{machine_slug(run.environment)}`); every figure is a ratio of medians with "
        "its 95% bootstrap interval. Your machine's run goes to `results/machines/`."
    )
    warning = busy_warning(run)
    if warning:
        context += f" {warning}"
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


def prepare(
    raw_dir: Path, out_dir: Path, readme: Path = README, *, reference: Path = paths.REFERENCE
) -> Pending | None:
    """README's new verdict from `raw_dir`, ready to commit, when `out_dir` is the published
    reference and the verdict changed; None otherwise (a report written anywhere else leaves
    README.md alone)."""
    if out_dir.resolve() != reference.resolve():
        return None
    text = readme.read_text(encoding="utf-8")
    new = replace(text, block(raw_dir))
    return Pending(readme, new) if new != text else None


def update(
    raw_dir: Path, out_dir: Path, readme: Path = README, *, reference: Path = paths.REFERENCE
) -> Path | None:
    """Rewrite `readme`'s verdict from `raw_dir` when `out_dir` is the published reference
    (returns `readme`); a report written anywhere else leaves it alone (returns None)."""
    if out_dir.resolve() != reference.resolve():
        return None
    pending = prepare(raw_dir, out_dir, readme, reference=reference)
    if pending is not None:
        try:
            pending.commit()
        finally:
            pending.discard()
    return readme


def follow(raw_dir: Path, out_dir: Path, say: Callable[[str], None]) -> list[Path]:
    """`update`, for a caller that has written a report: a README it cannot update is said
    (one line), not a failure of the report already written."""
    try:
        written = update(raw_dir, out_dir)
    except (ReadmeError, OSError) as err:
        say(f"README.md not updated: {err}")
        return []
    return [] if written is None else [written]
