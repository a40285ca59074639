"""`make publish`: make one machine's run the published reference, on purpose.

    .venv/bin/python -m bench.run.publish                 # this machine's results/machines/<slug>/
    .venv/bin/python -m bench.run.publish results/machines/SLUG
    .venv/bin/python -m bench.run.publish --beside results/machines/SLUG

Copies the run's raw/ into `results/reference/raw/`, writes the reference's REPORT.md,
report.html and plots/ from it, and rewrites README.md's verdict from it; nothing else ever
changes them (a run writes its own machine's directory, `bench.run.destination`). It says what
it replaces. The reference is swapped in whole or not at all (`bench.staging`); a partial
run (quick, some implementations or studies) is refused: the verdict needs the full plan.

With --beside, the run is another machine's, kept to be compared with the reference: it goes
to `results/beside/<its machine>/` with its own report, `make compare` shows it beside the
reference, and README's verdict is left alone. A run of the reference's own machine is refused
there (publish it as the reference instead); a quick run is accepted, and its report says so.

Exit status: 0 published, 1 refused or failed (one line saying why), 2 bad usage.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from bench import paths, report, staging
from bench.raw import environment, layout
from bench.raw.manifest import Manifest
from bench.raw.records import RawFileError
from bench.report import readme
from bench.run import lock, machine
from bench.run.destination import shown
from bench.run.errors import RunRefused

RAW = "raw"


class PublishRefused(RunRefused):
    """The run cannot become the reference; the message says why, in one line."""


def describe(raw_dir: Path) -> str:
    """One line naming a run: its mode, date, machine and commit."""
    manifest = Manifest.read(raw_dir)
    env = environment.read(raw_dir)
    git = env.get("git") or {}
    commit = str(git.get("commit") or "")[:10]
    facts = [
        f"{manifest.mode} run of {manifest.started_utc[:10] or 'an unknown date'}",
        f"machine {machine.slug(env)}",
    ]
    if commit:
        facts.append(f"commit {commit}{' (dirty)' if git.get('dirty') else ''}")
    return ", ".join(facts)


def _check(run_dir: Path, *, full: bool = True) -> Path:
    raw = run_dir / RAW
    if not (raw / layout.MANIFEST).exists():
        raise PublishRefused(f"{shown(run_dir)} holds no run ({RAW}/{layout.MANIFEST} is missing)")
    mode = Manifest.read(raw).mode
    if full and mode != "full":
        raise PublishRefused(
            f"{shown(run_dir)} is a {mode} run; only a full run (`make bench`) is published"
        )
    if run_dir.resolve() == paths.REFERENCE.resolve():
        raise PublishRefused(f"{shown(run_dir)} is the reference already")
    return raw


def _install(raw: Path, target: Path, run_dir: Path, say: Callable[[str], None]) -> list[Path]:
    """Copy `raw` into `target` with its report, swapped in whole; returns the files written."""
    target.mkdir(parents=True, exist_ok=True)
    with lock.held(target, ["python -m bench.run.publish", shown(run_dir)], say):
        staging.clean_stale(target, say)
        with staging.workspace(target) as stage:
            shutil.copytree(raw, stage / RAW)
            written = report.generate(stage / RAW, stage, published_dir=target)
            staging.install(stage, target, [RAW, *report.OUTPUTS])
    return [target / path.relative_to(stage) for path in written]


def _previous(target: Path) -> str | None:
    return describe(target / RAW) if (target / RAW / layout.MANIFEST).exists() else None


def publish_beside(
    run_dir: Path,
    say: Callable[[str], None],
    beside: Path = paths.BESIDE,
    reference: Path = paths.REFERENCE,
) -> list[Path]:
    """Keep another machine's run in `beside/<its machine>/`; returns the files written."""
    raw = _check(run_dir, full=False)
    slug = machine.slug(environment.read(raw))
    published = reference / RAW
    if (published / layout.MANIFEST).exists() and slug == machine.slug(environment.read(published)):
        raise PublishRefused(
            f"{shown(run_dir)} is a run of the reference's machine ({slug}); "
            "publish it as the reference (without --beside) instead"
        )
    target = beside / slug
    if run_dir.resolve() == target.resolve():
        raise PublishRefused(f"{shown(run_dir)} is published beside the reference already")
    new, old = describe(raw), _previous(target)
    written = _install(raw, target, run_dir, say)
    say(f"publish: {shown(target)} was {old or 'empty'}")
    say(f"publish: {shown(target)} is now {new}, from {shown(run_dir)}")
    say(f"publish: `make compare` shows it beside the reference; commit {shown(target)}")
    return written


def publish(
    run_dir: Path,
    say: Callable[[str], None],
    reference: Path = paths.REFERENCE,
    readme_path: Path = readme.README,
) -> list[Path]:
    """Make the run in `run_dir` the reference; returns the files written."""
    raw = _check(run_dir)
    new, old = describe(raw), _previous(reference)
    written = _install(raw, reference, run_dir, say)
    rewritten = readme.update(reference / RAW, reference, readme_path, reference=reference)
    written += [rewritten] if rewritten else []
    say(f"publish: {shown(reference)} was {old or 'empty'}")
    say(f"publish: {shown(reference)} is now {new}, from {shown(run_dir)}")
    say(f"publish: README.md's verdict rewritten from it; commit {shown(reference)} and README.md")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run.publish",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument(
        "run",
        type=Path,
        nargs="?",
        help="a run's directory, holding raw/ (default: results/machines/<this machine>/)",
    )
    parser.add_argument(
        "--beside",
        action="store_true",
        help="keep the run in results/beside/<its machine>/ to compare with the reference, "
        "leaving the reference and README alone",
    )
    args = parser.parse_args(argv)
    run_dir: Path = args.run or paths.MACHINES / machine.slug(machine.here(Path(sys.executable)))

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    if not run_dir.is_dir():
        found = paths.MACHINES.glob(f"*/{RAW}/{layout.MANIFEST}")
        runs = sorted(manifest.parent.parent.name for manifest in found)
        have = f"; runs here: {', '.join(runs)}" if runs else "; `make bench` writes one"
        say(f"publish: {shown(run_dir)} does not exist{have}")
        return 1
    try:
        if args.beside:
            publish_beside(run_dir, say)
        else:
            publish(run_dir, say)
    except (RunRefused, RawFileError, readme.ReadmeError) as err:
        say(f"publish: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
