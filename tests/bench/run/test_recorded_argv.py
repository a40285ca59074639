"""`manifest.json`'s `argv` names no folder outside the repository: a path there keeps its last
part alone, one inside it is relative to the root (`bench.run.cli.recorded_argument`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.paths import REPO
from bench.raw import layout
from bench.run.cli import recorded_argument

FOLDER = "runs-of-zebulon-quarles"


@pytest.mark.parametrize(
    ("argument", "recorded"),
    [
        (f"/home/zebulon/{FOLDER}/out", "…/out"),
        (f"--out=/srv/{FOLDER}/out", "--out=…/out"),
        (f"../{FOLDER}/out", "…/out"),
        ("..", f"…/{Path.cwd().parent.name}"),
        (str(REPO / ".tools" / "bin" / "hyperfine"), ".tools/bin/hyperfine"),
        (f"--hyperfine={REPO}/.tools/bin/hyperfine", "--hyperfine=.tools/bin/hyperfine"),
        (str(REPO), "."),
        ("results/scratch", "results/scratch"),
        ("--quick", "--quick"),
        ("5000", "5000"),
        ("rust-naive", "rust-naive"),
    ],
)
def test_an_argument_is_recorded_without_outside_folders(argument: str, recorded: str) -> None:
    assert recorded_argument(argument) == recorded


@pytest.mark.slow
def test_a_real_manifest_names_no_folder_of_the_out_path(
    tmp_path: Path, run_bench: Callable[..., Path]
) -> None:
    out = tmp_path / FOLDER / "out"
    run_bench(out, "--quick", "--impl", "pure-naive", "--study", "boundary")
    manifest = json.loads((out / "raw" / layout.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["argv"][-2:] == ["--out", "…/out"]
    leaking = [
        str(path.relative_to(out))
        for path in (out / "raw").rglob("*")
        if path.is_file() and FOLDER in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaking == []
