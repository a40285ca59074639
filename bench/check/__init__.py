"""Correctness before timing: an independent oracle, and a checker that calls each
implementation (in a child process) and each console script against it."""
