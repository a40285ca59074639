"""What each choice costs besides speed: source lines, build times, extension sizes, toolchains
and import time, in one table: a row per implementation, and a row per group (a language, or a
distribution of alternatives) for what its implementations share."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from bench.raw import costs, layout
from bench.raw.costs import UNLISTED, Build, Group, SourceCount, Timing
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph, Table
from bench.report.findings.costs import CostFacts, imports
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured

TITLE = "What each choice costs besides speed"
#: Build columns hold CPU seconds (the text says so; a longer header would cut the names at 80
#: columns): on a shared machine a build's wall-clock time moves with
#: its neighbours' load (measured: 43 s and 65 s for two cold Cython builds of 21.1 s and
#: 21.7 s of CPU), its CPU time hardly does.
HEADER = ("implementation", "lines", ".so size", "import", "cold build", "rebuild")
BUILD_HEADER = ("build", "kind", "CPU", "CPU range", "wall", "wall range")
#: A group with nothing to build: what its build cells say.
NOTHING_TO_BUILD = "none"


def _import(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    # A difference of two noisy medians: below a tenth of a millisecond it is noise.
    return fmt.duration(seconds) if seconds >= 1e-4 else "< 0.1 ms"


def _lines(count: SourceCount | None) -> str:
    if count is None:
        return "–"
    if count.code is not None:
        return fmt.count(count.code)
    # Short: the longest name must stay whole in 80 columns; the notes say which file.
    return "missing" if count.problem and count.problem.endswith("not found") else "–"


def _build_cells(build: Build | None) -> tuple[str, str]:
    if build is None:
        return NOTHING_TO_BUILD, NOTHING_TO_BUILD
    return tuple(  # type: ignore[return-value]
        fmt.duration(median(timing.cpu)) if timing is not None and timing.cpu else "–"
        for timing in (build.cold, build.incremental)
    )


def _group_rows(facts: CostFacts, group: Group) -> list[tuple[str, ...]]:
    """The group's own row (what its implementations share), then one per implementation."""
    extensions = facts.extensions(group.key)
    # An extension that several implementations share is a cost of the group, not of each.
    common = [e for e in extensions if len(e.implementations) > 1]
    built = [e.bytes for e in extensions if e.bytes is not None]
    rows: list[tuple[str, ...]] = [
        (
            f"**{group.title}**",
            _lines(facts.shared(group.key)),
            fmt.size(sum(built)) if built else "–",
            _import(facts.import_seconds(common[0])) if len(common) == 1 else "–",
            *_build_cells(facts.build(group.key)),
        )
    ]
    for name in group.implementations:
        own = next((e for e in extensions if e.implementations == (name,)), None)
        rows.append(
            (
                # No backticks: the terminal would show them, and the longest name
                # (cython-untyped-naive) must fit an 80-column table whole.
                name,
                _lines(facts.own(name)),
                fmt.size(own.bytes) if own is not None and own.bytes is not None else "–",
                _import(facts.import_seconds(own)),
                "",
                "",
            )
        )
    return rows


def _source_note(facts: CostFacts, source: SourceCount) -> str | None:
    if source.kind == "shared":
        subject = f"{_group_title(facts, source.group)}, shared code"
    else:
        subject = f"`{source.subject}`"
    if source.group == UNLISTED:
        return f"{subject}: {source.note}"
    parts = [source.problem] if source.problem is not None else []
    if not source.registered:
        parts.append("not in the registry yet")
    if source.note:
        parts.append(source.note)
    return f"{subject}: {'; '.join(parts)}" if parts else None


def _notes(facts: CostFacts) -> list[str]:
    """Every row that shows no figure where one could be, and why; what a row counts."""
    notes = [note for s in facts.data.sources if (note := _source_note(facts, s)) is not None]
    notes += [f"{g.title}: {g.note}" for g in facts.data.groups if g.note]
    notes += [f"`{e.module}`: {e.problem}" for e in facts.data.extensions if e.problem]
    if not facts.data.quick:
        notes += [
            f"{_group_title(facts, b.group)} build: {b.problem}"
            for b in facts.data.builds
            if b.problem
        ]
    return notes


def _group_title(facts: CostFacts, key: str) -> str:
    return next((g.title for g in facts.data.groups if g.key == key), key)


def _timing_rows(facts: CostFacts) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for build in facts.data.builds:
        kinds: Sequence[tuple[str, Timing | None]] = (
            ("cold", build.cold),
            ("rebuild", build.incremental),
        )
        for kind, timing in kinds:
            if timing is None:
                continue
            rows.append(
                (
                    _group_title(facts, build.group),
                    kind,
                    fmt.duration(median(timing.cpu)) if timing.cpu else "–",
                    _range(timing.cpu),
                    fmt.duration(median(timing.wall)),
                    _range(timing.wall),
                )
            )
    return rows


def _range(seconds: Sequence[float]) -> str:
    """ "–" for one build or none: a range needs two."""
    return f"{min(seconds):.1f}–{max(seconds):.1f} s" if len(seconds) > 1 else "–"


