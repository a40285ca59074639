"""The measurement harness around `primes`: one room per role, imports pointing one way.

    run/      `python -m bench`: command line, driver, staging        (orchestration)
    studies/  what is measured: talk, startup, sweep, split, boundary, threads, targets
    timers/   how: hyperfine, pytest-benchmark (+ its suite), interleaved timer, C yardstick
    check/    correctness before timing: the oracle and the checker
    raw/      the on-disk contract: file names and records of results/raw/
    report/   raw files -> REPORT.md, report.html, plots, terminal (`python -m bench.report`)
    gate/     the CI performance regression gate (`python -m bench.gate`)
    demo/     the talk's live demo (`python -m bench.demo`)

run -> studies -> {timers, check} -> raw; report -> raw; gate -> {timers, environment}. The
modules at this level are shared facts (`paths`, `algorithms`, `counts`, `slides`) and utilities
(`environment`, `progress`) that import no room. `make lint` enforces the directions.
"""
