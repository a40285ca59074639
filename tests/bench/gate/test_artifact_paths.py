"""The callgrind outputs the gate keeps for CI to upload name neither the checkout's folder nor
the home directory (`bench.gate.artifact_paths`); test_switch.py reads real kept profiles."""

from __future__ import annotations

from pathlib import Path

from bench.gate import artifact_paths


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
