"""scripts/ holds programs a person or CI runs by name: each one is run by the Makefile, a
workflow or .ci/run, and listed in README's table of scripts."""

from __future__ import annotations

import os

from bench import paths

SCRIPTS = paths.REPO / "scripts"
CALLERS = [
    paths.REPO / "Makefile",
    paths.REPO / ".ci" / "run",
    *sorted((paths.REPO / ".github" / "workflows").glob("*.yml")),
]


def test_every_script_is_executable_run_by_a_caller_and_in_readme() -> None:
    scripts = sorted(path for path in SCRIPTS.iterdir() if path.is_file())
    assert scripts, "scripts/ is empty"
    callers = {caller.relative_to(paths.REPO): caller.read_text() for caller in CALLERS}
    readme = (paths.REPO / "README.md").read_text()
    for script in scripts:
        name = f"scripts/{script.name}"
        assert os.access(script, os.X_OK), f"{name} is not executable"
        assert any(f"{name} " in text or f"{name}\n" in text for text in callers.values()), (
            f"{name}: nothing runs it (Makefile, .ci/run, .github/workflows)"
        )
        assert f"| `{name}" in readme, f"{name} is missing from README's table of scripts"
