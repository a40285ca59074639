"""Cython's annotated HTML (`cython -a`) for every .pyx under cython/src/, plus an index page.

A yellow line in an annotation calls into the Python C-API; the index lists those lines per
module, so the audience sees at a glance which parts of a Cython module are still Python.

    python -m bench.annotate [--out results/annotate]
"""

from __future__ import annotations

import argparse
import contextlib
import html
import re
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from Cython.Compiler.CmdLine import parse_command_line
from Cython.Compiler.Main import compile_single

from bench.paths import REPO, RESULTS

SOURCE_ROOT = REPO / "cython" / "src"
DEFAULT_OUT = RESULTS / "annotate"

# One `<pre>` per source line: its class carries Cython's score (0 = no Python interaction).
_LINE = re.compile(r'<pre class="cython line score-(\d+)"[^>]*>(.*?)</pre>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# The link to the generated C file, which is not kept (400 kB per module; the C of each line
# is already inside the page).
_RAW_OUTPUT = re.compile(r'<p>Raw output: <a href="[^"]*">[^<]*</a></p>')
_RAW_OUTPUT_NOTE = (
    '<p>Click a line marked "+" to see the C that Cython generated for it '
    "(the whole C file is not kept).</p>"
)


@dataclass(frozen=True)
class Line:
    number: int
    score: int
    source: str


@dataclass(frozen=True)
class Module:
    name: str
    pyx: Path
    page: str
    lines: tuple[Line, ...]

    @property
    def python_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.score > 0)


def find_pyx(source_root: Path) -> list[Path]:
    """Every Cython module, in a stable order; build trees are not sources."""
    return sorted(p for p in source_root.rglob("*.pyx") if "build" not in p.parts)


def module_name(pyx: Path, source_root: Path) -> str:
    return ".".join(pyx.relative_to(source_root).with_suffix("").parts)


def cython_a(relative: Path, c_file: Path) -> None:
    """What `cython -a RELATIVE -o C_FILE` does, in this process, from the current folder.

    Cython's own command line, parsed by Cython: the same options and the same pages as the
    command, byte for byte, without a new interpreter and a new import of Cython for each
    module (about a third of the CPU of `make annotate`).
    """
    # Cython's compiler has no type hints.
    options, sources = parse_command_line(["-a", str(relative), "-o", str(c_file)])  # type: ignore[no-untyped-call]
    result = compile_single(sources[0], options, module_name(relative, Path()))  # type: ignore[no-untyped-call]
    if result.num_errors:
        raise RuntimeError(f"cython -a {relative}: {result.num_errors} error(s), printed above")


def annotate(pyx: Path, source_root: Path, out_dir: Path) -> Module:
    """Run `cython -a` on one module and write its page into out_dir."""
    name = module_name(pyx, source_root)
    relative = pyx.relative_to(source_root)
    with tempfile.TemporaryDirectory() as tmp:
        c_file = Path(tmp) / f"{pyx.stem}.c"
        # From the source root with a relative path: Cython resolves the package from the
        # __init__.py files, as the build does, and the page names no absolute path.
        with contextlib.chdir(source_root):
            cython_a(relative, c_file)
        text = c_file.with_suffix(".html").read_text(encoding="utf-8")
    text = _RAW_OUTPUT.sub(_RAW_OUTPUT_NOTE, text)
    # The pages are committed: they must read the same on every machine.
    for local in {str(REPO), str(Path(tmp)), str(Path.home())}:
        if local in text:
            raise RuntimeError(f"{name}: the annotation embeds the local path {local}")
    page = f"{name}.html"
    (out_dir / page).write_text(text, encoding="utf-8")
    return Module(name, relative, page, parse_lines(text))


def parse_lines(page: str) -> tuple[Line, ...]:
    """Each source line's number, score and text, read back from an annotated page."""
    lines = []
    for score, body in _LINE.findall(page):
        text = html.unescape(_TAG.sub("", body)).lstrip("+\xa0 ")
        number, _, source = text.partition(":")
        lines.append(Line(int(number), int(score), source.removeprefix(" ")))
    return tuple(lines)


def index_page(modules: list[Module], cython_version: str) -> str:
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(m.page)}">{html.escape(m.name)}</a></td>'
        f"<td><code>cython/src/{html.escape(m.pyx.as_posix())}</code></td>"
        f'<td class="n">{len(m.lines)}</td><td class="n">{len(m.python_lines)}</td>'
        f'<td class="n">{sum(line.score for line in m.lines)}</td></tr>'
        for m in modules
    )
    details = "\n".join(_module_details(m) for m in modules)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cython annotations</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
pre {{ margin: 0; }}
</style>
</head>
<body>
<h1>Cython annotations</h1>
<p>Generated by <code>make annotate</code> (<code>cython -a</code>,
Cython {html.escape(cython_version)}) from every <code>.pyx</code> under <code>cython/src/</code>.
In each module's page a line's yellow shade grows with the number of Python C-API calls
Cython generated for it; a white line is plain C. Click a line marked <code>+</code> to see
its C.</p>
<table>
<thead><tr><th>module</th><th>source</th><th>lines</th><th>lines calling Python</th>
<th>total score</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
{details}
</body>
</html>
"""


def _shade(score: int) -> str:
    """Yellow that deepens with the score, as in Cython's own pages."""
    return f"hsl(60, 100%, {max(50, 95 - 2 * score)}%)"


def _module_details(module: Module) -> str:
    rows = "\n".join(
        f'<tr><td class="n">{line.number}</td><td class="n">{line.score}</td>'
        f'<td style="background: {_shade(line.score)}">'
        f"<pre>{html.escape(line.source)}</pre></td></tr>"
        for line in module.python_lines
    )
    return f"""<h2 id="{html.escape(module.name)}">{html.escape(module.name)}</h2>
<p>{len(module.python_lines)} of {len(module.lines)} lines call into Python
(<a href="{html.escape(module.page)}">annotated source</a>):</p>
<table>
<thead><tr><th>line</th><th>score</th><th>source</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.annotate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: %(default)s)"
    )
    parser.add_argument(
        "--source-root",
        type=Path,
        default=SOURCE_ROOT,
        help="where the .pyx files are found (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    source_root: Path = args.source_root.resolve()
    out: Path = args.out
    pyx_files = find_pyx(source_root)
    if not pyx_files:
        parser.exit(1, f"annotate: no .pyx files under {source_root}\n")

    out.mkdir(parents=True, exist_ok=True)
    # Pages of modules that no longer exist would linger and mislead.
    for stale in out.glob("*.html"):
        stale.unlink()
    try:
        modules = [annotate(pyx, source_root, out) for pyx in pyx_files]
    except RuntimeError as error:
        parser.exit(1, f"annotate: {error}\n")
    (out / "index.html").write_text(index_page(modules, version("Cython")), encoding="utf-8")
    for m in modules:
        print(f"{out / m.page}: {len(m.python_lines)} of {len(m.lines)} lines call into Python")
    print(f"{out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
