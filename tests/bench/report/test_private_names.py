"""No harness module imports another harness package's private (underscore) names: what a room
shares it makes public, so a reader sees the seam. Import-linter checks modules, not names;
this checks names. (The product's compiled `primes._lib` is out of its scope: the studies that
time the Rust boundary call it directly on purpose.)"""

from __future__ import annotations

import ast
from pathlib import Path

from bench import paths


def _package(module: str, repo: Path) -> str:
    """The package a module belongs to: itself for a package, else its parent."""
    if (repo / module.replace(".", "/")).is_dir():
        return module
    return module.rpartition(".")[0]


def private_imports(repo: Path) -> list[str]:
    """`importer: module.name` for each underscore name a module under repo/bench imports from
    a module of another harness package."""
    found = []
    for path in sorted((repo / "bench").rglob("*.py")):
        importer = ".".join(path.relative_to(repo).with_suffix("").parts)
        home = _package(importer.removesuffix(".__init__"), repo)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level:
                continue
            module = node.module or ""
            if not module.startswith("bench."):
                continue
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and _package(module, repo) != home:
                    found.append(f"{importer}: {module}.{alias.name}")
    return found


def test_no_harness_module_imports_another_packages_private_names() -> None:
    assert private_imports(paths.REPO) == []


def test_the_check_finds_a_private_name_imported_across_packages(tmp_path: Path) -> None:
    # The check must be able to fail: the demo once imported the report's private parser.
    for package in ("demo", "report"):
        (tmp_path / "bench" / package).mkdir(parents=True)
        (tmp_path / "bench" / package / "__init__.py").write_text("")
    (tmp_path / "bench" / "report" / "inline.py").write_text("_tokens = plain = None\n")
    (tmp_path / "bench" / "demo" / "markup.py").write_text(
        "from bench.report.inline import _tokens, plain\n_private = None\n"
    )
    # Within one package a private name is that package's own business.
    (tmp_path / "bench" / "demo" / "steps.py").write_text(
        "from bench.demo.markup import _private\n"
    )
    assert private_imports(tmp_path) == ["bench.demo.markup: bench.report.inline._tokens"]
