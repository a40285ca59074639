"""The talk's live demo (`make demo`, `python -m bench.demo`): the slides' commands, then this
repository's recorded measurements."""
