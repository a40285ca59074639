"""scripts/ci-perf's choice of base commit, which perf.yml and .ci/run measure against: HEAD's
first parent, on a scratch repository whose commits are known. (Its `check` runs the gate, whose
end-to-end tests are in tests/bench/gate/.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bench import paths

SCRIPT = paths.REPO / "scripts" / "ci-perf"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _commit(repo: Path, message: str) -> str:
    _git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding scripts/ci-perf, which works on the repository it is in."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(SCRIPT, tmp_path / "scripts" / "ci-perf")
    _git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def _base(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    output = repo / "github-output"
    output.unlink(missing_ok=True)
    environment = {**os.environ, "GITHUB_OUTPUT": str(output)}
    return subprocess.run(
        [str(repo / "scripts" / "ci-perf"), "base", *args],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_base_is_heads_parent_and_github_gets_it(repo: Path) -> None:
    first = _commit(repo, "first")
    done = _base(repo)
    assert done.returncode == 1 and "HEAD has no parent in this clone" in done.stderr
    second = _commit(repo, "second")
    done = _base(repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{first}\n"
    assert (repo / "github-output").read_text() == f"sha={first}\n"
    assert f"parent of {second}" in done.stderr


def test_a_pull_requests_base_is_its_merge_commits_first_parent(repo: Path) -> None:
    _commit(repo, "first")
    _git(repo, "checkout", "-q", "-b", "pr")
    head = _commit(repo, "the pull request")
    _git(repo, "checkout", "-q", "main")
    moved = _commit(repo, "main moved on since")
    done = _base(repo, "--pull-request")
    assert done.returncode == 1
    assert "is not a merge of two commits" in done.stderr and not done.stdout
    assert not (repo / "github-output").exists()
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge", "pr")
    done = _base(repo, "--pull-request")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{moved}\n"
    assert f"the pull request's head is {head}" in done.stderr


def test_bad_usage_says_how_to_use_it(repo: Path) -> None:
    for args in ([], ["nonsense"], ["base", "--outputs", "x"], ["check", "--summary"]):
        done = subprocess.run(
            [str(repo / "scripts" / "ci-perf"), *args], capture_output=True, text=True
        )
        assert done.returncode == 2
        assert done.stderr.startswith("usage: scripts/ci-perf base [--pull-request]\n")
