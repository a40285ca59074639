"""The machine, toolchain and build behind the numbers."""

from __future__ import annotations

from typing import Any

from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun


def _text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items()) or "–"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def render(run: RawRun) -> list[Block]:
    title = Heading("Environment")
    env = run.environment
    if not env:
        return [title, Paragraph("No environment.json in this raw directory.")]
    cpu, system, tools = env.get("cpu", {}), env.get("os", {}), env.get("toolchain", {})
    build, git = env.get("build", {}), env.get("git", {})
    rust, cython = build.get("rust", {}), build.get("cython", {})
    memory = system.get("memory_bytes")
    load = env.get("load_average_at_start")
    load_end = env.get("load_average_at_end")
    rows = [
        ("CPU", _text(cpu.get("model"))),
        (
            "cores (logical / physical / usable)",
            f"{cpu.get('logical_cores')} / {cpu.get('physical_cores')} / {cpu.get('usable_cores')}",
        ),
        ("CPU features of interest", _text(cpu.get("flags_of_interest"))),
        ("OS", _text(system.get("distribution") or system.get("system"))),
        ("kernel", _text(system.get("kernel"))),
        ("memory", "–" if memory is None else f"{memory / 2**30:.1f} GiB"),
        (
            "load average at start (1, 5, 15 min)",
            "–" if not load else ", ".join(f"{x:.2f}" for x in load),
        ),
        (
            "load average at end (1, 5, 15 min)",
            "–" if not load_end else ", ".join(f"{x:.2f}" for x in load_end),
        ),
        ("Python", f"{_text(tools.get('python'))} ({_text(tools.get('python_implementation'))})"),
        ("rustc", _text(tools.get("rustc"))),
        ("C compiler", _text(tools.get("c_compiler"))),
        ("PyO3 (Cargo.lock)", _text(tools.get("pyo3"))),
        ("maturin", _text(tools.get("maturin"))),
        ("Cython", _text(tools.get("cython"))),
        ("hyperfine", _text(tools.get("hyperfine"))),
        (
            "pytest / pytest-benchmark",
            f"{_text(tools.get('pytest'))} / {_text(tools.get('pytest_benchmark'))}",
        ),
        (
            "Rust build",
            f"{_text(rust.get('BUILD_PROFILE'))}; "
            f"[profile.release] {_text(rust.get('cargo_profile_release'))}; "
            f"RUSTFLAGS {_text(rust.get('RUSTFLAGS'))}",
        ),
        (
            "Cython build",
            f"{_text(cython.get('BUILD_PROFILE'))}; "
            f"extra_compile_args {_text(cython.get('extra_compile_args'))}; "
            f"Python's CFLAGS {_text(cython.get('python_cflags'))}",
        ),
        ("git commit", f"{_text(git.get('commit'))}{' (dirty)' if git.get('dirty') else ''}"),
    ]
    return [
        title,
        Table(("", ""), tuple(rows), ("l", "l")),
        Paragraph("Raw: [`environment.json`](raw/environment.json)."),
    ]
