"""scripts/publish, as `make publish` runs it: a directory that holds no run is refused in one
line, and nothing is listed for git (publishing itself: tests/bench/run/test_publish.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench import paths


def test_a_missing_run_is_refused_in_one_line_before_git_is_asked(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(paths.REPO / "scripts" / "publish"), str(tmp_path / "nowhere")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    # Then the runs there are to publish, or how to make one: this clone's own results/machines/.
    assert done.stderr.startswith("publish: nowhere/ does not exist; ")
    assert done.stderr.count("\n") == 1
