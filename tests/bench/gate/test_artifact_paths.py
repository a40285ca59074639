"""The callgrind outputs the gate keeps for CI to upload name neither the checkout's folder nor
the home directory (`bench.gate.artifact_paths`), and still read as the same profile."""

from __future__ import annotations

import sys
from pathlib import Path

import optional_tools
from bench.gate import artifact_paths, callgrind, instructions
from bench.paths import REPO


def test_the_checkout_and_the_home_become_relative(tmp_path: Path) -> None:
    repo = Path("/srv/zebulon-quarles/primes")
    home = Path("/home/zebulon")
    kept = tmp_path / "kept.out"
    kept.write_text(
        f"cmd: {repo}/.venv/bin/python -s -P {repo}/bench/gate/probe.py rust-naive 100\n"
        f"ob=(1) {home}/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0\n"
        f"ob=(2) {repo}/target/perf-gate/base/0123/src/.venv/lib/primes/_lib.so\n"
        "ob=(3) /usr/lib/x86_64-linux-gnu/libc.so.6\n"
        f"fl=(4) /opt{home}/elsewhere.c\n"
        f"fl=(5) {repo}2/other.c\n",
        encoding="utf-8",
    )
    artifact_paths.scrub(kept, repo=repo, home=home)
    assert kept.read_text(encoding="utf-8") == (
        "cmd: .venv/bin/python -s -P bench/gate/probe.py rust-naive 100\n"
        "ob=(1) ~/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0\n"
        "ob=(2) target/perf-gate/base/0123/src/.venv/lib/primes/_lib.so\n"
        "ob=(3) /usr/lib/x86_64-linux-gnu/libc.so.6\n"
        # Only whole roots: a longer path that contains one is another folder.
        f"fl=(4) /opt{home}/elsewhere.c\n"
        f"fl=(5) {repo}2/other.c\n"
    )


@optional_tools.needs("valgrind", optional_tools.valgrind())
def test_a_real_kept_profile_names_neither_the_checkout_nor_the_home(tmp_path: Path) -> None:
    keep = tmp_path / "artifacts"
    valgrind = instructions.find_valgrind()
    instructions.measure({"rust-naive": 200}, python=sys.executable, valgrind=valgrind, keep=keep)
    profiles = instructions.kept_profiles(keep, "rust-naive")
    assert sorted(keep.iterdir()) == sorted([profiles.full, profiles.empty])
    roots = [str(REPO)] + ([str(Path.home())] if Path.home() != Path("/") else [])
    for kept in (profiles.full, profiles.empty):
        text = kept.read_text(encoding="utf-8", errors="surrogateescape")
        assert [root for root in roots if root in text] == []
        assert "\ncmd: " in text
    # The same profile as before: the call's own cost still falls in the extension.
    own = callgrind.call_profile(profiles.full, profiles.empty)
    groups = {callgrind.group_of(function.object) for function in own.costs}
    assert callgrind.EXTENSION in groups
