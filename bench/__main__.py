"""`python -m bench --help`."""

import sys

from bench.run.cli import main

sys.exit(main())
