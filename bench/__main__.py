"""`python -m bench --help`."""

import sys

try:
    from bench.run.cli import main

    status = main()
except KeyboardInterrupt:
    # Ctrl-C while the harness loads (numpy, the registry) or chooses where to write: before
    # the driver starts, so nothing was measured or written. The driver says its own words.
    print("bench: interrupted before measuring; nothing was written", file=sys.stderr)
    status = 130
sys.exit(status)
