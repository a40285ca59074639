"""Paths as the raw files record them: relative to the repository, never this clone's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import paths
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


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        ("AMD EPYC", "amd-epyc"),
        ("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", "intel-xeon-gold-6148"),
        ("AMD Ryzen 7 7840U w/ Radeon  780M Graphics", "amd-ryzen-7-7840u-w-radeon-780m-graphics"),
        ("AMD Ryzen 5 5600X 6-Core Processor", "amd-ryzen-5-5600x"),
        ("Apple M2", "apple-m2"),
        (None, "unknown-cpu"),
        ("", "unknown-cpu"),
    ],
)
def test_a_cpu_model_becomes_a_readable_slug(model: str | None, slug: str) -> None:
    assert paths.cpu_slug(model) == slug


def test_the_machine_slug_names_what_the_figures_depend_on() -> None:
    environment = {
        "cpu": {"model": "AMD EPYC", "usable_cores": 1, "logical_cores": 2, "machine": "x86_64"},
        "os": {"system": "Linux"},
        "toolchain": {"python": "3.11.7", "python_implementation": "CPython"},
    }
    # The cores the run could use (taskset -c 0), not the machine's: one core is another machine.
    assert paths.machine_slug(environment) == "amd-epyc-1c-linux-x86_64-py3.11"
    mac = {
        "cpu": {"model": "Apple M2", "logical_cores": 8, "machine": "arm64"},
        "os": {"system": "Darwin"},
        "toolchain": {"python": "3.12.1", "python_implementation": "PyPy"},
    }
    assert paths.machine_slug(mac) == "apple-m2-8c-macos-arm64-pypy3.12"
    assert paths.machine_slug({}) == "unknown-cpu-unknown-cores-unknown-unknown-unknown-python"


@pytest.mark.parametrize(
    ("machine", "flags", "level"),
    [
        ("x86_64", ["sse4_2", "avx", "avx2", "bmi2", "avx512f"], "x86_64-v4"),
        ("x86_64", ["sse4_2", "avx", "avx2", "bmi2"], "x86_64-v3"),
        ("x86_64", ["sse4_2", "avx"], "x86_64-v2"),
        ("x86_64", ["bmi2"], "x86_64-v1"),
        ("x86_64", None, None),  # not recorded: the level is not guessed
        ("x86_64", [], None),
        ("aarch64", ["avx2"], None),
    ],
)
def test_an_x86_cpu_is_named_by_its_level(
    machine: str, flags: list[str] | None, level: str | None
) -> None:
    assert paths.isa_level({"machine": machine, "flags_of_interest": flags}) == level


def test_two_cpus_of_one_name_and_another_generation_are_two_machines() -> None:
    """Virtual machines name the CPU "AMD EPYC" whether it is a Zen 2 or a Zen 4 with AVX-512."""

    def epyc(flags: list[str]) -> dict[str, object]:
        cpu = {"model": "AMD EPYC", "logical_cores": 2, "machine": "x86_64"}
        return {
            "cpu": {**cpu, "usable_cores": 2, "flags_of_interest": flags},
            "os": {"system": "Linux"},
            "toolchain": {"python": "3.11.7", "python_implementation": "CPython"},
        }

    zen2, zen4 = epyc(["sse4_2", "avx", "avx2", "bmi2"]), epyc(["avx2", "avx512f"])
    assert paths.machine_slug(zen2) == "amd-epyc-2c-linux-x86_64-v3-py3.11"
    assert paths.machine_slug(zen4) == "amd-epyc-2c-linux-x86_64-v4-py3.11"
    assert paths.machine_label(zen4) == "AMD EPYC, 2 cores, Linux x86_64-v4, Python 3.11.7"
