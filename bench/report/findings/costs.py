"""What each choice costs besides speed, as the costs study recorded it (lines, sizes,
builds), with each extension's import time from the start-up study."""

from __future__ import annotations

from dataclasses import dataclass

from bench.raw import layout
from bench.raw.costs import Build, CostsFile, Extension, SourceCount
from bench.report.rawrun import HyperfineData, RawRun


def imports(run: RawRun) -> dict[str, float] | None:
    """Seconds each module's import adds to `python -c pass` (medians of the start-up study's
    hyperfine runs), by module; None when the start-up study did not run."""
    data: HyperfineData | None = run.hyperfine_file(layout.STARTUP, layout.STARTUP)
    if data is None:
        return None
    interpreter = data.find(kind="interpreter")
    if interpreter is None:
        return None
    return {
        timed.spec.tags["module"]: timed.result.median - interpreter.result.median
        for timed in data.timed
        if timed.spec.tags.get("kind") == "import" and "module" in timed.spec.tags
    }


@dataclass(frozen=True)
class CostFacts:
    """The costs study's records, looked up the way its table reads them."""

    data: CostsFile
    #: Import seconds by module, None when the start-up study did not run.
    imported: dict[str, float] | None

    def shared(self, group: str) -> SourceCount | None:
        return next((s for s in self.data.sources if s.group == group and s.kind == "shared"), None)

    def own(self, name: str) -> SourceCount | None:
        return next(
            (s for s in self.data.sources if s.subject == name and s.kind == "implementation"),
            None,
        )

    def extensions(self, group: str) -> list[Extension]:
        return [e for e in self.data.extensions if e.group == group]

    def build(self, group: str) -> Build | None:
        return next((b for b in self.data.builds if b.group == group), None)

    def import_seconds(self, extension: Extension | None) -> float | None:
        """What importing the extension's module adds to start-up; None when unknown."""
        if extension is None or self.imported is None:
            return None
        return self.imported.get(extension.module)
