import sys

from bench.gate.cli import main

sys.exit(main())
