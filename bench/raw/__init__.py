"""Reading and writing the raw results directory (`results/raw/`).

The raw directory holds the tools' own output files untouched, plus three files the driver
writes: `manifest.json` (what ran, which file holds what), `environment.json` and
`correctness.json`. Everything in the report is computed from these.
"""
