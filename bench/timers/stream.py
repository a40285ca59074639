"""Run a measuring tool with its output copied to a log as it comes, for live progress."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def to_log(
    argv: Sequence[str],
    *,
    cwd: Path,
    log: Path,
    on_line: Callable[[str], None],
    rewrite: Callable[[bytes], bytes] | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run `argv`, write everything it prints to `log` byte for byte (each line through
    `rewrite` when given), call `on_line` with each line as it arrives, and return its exit
    status. `env` replaces the environment when given.

    One pipe for both streams keeps the tool's own order: a warning (stderr) stays under the
    result (stdout) it is about. Ctrl-C or any error kills the child before it propagates.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert process.stdout is not None  # stdout=PIPE above
        try:
            for line in process.stdout:
                out.write(rewrite(line) if rewrite else line)
                on_line(line.decode("utf-8", errors="replace"))
        except BaseException:
            process.kill()
            process.wait()
            raise
        return process.wait()


def tail(log: Path, lines: int) -> list[str]:
    """The last `lines` lines of a log, for an error message."""
    return log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
