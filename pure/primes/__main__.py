"""`python -m primes 5000`: the same as the `primes` command."""

from __future__ import annotations

import sys

from primes.cli import main

if __name__ == "__main__":
    sys.exit(main())
