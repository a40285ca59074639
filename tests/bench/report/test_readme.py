"""README.md's verdict block and results/reference/'s report are tool-written from the published
results/reference/raw/: a hand edit fails here, and only a report of results/reference/
rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_run import run_folder

from bench import paths
from bench.report import readme
from bench.report.sections import verdict

COMMITTED = paths.REFERENCE / "raw"
needs_committed_run = pytest.mark.skipif(
    not (COMMITTED / "manifest.json").exists(), reason="no published results/reference/raw yet"
)


@needs_committed_run
def test_the_readme_verdict_is_what_the_generator_writes_from_committed_raw() -> None:
    text = readme.README.read_text(encoding="utf-8")
    expected = readme.block(COMMITTED)
    assert expected in text, (
        "README.md's verdict block differs from what `python -m bench.report` writes from "
        "results/reference/raw/: run `make report` rather than editing it"
    )


@needs_committed_run
def test_the_published_report_is_what_the_report_code_writes_from_its_raw_files() -> None:
    from bench import report

    files = report.render(report.build(COMMITTED, report_dir=paths.REFERENCE))
    stale = [
        name
        for name, text in files.items()
        if (paths.REFERENCE / name).read_text(encoding="utf-8") != text
    ]
    assert stale == [], "results/reference/ differs from its raw files' report: run `make report`"
    # Every plot the report draws is committed, and none it no longer draws.
    drawn = {name for name in files if name.startswith("plots/")}
    committed = {f"plots/{path.name}" for path in (paths.REFERENCE / "plots").iterdir()}
    assert committed == drawn


def test_the_verdict_follows_the_two_commands() -> None:
    text = readme.README.read_text(encoding="utf-8")
    commands = text.index("## Two commands")
    assert commands < text.index(readme.BEGIN) < text.index(readme.END)
    # Nothing but the verdict's own heading between the two commands' section and the block.
    between = text[commands : text.index(readme.BEGIN)]
    assert between.count("\n## ") == 1 and "## The verdict" in between


@needs_committed_run
def test_the_block_holds_each_claim_of_the_committed_run() -> None:
    from bench.report.rawrun import RawRun

    block = readme.block(COMMITTED)
    bullets, summary = verdict.items(RawRun(COMMITTED))
    assert block.startswith(readme.BEGIN) and block.endswith(readme.END)
    for bullet in bullets:
        assert f"\n- {bullet}\n" in block
    if summary:
        assert summary in block
    assert "[`results/reference/`](results/reference/REPORT.md)" in block


def test_the_block_names_the_machine_its_run_measured(tmp_path: Path) -> None:
    # A made-up run: a 2-core "Made-up CPU", Linux x86_64, CPython 3.11.7.
    block = readme.block(run_folder(tmp_path / "run") / "raw")
    assert "Made-up CPU, 2 cores usable; machine `made-up-2c-linux-x86_64-py3.11`)" in block


def test_replace_swaps_only_the_marked_block() -> None:
    text = f"# T\n\nbefore\n\n{readme.BEGIN}\nold\n{readme.END}\n\nafter\n"
    new = f"{readme.BEGIN}\nnew\n{readme.END}"
    assert readme.replace(text, new) == f"# T\n\nbefore\n\n{new}\n\nafter\n"


@pytest.mark.parametrize(
    "text",
    ["no markers", f"{readme.BEGIN}\na\n{readme.END}\n{readme.BEGIN}\nb\n{readme.END}\n"],
)
def test_a_readme_without_exactly_one_block_is_refused(text: str) -> None:
    with pytest.raises(readme.ReadmeError, match="needs one"):
        readme.replace(text, "x")


@needs_committed_run
def test_only_a_report_of_the_reference_rewrites_the_readme(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    stale = f"# T\n\n{readme.BEGIN}\nstale\n{readme.END}\n"
    copy.write_text(stale, encoding="utf-8")
    # A scratch or quick run, written elsewhere: the README is left alone.
    assert readme.update(COMMITTED, tmp_path, copy) is None
    assert copy.read_text(encoding="utf-8") == stale
    # A report written into results/ itself (the layout before machines): left alone too.
    assert readme.update(COMMITTED, paths.RESULTS, copy) is None
    # The published results/reference/: the block is rewritten, the rest kept.
    assert readme.update(COMMITTED, paths.REFERENCE, copy) == copy
    assert copy.read_text(encoding="utf-8") == f"# T\n\n{readme.block(COMMITTED)}\n"


def test_a_readme_it_cannot_update_is_said_not_raised(tmp_path: Path) -> None:
    said: list[str] = []
    assert readme.follow(tmp_path / "raw", tmp_path, said.append) == []
    assert said == []  # elsewhere: nothing to do, nothing to say
