"""The fixed cost of every whole-process run: interpreter start-up, the import of each
implementation's module, and each talk script doing no work (`primes-fast 0`) beside the same
script doing the talk's work (`primes-fast 5000`).

Both counts go into one hyperfine run, so the share of a process that is start-up is a ratio
of two timings taken minutes, not a study, apart; taken from different studies, a machine
that got busier in between made `primes-fast 0` slower than `primes-fast 5000`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.check.checker import last_line
from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.slides import SCRIPTS
from bench.studies.base import StudyContext
from bench.studies.talk import script_command, talk_scripts

#: `primes-fast-rust` is the same entry point as `primes-fast`; timing both adds nothing.
_SCRIPTS_AT_ZERO = ("primes", "primes-fast", "primes-fast-cython")


class StartupStudy:
    name = layout.STARTUP
    title = "Start-up and import cost"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes  # here, not at the top: the report imports this package without a build

        record = StudyRecord(self.name, self.title)
        tools = ctx.config.tools
        python = str(tools.command(tools.python))
        commands = [
            CommandSpec("python -c pass", (python, "-c", "pass"), {"kind": "interpreter"}),
        ]
        modules: dict[str, list[str]] = {}
        for name in ctx.config.implementations:
            modules.setdefault(primes.implementation(name).module, []).append(name)
        for module, names in modules.items():
            command = CommandSpec(
                f"python -c 'import {module}'",
                (python, "-c", f"import {module}"),
                {"kind": "import", "module": module, "implementations": ",".join(names)},
            )
            problem = _fails(command, tools.repo)
            if problem:
                record.notes.append(f"{command.label}: not timed, {problem}")
            else:
                commands.append(command)
        scripts = [(script, count) for count in (0, TALK_COUNT) for script in _SCRIPTS_AT_ZERO]
        if layout.TALK in ctx.config.studies:
            scripts += [(script, TALK_COUNT) for script in talk_scripts()]
        for script, count in dict.fromkeys(scripts):
            implementation = SCRIPTS[script]
            if implementation not in ctx.config.implementations:
                continue
            command = script_command(ctx, script, implementation, count)
            check = ctx.checker.check_command(command.label, command.argv, count)
            if not ctx.refused(record, command.label, [check]):
                commands.append(command)
        ctx.hyperfine(record, layout.STARTUP, self.title, commands)
        return record


def _fails(command: CommandSpec, cwd: Path) -> str | None:
    """Why the command cannot be timed (hyperfine would abort the whole run), or None. Run
    from `cwd`, where hyperfine runs it: its program is named relative to it."""
    done = subprocess.run(command.argv, capture_output=True, text=True, check=False, cwd=cwd)
    if done.returncode == 0:
        return None
    return f"exits with status {done.returncode}: {last_line(done.stderr)}"


STUDY = StartupStudy()
