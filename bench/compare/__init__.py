"""Several machines' runs in one report: `python -m bench.compare DIR DIR...`."""
