"""Orchestration of `python -m bench`: the command line, what a run measures, the driver that
stages, checks and measures every study, and the atomic swap of the results into place."""