def _size_rows(facts: CostFacts) -> list[tuple[str, ...]]:
    return [
        (
            f"`{e.module}`",
            ", ".join(e.implementations),
            fmt.size(e.bytes),
            fmt.size(e.without_debug_info) if e.without_debug_info is not None else "–",
        )
        for e in facts.data.extensions
        if e.bytes is not None
    ]


def _tool_rows(facts: CostFacts) -> list[tuple[str, ...]]:
    return [
        (
            group.title,
            ", ".join(
                f"{tool.name} {tool.version}" if tool.version else f"{tool.name} (not found)"
                for tool in group.tools
            )
            or "–",
        )
        for group in facts.data.groups
        if group.tools
    ]


def _runs(built: Sequence[Build]) -> str:
    """How many builds each figure is the median of: "2 cold builds and 3 rebuilds", "one
    cold build and one rebuild"."""
    cold = sorted({len(b.cold.wall) for b in built if b.cold is not None})
    again = sorted({len(b.incremental.wall) for b in built if b.incremental is not None})
    words = _builds(cold, "cold build")
    if again:
        words += " and " + _builds(again, "rebuild")
    return words


def _builds(numbers: Sequence[int], noun: str) -> str:
    if list(numbers) == [1]:
        return f"one {noun}"
    return " or ".join(str(n) for n in numbers) + f" {noun}s"


def _at_once(builds: int) -> str:
    """What running builds side by side does to their figures, or nothing for one at a time."""
    if builds < 2:
        return ""
    return (
        f"The builds ran {builds} at a time, each on a core of its own: a wall-clock time "
        "includes sharing the machine with the other build, a CPU time is the build's own. "
    )


def _method(facts: CostFacts) -> list[Block]:
    data = facts.data
    paragraphs = [
        f"*Lines* are the lines {data.counter} counts as code: no comments, docstrings, "
        "blank lines or lines of brackets alone (a closing `}`). "
        f"Which files count: {data.rule}. A group's row (in bold) holds what its "
        "implementations share: that code, the size of its built extensions, the import of an "
        "extension they share, and the build of its distribution.",
    ]
    built = [b for b in data.builds if b.cold is not None]
    if data.quick:
        paragraphs.append(
            "*Builds:* not measured in a quick run (`make bench` measures them). "
            "*Sizes* are the installed `.so` files."
        )
    elif built:
        touched = ", ".join(f"`{b.touched}`" for b in built)
        paragraphs.append(
            f"*Builds* run `{' '.join(built[0].command)}` (what `make build` runs, as "
            "`pip install`) in a scratch copy of the files each build reads: *cold* is a fresh "
            "copy with no build output (the dependencies' sources already downloaded), "
            f"*rebuild* the same copy again after touching one source file ({touched}). "
            f"The table shows the median CPU time (user + system, every process of the build) "
            f"of {_runs(built)}: a build's wall-clock time on a shared machine moves with its "
            "neighbours' load, its CPU time hardly does (both are in the details below). "
            f"{_at_once(data.builds_at_once)}*Sizes* are the installed `.so` files."
        )
    if facts.imported is None:
        paragraphs.append(
            "*Import* times come from the start-up study, which did not run "
            f"(`--study {layout.STARTUP}`)."
        )
    else:
        paragraphs.append(
            "*Import* is `python -c 'import MODULE'` minus `python -c pass`: medians of the "
            "start-up study's hyperfine runs, in this run."
        )
    return [Paragraph(text) for text in paragraphs]


def render(run: RawRun) -> list[Block]:
    title = Heading(TITLE)
    data = costs.read_if_present(run.dir)
    if data is None:
        return [title, *not_measured("source lines, build times and sizes", layout.COSTS)]
    facts = CostFacts(data, imports(run))
    rows = [row for group in data.groups for row in _group_rows(facts, group)]
    blocks: list[Block] = [title, *_method(facts), Table(HEADER, tuple(rows))]
    notes = _notes(facts)
    if notes:
        blocks.append(BulletList(tuple(notes)))
    timings = _timing_rows(facts)
    if timings:
        blocks += [
            Heading("Builds in detail", 3),
            Table(BUILD_HEADER, tuple(timings), ("l", "l", "r", "r", "r", "r")),
        ]
    sizes = _size_rows(facts)
    if sizes:
        blocks += [
            Heading("Extension sizes", 3),
            Paragraph(
                "Installed, and without debug information (`strip --strip-debug`): setuptools "
                "compiles with CPython's `-g`; this repository's Cargo release profile strips "
                'debug info (`strip = "debuginfo"`).'
            ),
            Table(
                ("module", "implementations", "installed", "no debug info"),
                tuple(sizes),
                ("l", "l", "r", "r"),
            ),
        ]
    tools = _tool_rows(facts)
    if tools:
        blocks += [
            Heading("Toolchains", 3),
            Paragraph("What each group needs to build or run, with the versions on this machine."),
            Table(("group", "needs"), tuple(tools), ("l", "l")),
        ]
    return blocks
