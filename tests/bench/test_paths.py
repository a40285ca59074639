"""Paths as the raw files record them: relative to the repository, never this clone's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.paths import relative_to_repo, shown, without_repo
from bench.studies.config import Tools

REPO = Path("/srv/clone")


def test_inside_the_repository_a_path_is_relative() -> None:
    assert relative_to_repo(REPO / ".venv" / "bin" / "primes", REPO) == Path(".venv/bin/primes")
    assert shown(REPO / ".venv" / "bin" / "python", REPO) == ".venv/bin/python"


def test_outside_it_a_path_stays_absolute() -> None:
    assert relative_to_repo(Path("/srv/clone2/bin/x"), REPO) == Path("/srv/clone2/bin/x")
    assert shown(Path("/usr/bin/python3"), REPO) == "/usr/bin/python3"


def test_under_the_home_directory_a_path_is_shown_from_tilde(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Path, "home", lambda: Path("/home/someone"))
    assert shown(Path("/home/someone/venvs/p/bin/python"), REPO) == "~/venvs/p/bin/python"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rootdir: /srv/clone\n", "rootdir: .\n"),
        ("Python 3.11.7 -- /srv/clone/.venv/bin/python\n", "Python 3.11.7 -- .venv/bin/python\n"),
        ("--out=/srv/clone/results/x", "--out=results/x"),
        ("/srv/clone2/x and /home/srv/clone/x", "/srv/clone2/x and /home/srv/clone/x"),
    ],
)
def test_text_loses_the_repository_path(text: str, expected: str) -> None:
    assert without_repo(text, REPO) == expected


def test_the_tools_name_scripts_as_the_slides_do() -> None:
    tools = Tools(REPO / ".venv/bin/python", REPO / ".venv/bin", REPO / "hf", repo=REPO)
    assert str(tools.script("primes")) == ".venv/bin/primes"
    assert str(tools.command(tools.python)) == ".venv/bin/python"
    # A program directly in the root would be looked up on PATH if named bare.
    assert tools.command(REPO / "hf") == REPO / "hf"
    elsewhere = Tools(Path("/opt/venv/bin/python"), Path("/opt/venv/bin"), REPO / "hf", repo=REPO)
    assert elsewhere.script("primes") == Path("/opt/venv/bin/primes")
